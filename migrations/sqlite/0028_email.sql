-- Email (src/modules/email): a workspace's SMTP settings, its templates and the emails it sends.
-- Times are TEXT as clock::format_ms writes them, like every other table.
CREATE TABLE email_settings (
  workspace_id    TEXT PRIMARY KEY REFERENCES workspaces(id),
  host            TEXT NOT NULL,
  port            INTEGER NOT NULL,
  security        TEXT NOT NULL CHECK (security IN ('none', 'starttls', 'tls')),
  username        TEXT NOT NULL DEFAULT '',
  password_sealed TEXT,            -- sealed by the vault ("smtp:<workspace id>"); NULL: no password
  sender          TEXT NOT NULL,   -- the From address
  version         INTEGER NOT NULL DEFAULT 1,
  updated_at      TEXT NOT NULL
);

CREATE TABLE email_templates (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  subject      TEXT NOT NULL,
  text_body    TEXT NOT NULL DEFAULT '',
  html_body    TEXT NOT NULL DEFAULT '',
  version      INTEGER NOT NULL DEFAULT 1,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX email_templates_workspace ON email_templates(workspace_id, name, id);

-- Every email the workspace sent or tries to send, with its state.
CREATE TABLE emails (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  created_by   TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  sender       TEXT NOT NULL,
  recipients   TEXT NOT NULL,   -- JSON {"to": [...], "cc": [...]}
  subject      TEXT NOT NULL,
  text_body    TEXT NOT NULL,
  html_body    TEXT NOT NULL DEFAULT '',
  template_id  TEXT,
  links        TEXT NOT NULL,   -- JSON {"contact_id": ..., ...}: the records it concerns
  message_id   TEXT NOT NULL,   -- the Message-ID header, without angle brackets
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,            -- why the last attempt failed
  job_id       TEXT,
  created_at   TEXT NOT NULL,
  sent_at      TEXT
);
CREATE INDEX emails_workspace ON emails(workspace_id, id);
