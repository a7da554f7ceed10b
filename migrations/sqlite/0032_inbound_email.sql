-- Inbound email (src/modules/email, issue 14 §3): the workspace's inbound secret, the credential of
-- POST /api/v1/inbound-email (only its BLAKE2b hash is stored; rotating revokes the live one), and
-- the messages that route stored: mail received from contacts, and copies of a user's own mail
-- (outbound) that reached the route through the user's BCC address.
CREATE TABLE email_inbound_secrets (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  secret_hash  TEXT NOT NULL UNIQUE,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
-- At most one live secret a workspace.
CREATE UNIQUE INDEX email_inbound_secrets_live ON email_inbound_secrets(workspace_id) WHERE revoked_at IS NULL;

CREATE TABLE received_emails (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  direction    TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  message_id   TEXT NOT NULL,   -- without angle brackets
  thread_id    TEXT NOT NULL,   -- the id (here or in emails) of the first message of its thread
  in_reply_to  TEXT,
  sender       TEXT NOT NULL,
  recipients   TEXT NOT NULL,   -- JSON {"to": [...], "cc": [...]}
  subject      TEXT NOT NULL,
  text_body    TEXT NOT NULL,
  html_body    TEXT NOT NULL,
  contact_ids  TEXT NOT NULL,   -- JSON array: the contacts its addresses matched
  logged_by    TEXT,            -- outbound: the user whose BCC address it reached
  size         INTEGER NOT NULL,   -- bytes of the raw message
  received_at  TEXT NOT NULL
);
-- A redelivery (the same Message-ID) stores nothing new; threading looks parents up by Message-ID.
CREATE UNIQUE INDEX received_emails_message ON received_emails(workspace_id, message_id);
CREATE INDEX emails_message ON emails(workspace_id, message_id);

-- Users' BCC addresses: bcc-<token>@<inbound_domain>. A message posted to the inbound route that
-- names one (To, Cc, Bcc, X-Original-To, Delivered-To, or the envelope recipient the MTA passes) is
-- logged as sent by that user. The token is an address, not a credential (the route itself needs
-- the workspace's secret), so it is kept as it is, shown again, and rotated by making a new one.
ALTER TABLE email_settings ADD COLUMN inbound_domain TEXT;
CREATE TABLE email_bcc_addresses (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  token        TEXT NOT NULL UNIQUE,   -- 20 lower-case hex digits
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);

-- Files an email carries: parts of received mail, and files uploaded (POST /api/v1/attachments)
-- for an email to send. The bytes are kept as base64 text: the same on both engines (PostgreSQL
-- text cannot hold a NUL byte), about a third larger than the file.
CREATE TABLE email_attachments (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  email_id     TEXT,            -- the received or sent email it belongs to; NULL: uploaded, not sent yet
  uploaded_by  TEXT,            -- the user who uploaded it (outbound files)
  position     INTEGER NOT NULL,   -- its place among the email's attachments
  file_name    TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,   -- bytes of the file
  sha256       TEXT NOT NULL,   -- hex
  content      TEXT NOT NULL,   -- the file, base64
  created_at   TEXT NOT NULL
);
CREATE INDEX email_attachments_email ON email_attachments(workspace_id, email_id, position);
