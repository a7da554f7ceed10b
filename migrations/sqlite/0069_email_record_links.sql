-- The records each email concerns, one row a record (src/modules/email, issue 14 §3): a sent
-- email's links (contact, company, lead, deal) and a received or BCC-logged one's matched contacts.
-- Written with the email in its transaction (email_store.cpp), so that the list of a record's emails
-- (GET /api/v1/emails?contact_id=...) reads an index, newest first (email ids are UUIDv7), instead
-- of the JSON of the workspace's mail (received mail's contact_ids had no index at all). email_id
-- names a row of `emails` or of `received_emails` (UUIDv7: never both). An erasure deletes the rows
-- of the mail it deletes and the erased contact's row of the mail it scrubs.
CREATE TABLE email_record_links (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object       TEXT NOT NULL CHECK (object IN ('contacts', 'companies', 'leads', 'deals')),
  record_id    TEXT NOT NULL,
  email_id     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object, record_id, email_id)
) WITHOUT ROWID;
-- An email's records: who reads its thread (thread_records), what an erasure removes.
CREATE INDEX email_record_links_email ON email_record_links(workspace_id, email_id);

INSERT OR IGNORE INTO email_record_links (workspace_id, object, record_id, email_id)
  SELECT m.workspace_id, k.object, json_extract(m.links, '$.' || k.key), m.id
  FROM emails m, (SELECT 'contact_id' AS key, 'contacts' AS object UNION ALL SELECT 'company_id', 'companies'
                  UNION ALL SELECT 'lead_id', 'leads' UNION ALL SELECT 'deal_id', 'deals') k
  WHERE json_valid(m.links) AND json_type(m.links, '$.' || k.key) = 'text';
INSERT OR IGNORE INTO email_record_links (workspace_id, object, record_id, email_id)
  SELECT r.workspace_id, 'contacts', e.value, r.id FROM received_emails r, json_each(r.contact_ids) e
  WHERE json_valid(r.contact_ids) AND e.type = 'text';

-- The expression indexes of migration 0048 served the JSON lookups this table replaces.
DROP INDEX emails_link_contact;
DROP INDEX emails_link_company;
DROP INDEX emails_link_lead;
DROP INDEX emails_link_deal;
