-- Customer satisfaction (src/modules/support/satisfaction.*): a solved ticket's requester rates the
-- support they got through a link in an email; the rating is kept on the ticket. A workspace's
-- support settings say whether the survey is sent.
ALTER TABLE tickets ADD COLUMN satisfaction TEXT;          -- good or bad
ALTER TABLE tickets ADD COLUMN satisfaction_comment TEXT;
ALTER TABLE tickets ADD COLUMN satisfaction_at TEXT;       -- when the requester last rated
CREATE INDEX tickets_satisfaction ON tickets(workspace_id, satisfaction_at, id) WHERE deleted_at IS NULL;

CREATE TABLE support_settings (
  workspace_id        TEXT PRIMARY KEY REFERENCES workspaces(id),
  satisfaction_survey INTEGER NOT NULL DEFAULT 0,  -- email a rating link when a ticket is solved
  updated_at          TEXT NOT NULL
);
