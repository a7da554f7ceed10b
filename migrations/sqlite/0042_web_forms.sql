-- Support's public web forms (src/modules/support/web_forms.*): an embeddable form per workspace
-- (or several, one per queue) through which anyone may open a ticket without signing in. The key
-- is public by design (it sits in the customer's page); what it can do is bounded by the form:
-- one ticket a submission, into the form's team, at the form's priority, rate-limited per client.
CREATE TABLE web_forms (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
  name            TEXT NOT NULL,
  form_key        TEXT NOT NULL,          -- rwf_ + 32 random characters, in the form's submit URL
  team_id         TEXT,                   -- the queue its tickets go to (checked on write)
  priority        TEXT NOT NULL DEFAULT 'normal',
  allowed_origins TEXT NOT NULL DEFAULT '[]',  -- JSON array: sites whose scripts may post to it (CORS)
  redirect_url    TEXT,                   -- where a browser's plain form post is sent after success
  enabled         INTEGER NOT NULL DEFAULT 1,
  submissions     INTEGER NOT NULL DEFAULT 0,  -- tickets opened through it
  spam_caught     INTEGER NOT NULL DEFAULT 0,  -- submissions dropped by the honeypot
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX web_forms_key ON web_forms(form_key);
CREATE INDEX web_forms_workspace ON web_forms(workspace_id, created_at, id);
