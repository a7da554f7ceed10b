-- Email threads (src/modules/email, issue 14 §3): a reply sent from here (POST /api/v1/emails
-- in_reply_to) joins its parent's thread and carries In-Reply-To and References; received mail keeps
-- its References too, so that a reply to it names the whole chain (RFC 5322 §3.6.4). Emails sent
-- before this version each start their own thread, as they did. The list of a record's emails
-- (GET /api/v1/emails?contact_id=...) reads threads by thread_id.
ALTER TABLE emails ADD COLUMN thread_id TEXT;
UPDATE emails SET thread_id = id;
ALTER TABLE emails ADD COLUMN in_reply_to TEXT;   -- the parent's Message-ID, without angle brackets
ALTER TABLE emails ADD COLUMN reference_ids TEXT NOT NULL DEFAULT '[]';   -- JSON array of Message-IDs, oldest first
ALTER TABLE received_emails ADD COLUMN reference_ids TEXT NOT NULL DEFAULT '[]';
CREATE INDEX emails_thread ON emails(workspace_id, thread_id);
CREATE INDEX received_emails_thread ON received_emails(workspace_id, thread_id);

-- Inbound mail is matched to contacts by their additional addresses (emails) too, not only the
-- primary one: the folded keys of every contact's `emails`, kept by triggers, so that a message
-- finds its contacts through an index. PostgreSQL reads the JSON column through a GIN index instead.
CREATE TABLE contact_email_keys (
  contact_id   TEXT NOT NULL,
  email_key    TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  PRIMARY KEY (contact_id, email_key)
) WITHOUT ROWID;
CREATE INDEX contact_email_keys_key ON contact_email_keys(workspace_id, email_key);
INSERT OR IGNORE INTO contact_email_keys (contact_id, email_key, workspace_id)
  SELECT c.id, e.value, c.workspace_id FROM contacts c, json_each(c.emails_key) e
  WHERE json_valid(c.emails_key) AND e.type = 'text';
CREATE TRIGGER contact_email_keys_insert AFTER INSERT ON contacts
  WHEN new.emails_key IS NOT NULL AND new.emails_key <> '[]' AND json_valid(new.emails_key) BEGIN
  INSERT OR IGNORE INTO contact_email_keys (contact_id, email_key, workspace_id)
    SELECT new.id, value, new.workspace_id FROM json_each(new.emails_key) WHERE type = 'text';
END;
CREATE TRIGGER contact_email_keys_update AFTER UPDATE OF emails_key ON contacts BEGIN
  DELETE FROM contact_email_keys WHERE contact_id = old.id;
  INSERT OR IGNORE INTO contact_email_keys (contact_id, email_key, workspace_id)
    SELECT new.id, value, new.workspace_id FROM json_each(CASE WHEN json_valid(new.emails_key) THEN new.emails_key ELSE '[]' END)
    WHERE type = 'text';
END;
CREATE TRIGGER contact_email_keys_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contact_email_keys WHERE contact_id = old.id;
END;
