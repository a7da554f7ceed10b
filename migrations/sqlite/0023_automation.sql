-- Workflow automation (src/modules/automation): a workspace's rules (trigger, conditions, ordered
-- actions), every version a rule had (a run records the one it used), and the log of runs. Times
-- are TEXT as clock::format_ms writes them (RFC 3339 UTC with milliseconds), like every other table.
CREATE TABLE automation_rules (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  enabled       INTEGER NOT NULL DEFAULT 1,
  object_type   TEXT NOT NULL,             -- contacts, companies, leads, deals
  trigger_def   TEXT NOT NULL,             -- JSON: {"type", ...}
  conditions    TEXT NOT NULL,             -- JSON array of {"field", "op", "value"}
  actions       TEXT NOT NULL,             -- JSON array of {"type", ...}, run in order
  state         TEXT NOT NULL DEFAULT '{}', -- JSON kept between runs (round-robin positions)
  paused_reason TEXT,                      -- set when the server disabled it (fired too often)
  created_by    TEXT NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX automation_rules_workspace ON automation_rules(workspace_id, created_at, id);
-- The relay's question for each event: the enabled rules of its workspace.
CREATE INDEX automation_rules_enabled ON automation_rules(workspace_id, object_type) WHERE enabled = 1;

-- Every version of a rule as it was written (the rule's JSON body), from creation on.
CREATE TABLE automation_rule_versions (
  workspace_id TEXT NOT NULL,
  rule_id      TEXT NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
  version      INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (rule_id, version)
);

-- Every run of a rule: what started it, on which record, each action's outcome, and why it was
-- skipped when it did nothing.
CREATE TABLE automation_runs (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  rule_id      TEXT NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
  rule_version INTEGER NOT NULL,
  trigger_key  TEXT NOT NULL,   -- what started it, once per rule: "event:<outbox id>"
  trigger_type TEXT NOT NULL,   -- the event type, e.g. contact.updated
  event_id     INTEGER,         -- the outbox row's id
  object_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  depth        INTEGER NOT NULL,  -- of the event that started it
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  reason       TEXT,            -- why it was skipped or failed
  steps        TEXT NOT NULL DEFAULT '[]',  -- JSON: one {"index", "type", "status", "detail", "error"} per action
  job_id       TEXT,
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE UNIQUE INDEX automation_runs_trigger ON automation_runs(rule_id, trigger_key);
CREATE INDEX automation_runs_rule ON automation_runs(rule_id, id);
-- The rate check: a rule's recent runs on one record.
CREATE INDEX automation_runs_record ON automation_runs(rule_id, record_id, started_at);

-- How many automation runs led to the change an event is about (0: a person's): rules start only
-- below a bounded depth.
ALTER TABLE outbox ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
