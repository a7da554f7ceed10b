-- Segment counts on related facts at 1M contacts (issue 16: under 100 ms). The facts a segment asks
-- about a contact's linked records were subqueries over the linked tables (`id IN (...)`), 220 ms to
-- 1.2 s per count (docs/benchmarks.md "Segment counts at 1,000,000 contacts"). They are now kept on
-- the contact row, in the transaction of every write of the linked rows (whoever writes: the API,
-- imports, merges and their undo, erasure, purges), each with a partial index of the live contacts
-- so that a segment's count is a range count of one index (modules/marketing/related_facts.cpp):
--
-- - open_deals: how many live deals (deleted_at NULL) that are not closed (closed_at NULL: won or
--   lost) the contact is a contact of (deal_contacts). A count, never an amount.
-- - consent_email_marketing, consent_phone, consent_sms: the status of the channel's newest consent
--   (privacy's rule: the latest recorded_at, then the greatest id), NULL when none was recorded.
-- - last_activity_at: the newest occurred_at of the live activities linked to the contact
--   (activity_links); "an activity in the last N days up to now" reads it, and the few contacts
--   whose newest activity lies in the future are checked against their links.
--
-- Every trigger recomputes the touched contact's value from the linked rows (a few index entries
-- per contact) rather than adding or subtracting: the values are then right whatever order rows
-- arrive in, so migrate-data may copy the contacts with their values and the target's triggers,
-- firing as the linked rows arrive after them, recompute the same values. Removing a contact's
-- newest activity falls back to the next newest the same way.
ALTER TABLE contacts ADD COLUMN open_deals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN consent_email_marketing TEXT;
ALTER TABLE contacts ADD COLUMN consent_phone TEXT;
ALTER TABLE contacts ADD COLUMN consent_sms TEXT;
ALTER TABLE contacts ADD COLUMN last_activity_at TEXT;

UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
  WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
    AND d.deleted_at IS NULL AND d.closed_at IS NULL)
WHERE id IN (SELECT contact_id FROM deal_contacts);

UPDATE contacts SET
  consent_email_marketing = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
    AND k.channel = 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
  consent_phone = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
    AND k.channel = 'phone' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
  consent_sms = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
    AND k.channel = 'sms' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)
WHERE id IN (SELECT contact_id FROM consents);

UPDATE contacts SET last_activity_at = (SELECT l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id
  WHERE l.workspace_id = contacts.workspace_id AND l.target_type = 'contacts' AND l.target_id = contacts.id AND a.deleted_at IS NULL
  ORDER BY l.occurred_at DESC LIMIT 1)
WHERE id IN (SELECT target_id FROM activity_links WHERE target_type = 'contacts');

-- The id in the deal and activity indexes: a pipeline's or stage's open deals and a planned activity
-- are checked per contact by its id, read from the index. (Keyed by created_at instead, the first
-- page of has_open_deal would need no sort of its members, but SQLite then reads "customer with an
-- open deal" through contacts_stage, 200,000 rows: measured 10 times the CPU.)
CREATE INDEX contacts_open_deals ON contacts(workspace_id, open_deals, id) WHERE deleted_at IS NULL AND open_deals > 0;
CREATE INDEX contacts_consent_email_marketing ON contacts(workspace_id, consent_email_marketing)
  WHERE deleted_at IS NULL AND consent_email_marketing IS NOT NULL;
CREATE INDEX contacts_consent_phone ON contacts(workspace_id, consent_phone) WHERE deleted_at IS NULL AND consent_phone IS NOT NULL;
CREATE INDEX contacts_consent_sms ON contacts(workspace_id, consent_sms) WHERE deleted_at IS NULL AND consent_sms IS NOT NULL;
CREATE INDEX contacts_last_activity ON contacts(workspace_id, last_activity_at, id) WHERE deleted_at IS NULL AND last_activity_at IS NOT NULL;

-- open_deals ------------------------------------------------------------------------------------
CREATE TRIGGER contact_open_deals_link AFTER INSERT ON deal_contacts BEGIN
  UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
    WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
      AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE id = new.contact_id;
END;

CREATE TRIGGER contact_open_deals_unlink AFTER DELETE ON deal_contacts BEGIN
  UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
    WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
      AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE id = old.contact_id;
END;

-- A link moved (a merge of contacts or deals, its undo): both contacts are recomputed.
CREATE TRIGGER contact_open_deals_relink AFTER UPDATE OF workspace_id, deal_id, contact_id ON deal_contacts BEGIN
  UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
    WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
      AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE id IN (old.contact_id, new.contact_id);
END;

-- A deal opened or closed (won, lost, reopened), deleted, restored or moved: its contacts.
CREATE TRIGGER contact_open_deals_deal AFTER UPDATE OF workspace_id, closed_at, deleted_at ON deals
WHEN (old.deleted_at IS NULL AND old.closed_at IS NULL) IS NOT (new.deleted_at IS NULL AND new.closed_at IS NULL)
  OR old.workspace_id IS NOT new.workspace_id BEGIN
  UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
    WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
      AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE id IN (SELECT contact_id FROM deal_contacts WHERE deal_id = new.id);
END;

-- A purged deal whose links are removed after it.
CREATE TRIGGER contact_open_deals_deal_purge AFTER DELETE ON deals WHEN old.deleted_at IS NULL AND old.closed_at IS NULL BEGIN
  UPDATE contacts SET open_deals = (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
    WHERE dc.workspace_id = contacts.workspace_id AND dc.contact_id = contacts.id AND d.workspace_id = contacts.workspace_id
      AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE id IN (SELECT contact_id FROM deal_contacts WHERE deal_id = old.id);
END;

-- consents ---------------------------------------------------------------------------------------
CREATE TRIGGER contact_consents_insert AFTER INSERT ON consents BEGIN
  UPDATE contacts SET
    consent_email_marketing = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_phone = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'phone' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_sms = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'sms' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)
  WHERE id = new.contact_id;
END;

CREATE TRIGGER contact_consents_delete AFTER DELETE ON consents BEGIN
  UPDATE contacts SET
    consent_email_marketing = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_phone = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'phone' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_sms = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'sms' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)
  WHERE id = old.contact_id;
END;

CREATE TRIGGER contact_consents_update AFTER UPDATE OF workspace_id, contact_id, channel, status, recorded_at, id ON consents BEGIN
  UPDATE contacts SET
    consent_email_marketing = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_phone = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'phone' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),
    consent_sms = (SELECT k.status FROM consents k WHERE k.workspace_id = contacts.workspace_id AND k.contact_id = contacts.id
      AND k.channel = 'sms' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)
  WHERE id IN (old.contact_id, new.contact_id);
END;

-- last_activity_at -------------------------------------------------------------------------------
-- A new link of a live activity can only raise the newest time: no recomputation.
CREATE TRIGGER contact_last_activity_link AFTER INSERT ON activity_links WHEN new.target_type = 'contacts' BEGIN
  UPDATE contacts SET last_activity_at = new.occurred_at
  WHERE id = new.target_id AND workspace_id = new.workspace_id AND (last_activity_at IS NULL OR last_activity_at < new.occurred_at)
    AND EXISTS (SELECT 1 FROM activities a WHERE a.id = new.activity_id AND a.deleted_at IS NULL);
END;

-- A removed link matters only when it held the newest time: then the next newest.
CREATE TRIGGER contact_last_activity_unlink AFTER DELETE ON activity_links WHEN old.target_type = 'contacts' BEGIN
  UPDATE contacts SET last_activity_at = (SELECT l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id
    WHERE l.workspace_id = contacts.workspace_id AND l.target_type = 'contacts' AND l.target_id = contacts.id AND a.deleted_at IS NULL
    ORDER BY l.occurred_at DESC LIMIT 1)
  WHERE id = old.target_id AND last_activity_at = old.occurred_at;
END;

CREATE TRIGGER contact_last_activity_relink AFTER UPDATE OF workspace_id, activity_id, target_type, target_id, occurred_at ON activity_links
WHEN old.target_type = 'contacts' OR new.target_type = 'contacts' BEGIN
  UPDATE contacts SET last_activity_at = (SELECT l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id
    WHERE l.workspace_id = contacts.workspace_id AND l.target_type = 'contacts' AND l.target_id = contacts.id AND a.deleted_at IS NULL
    ORDER BY l.occurred_at DESC LIMIT 1)
  WHERE id IN (CASE WHEN old.target_type = 'contacts' THEN old.target_id END, CASE WHEN new.target_type = 'contacts' THEN new.target_id END);
END;

-- An activity deleted, restored or moved: its contacts.
CREATE TRIGGER contact_last_activity_activity AFTER UPDATE OF workspace_id, deleted_at ON activities
WHEN (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL) OR old.workspace_id IS NOT new.workspace_id BEGIN
  UPDATE contacts SET last_activity_at = (SELECT l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id
    WHERE l.workspace_id = contacts.workspace_id AND l.target_type = 'contacts' AND l.target_id = contacts.id AND a.deleted_at IS NULL
    ORDER BY l.occurred_at DESC LIMIT 1)
  WHERE id IN (SELECT target_id FROM activity_links WHERE activity_id = new.id AND target_type = 'contacts');
END;

-- A purged live activity whose links are removed after it.
CREATE TRIGGER contact_last_activity_activity_purge AFTER DELETE ON activities WHEN old.deleted_at IS NULL BEGIN
  UPDATE contacts SET last_activity_at = (SELECT l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id
    WHERE l.workspace_id = contacts.workspace_id AND l.target_type = 'contacts' AND l.target_id = contacts.id AND a.deleted_at IS NULL
    ORDER BY l.occurred_at DESC LIMIT 1)
  WHERE id IN (SELECT target_id FROM activity_links WHERE activity_id = old.id AND target_type = 'contacts');
END;
