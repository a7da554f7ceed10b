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
);
-- An email's records: who reads its thread (thread_records), what an erasure removes.
CREATE INDEX email_record_links_email ON email_record_links (workspace_id, email_id);

INSERT INTO email_record_links (workspace_id, object, record_id, email_id)
  SELECT m.workspace_id, k.object, m.links::jsonb ->> k.key, m.id
  FROM emails m
  CROSS JOIN (VALUES ('contact_id', 'contacts'), ('company_id', 'companies'), ('lead_id', 'leads'), ('deal_id', 'deals')) AS k(key, object)
  WHERE jsonb_typeof(m.links::jsonb -> k.key) = 'string'
  ON CONFLICT DO NOTHING;
INSERT INTO email_record_links (workspace_id, object, record_id, email_id)
  SELECT r.workspace_id, 'contacts', e.value #>> '{}', r.id
  FROM received_emails r CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(r.contact_ids::jsonb) = 'array' THEN r.contact_ids::jsonb ELSE '[]'::jsonb END) AS e(value)
  WHERE jsonb_typeof(e.value) = 'string'
  ON CONFLICT DO NOTHING;

-- The expression indexes of migration 0048 served the JSON lookups this table replaces.
DROP INDEX emails_link_contact;
DROP INDEX emails_link_company;
DROP INDEX emails_link_lead;
DROP INDEX emails_link_deal;
