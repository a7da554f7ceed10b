-- Email campaigns (src/modules/marketing, campaign_*): a message with merge fields sent to an
-- audience (segments and lists, less exclusions) through the job queue. The audience is frozen into
-- campaign_recipients when the send starts; each row then moves through its states in the database,
-- the claim (state 'sending') committed before the SMTP send, so a crash never mails anyone twice.
CREATE TABLE campaigns (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
  name            TEXT NOT NULL,
  name_key        TEXT NOT NULL,
  subject         TEXT NOT NULL DEFAULT '',
  from_address    TEXT NOT NULL DEFAULT '',
  html_body       TEXT NOT NULL DEFAULT '',
  text_body       TEXT NOT NULL DEFAULT '',
  audience        TEXT NOT NULL DEFAULT '{}',
  rate_per_minute INTEGER NOT NULL DEFAULT 1000,
  status          TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'sent')),
  scheduled_at    TEXT,
  frozen_at       TEXT,
  finished_at     TEXT,
  send_job_id     TEXT,
  error           TEXT,
  created_by      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX campaigns_name ON campaigns(workspace_id, name_key);

-- One row a contact of the frozen audience. The sender reads the queued rows of a campaign in
-- contact order and the report counts by state through the second index; a contact's rows (its
-- erasure) through the third.
CREATE TABLE campaign_recipients (
  workspace_id TEXT NOT NULL,
  campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
  contact_id   TEXT NOT NULL,
  email        TEXT,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'unsubscribed',
                                              'complained', 'opened', 'clicked', 'skipped')),
  skip_reason  TEXT,
  error        TEXT,
  message_id   TEXT,
  claimed_by   TEXT,
  claimed_at   TEXT,
  sent_at      TEXT,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, campaign_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX campaign_recipients_state ON campaign_recipients(workspace_id, campaign_id, state, contact_id);
CREATE INDEX campaign_recipients_contact ON campaign_recipients(workspace_id, contact_id);

-- A contact's erasure (or purge) takes its address out of every campaign it was in, whatever path
-- erases it; a row not sent yet is skipped. The row stays, so the campaign's counts stay right.
CREATE TRIGGER contacts_erased_leave_campaigns AFTER UPDATE OF erased_at ON contacts
  WHEN new.erased_at IS NOT NULL AND old.erased_at IS NULL BEGIN
  UPDATE campaign_recipients SET email = NULL, error = NULL,
    skip_reason = CASE WHEN state = 'queued' THEN 'erased' ELSE skip_reason END,
    state = CASE WHEN state = 'queued' THEN 'skipped' ELSE state END
    WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
CREATE TRIGGER contacts_purged_leave_campaigns AFTER DELETE ON contacts BEGIN
  UPDATE campaign_recipients SET email = NULL, error = NULL,
    skip_reason = CASE WHEN state = 'queued' THEN 'erased' ELSE skip_reason END,
    state = CASE WHEN state = 'queued' THEN 'skipped' ELSE state END
    WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
