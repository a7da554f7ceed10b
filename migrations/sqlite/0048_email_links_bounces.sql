-- The list of a record's emails (GET /api/v1/emails?contact_id=...) finds the sent mail naming the
-- record through these indexes, on the very expression the query compares (email_store.hpp,
-- link_sql), instead of reading the JSON of every email the workspace sent. Partial: an email names a
-- few of the four kinds of record.
CREATE INDEX emails_link_contact ON emails(workspace_id, json_extract(links, '$.contact_id'))
  WHERE json_extract(links, '$.contact_id') IS NOT NULL;
CREATE INDEX emails_link_company ON emails(workspace_id, json_extract(links, '$.company_id'))
  WHERE json_extract(links, '$.company_id') IS NOT NULL;
CREATE INDEX emails_link_lead ON emails(workspace_id, json_extract(links, '$.lead_id'))
  WHERE json_extract(links, '$.lead_id') IS NOT NULL;
CREATE INDEX emails_link_deal ON emails(workspace_id, json_extract(links, '$.deal_id'))
  WHERE json_extract(links, '$.deal_id') IS NOT NULL;

-- A bounce (a delivery status notification on the inbound route naming a sent email's Message-ID)
-- marks the sent email: when it came back, with the reason in `error` (the failed recipients, their
-- status and the remote server's answer). The email then reads as `bounced`; its SMTP status stays.
ALTER TABLE emails ADD COLUMN bounced_at TEXT;
