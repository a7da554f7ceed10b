-- Predictive scoring (src/modules/scoring/): one row a training run of a workspace's lead or deal
-- model, kept or not, with its evaluation (AUC, log loss, calibration table, the data it saw, its
-- features) and, while it is the one scoring, the XGBoost model (JSON) and its calibration.
CREATE TABLE scoring_models (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object_type  TEXT NOT NULL,      -- leads or deals
  trained_at   TEXT NOT NULL,
  outcome      TEXT NOT NULL,      -- active, retired, rejected, insufficient_data
  reason       TEXT NOT NULL,      -- in words: why kept, why not
  evaluation   TEXT NOT NULL,      -- JSON
  features     TEXT NOT NULL,      -- JSON array: the model's inputs, in order
  model        TEXT                -- XGBoost's JSON model; NULL once no longer active
);
CREATE INDEX scoring_models_list ON scoring_models(workspace_id, object_type, trained_at, id);

-- Each open lead and deal: its calibrated score (0..100, NULL while scoring is off) and the factors
-- that moved it, in words ("3 meetings in the last 14 days: +12; no activity for 30 days: -9"); set
-- by the scoring job, not through the API (no new version: a derived value, as a board rank).
ALTER TABLE leads ADD COLUMN score BIGINT;
ALTER TABLE leads ADD COLUMN score_factors TEXT;
ALTER TABLE deals ADD COLUMN score BIGINT;
ALTER TABLE deals ADD COLUMN score_factors TEXT;
CREATE INDEX leads_score ON leads(workspace_id, score, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_score ON deals(workspace_id, score, id) WHERE deleted_at IS NULL;
