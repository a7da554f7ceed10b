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
-- primary one: `emails_key @> '["<key>"]'` through this index (SQLite keeps a table by triggers).
CREATE INDEX contacts_emails_key ON contacts USING gin ((emails_key::jsonb) jsonb_path_ops);
