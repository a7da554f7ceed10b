-- Segment counts on related facts at 1M contacts (issue 16: under 100 ms). The facts a segment asks
-- about a contact's linked records were subqueries over the linked tables (`id IN (...)`), 220 ms to
-- 1.2 s per count on SQLite (docs/benchmarks.md "Segment counts at 1,000,000 contacts"). They are now
-- kept on the contact row, in the transaction of every write of the linked rows (whoever writes: the
-- API, imports, merges and their undo, erasure, purges), each with a partial index of the live
-- contacts so that a segment's count is a range count of one index
-- (modules/marketing/related_facts.cpp):
--
-- - open_deals: how many live deals (deleted_at NULL) that are not closed (closed_at NULL: won or
--   lost) the contact is a contact of (deal_contacts). A count, never an amount.
-- - consent_email_marketing, consent_phone, consent_sms: the status of the channel's newest consent
--   (privacy's rule: the latest recorded_at, then the greatest id), NULL when none was recorded.
-- - last_activity_at: the newest occurred_at of the live activities linked to the contact
--   (activity_links); "an activity in the last N days up to now" reads it, and the few contacts
--   whose newest activity lies in the future are checked against their links.
--
-- The triggers recompute the touched contact's value from the linked rows (a few index entries per
-- contact) rather than adding or subtracting, so the values are right whatever order rows arrive in:
-- migrate-data copies the contacts with their values and the target's triggers, firing as the
-- linked rows arrive after them, recompute the same values. Under READ COMMITTED a recomputation
-- first locks the contact's row and then reads the linked rows in a statement of its own (a fresh
-- snapshot), so two transactions linking deals to one contact at once cannot both count without
-- the other's row. Several contacts are locked in id order (no deadlock between two such writers).
ALTER TABLE contacts ADD COLUMN open_deals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN consent_email_marketing TEXT;
ALTER TABLE contacts ADD COLUMN consent_phone TEXT;
ALTER TABLE contacts ADD COLUMN consent_sms TEXT;
ALTER TABLE contacts ADD COLUMN last_activity_at TEXT;

UPDATE contacts c SET open_deals = x.n
FROM (SELECT dc.workspace_id, dc.contact_id, count(*) AS n FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
      WHERE d.workspace_id = dc.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL GROUP BY 1, 2) x
WHERE c.id = x.contact_id AND c.workspace_id = x.workspace_id;

UPDATE contacts c SET consent_email_marketing = x.email_marketing, consent_phone = x.phone, consent_sms = x.sms
FROM (SELECT workspace_id, contact_id, max(status) FILTER (WHERE channel = 'email_marketing') AS email_marketing,
             max(status) FILTER (WHERE channel = 'phone') AS phone, max(status) FILTER (WHERE channel = 'sms') AS sms
      FROM (SELECT DISTINCT ON (workspace_id, contact_id, channel) workspace_id, contact_id, channel, status FROM consents
            ORDER BY workspace_id, contact_id, channel, recorded_at DESC, id DESC) newest
      GROUP BY 1, 2) x
WHERE c.id = x.contact_id AND c.workspace_id = x.workspace_id;

UPDATE contacts c SET last_activity_at = x.newest
FROM (SELECT l.workspace_id, l.target_id, max(l.occurred_at) AS newest FROM activity_links l JOIN activities a ON a.id = l.activity_id
      WHERE l.target_type = 'contacts' AND a.deleted_at IS NULL GROUP BY 1, 2) x
WHERE c.id = x.target_id AND c.workspace_id = x.workspace_id;

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

-- The planner's statistics of the new columns now, not at autovacuum's next round: without them a
-- segment's count may be planned as a scan of every contact until then.
ANALYZE contacts;

-- open_deals ------------------------------------------------------------------------------------
CREATE FUNCTION contact_open_deals_refresh(c TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w TEXT;
  n INTEGER;
BEGIN
  SELECT workspace_id INTO w FROM contacts WHERE id = c FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT count(*) INTO n FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id
  WHERE dc.workspace_id = w AND dc.contact_id = c AND d.workspace_id = w AND d.deleted_at IS NULL AND d.closed_at IS NULL;
  UPDATE contacts SET open_deals = n WHERE id = c AND open_deals <> n;
END
$$;

-- A link's deal is locked first (as an update of the deal locks it): a deal closed while a contact
-- is linked to it in another transaction then waits for that link, and its trigger sees it.
CREATE FUNCTION contact_open_deals_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM 1 FROM deals WHERE id = NEW.deal_id FOR NO KEY UPDATE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM contact_open_deals_refresh(NEW.contact_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM contact_open_deals_refresh(OLD.contact_id);
  ELSE
    PERFORM contact_open_deals_refresh(x) FROM unnest(ARRAY[OLD.contact_id, NEW.contact_id]) AS x GROUP BY x ORDER BY x;
  END IF;
  RETURN NULL;
END
$$;

-- Inserts and deletes per statement: each contact is counted once however many of its links the
-- statement writes (20,000 deals linked to one contact in one INSERT counted it 20,000 times, each
-- count reading its growing links: past statement_timeout). Deals are locked first, in id order.
CREATE FUNCTION contact_open_deals_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM deals WHERE id IN (SELECT deal_id FROM added_links) ORDER BY id FOR NO KEY UPDATE;
  PERFORM contact_open_deals_refresh(contact_id) FROM (SELECT DISTINCT contact_id FROM added_links ORDER BY contact_id) s;
  RETURN NULL;
END
$$;
CREATE FUNCTION contact_open_deals_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contact_open_deals_refresh(contact_id) FROM (SELECT DISTINCT contact_id FROM removed_links ORDER BY contact_id) s;
  RETURN NULL;
END
$$;
CREATE TRIGGER contact_open_deals_link AFTER INSERT ON deal_contacts REFERENCING NEW TABLE AS added_links
  FOR EACH STATEMENT EXECUTE FUNCTION contact_open_deals_links_added();
CREATE TRIGGER contact_open_deals_unlink AFTER DELETE ON deal_contacts REFERENCING OLD TABLE AS removed_links
  FOR EACH STATEMENT EXECUTE FUNCTION contact_open_deals_links_removed();
CREATE TRIGGER contact_open_deals_relink AFTER UPDATE ON deal_contacts FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.deal_id IS DISTINCT FROM NEW.deal_id
    OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
  EXECUTE FUNCTION contact_open_deals_link();

-- A deal opened or closed (won, lost, reopened), deleted, restored, moved or purged: its contacts.
CREATE FUNCTION contact_open_deals_deal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  PERFORM contact_open_deals_refresh(contact_id) FROM (SELECT contact_id FROM deal_contacts WHERE deal_id = d ORDER BY contact_id) s;
  RETURN NULL;
END
$$;

CREATE TRIGGER contact_open_deals_deal AFTER UPDATE ON deals FOR EACH ROW
  WHEN ((OLD.deleted_at IS NULL AND OLD.closed_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL AND NEW.closed_at IS NULL)
    OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
  EXECUTE FUNCTION contact_open_deals_deal();
CREATE TRIGGER contact_open_deals_deal_purge AFTER DELETE ON deals FOR EACH ROW
  WHEN (OLD.deleted_at IS NULL AND OLD.closed_at IS NULL)
  EXECUTE FUNCTION contact_open_deals_deal();

-- consents ---------------------------------------------------------------------------------------
CREATE FUNCTION contact_consents_refresh(c TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w TEXT;
  e TEXT;
  p TEXT;
  s TEXT;
BEGIN
  SELECT workspace_id INTO w FROM contacts WHERE id = c FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT status INTO e FROM consents WHERE workspace_id = w AND contact_id = c AND channel = 'email_marketing'
  ORDER BY recorded_at DESC, id DESC LIMIT 1;
  SELECT status INTO p FROM consents WHERE workspace_id = w AND contact_id = c AND channel = 'phone' ORDER BY recorded_at DESC, id DESC LIMIT 1;
  SELECT status INTO s FROM consents WHERE workspace_id = w AND contact_id = c AND channel = 'sms' ORDER BY recorded_at DESC, id DESC LIMIT 1;
  UPDATE contacts SET consent_email_marketing = e, consent_phone = p, consent_sms = s
  WHERE id = c AND (consent_email_marketing IS DISTINCT FROM e OR consent_phone IS DISTINCT FROM p OR consent_sms IS DISTINCT FROM s);
END
$$;

CREATE FUNCTION contact_consents_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM contact_consents_refresh(NEW.contact_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM contact_consents_refresh(OLD.contact_id);
  ELSE
    PERFORM contact_consents_refresh(x) FROM unnest(ARRAY[OLD.contact_id, NEW.contact_id]) AS x GROUP BY x ORDER BY x;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER contact_consents_change AFTER INSERT OR DELETE ON consents FOR EACH ROW EXECUTE FUNCTION contact_consents_change();
CREATE TRIGGER contact_consents_update AFTER UPDATE ON consents FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.contact_id IS DISTINCT FROM NEW.contact_id
    OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.recorded_at IS DISTINCT FROM NEW.recorded_at OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION contact_consents_change();

-- last_activity_at -------------------------------------------------------------------------------
CREATE FUNCTION contact_last_activity_refresh(c TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w TEXT;
  t TEXT;
BEGIN
  SELECT workspace_id INTO w FROM contacts WHERE id = c FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT l.occurred_at INTO t FROM activity_links l JOIN activities a ON a.id = l.activity_id
  WHERE l.workspace_id = w AND l.target_type = 'contacts' AND l.target_id = c AND a.deleted_at IS NULL
  ORDER BY l.occurred_at DESC LIMIT 1;
  UPDATE contacts SET last_activity_at = t WHERE id = c AND last_activity_at IS DISTINCT FROM t;
END
$$;

-- A new link of a live activity can only raise the newest time (the update re-reads the row it
-- waited for, so a concurrent raise is kept); a removed link matters only when it held the newest
-- time, then the next newest is read.
CREATE FUNCTION contact_last_activity_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN  -- as a deal's link locks its deal
    PERFORM 1 FROM activities WHERE id = NEW.activity_id FOR NO KEY UPDATE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE contacts SET last_activity_at = NEW.occurred_at
    WHERE id = NEW.target_id AND workspace_id = NEW.workspace_id AND (last_activity_at IS NULL OR last_activity_at < NEW.occurred_at)
      AND EXISTS (SELECT 1 FROM activities a WHERE a.id = NEW.activity_id AND a.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM contacts WHERE id = OLD.target_id AND last_activity_at = OLD.occurred_at) THEN
      PERFORM contact_last_activity_refresh(OLD.target_id);
    END IF;
  ELSE
    PERFORM contact_last_activity_refresh(x)
    FROM unnest(ARRAY[CASE WHEN OLD.target_type = 'contacts' THEN OLD.target_id END,
                      CASE WHEN NEW.target_type = 'contacts' THEN NEW.target_id END]) AS x
    WHERE x IS NOT NULL GROUP BY x ORDER BY x;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER contact_last_activity_link AFTER INSERT ON activity_links FOR EACH ROW
  WHEN (NEW.target_type = 'contacts') EXECUTE FUNCTION contact_last_activity_link();
CREATE TRIGGER contact_last_activity_unlink AFTER DELETE ON activity_links FOR EACH ROW
  WHEN (OLD.target_type = 'contacts') EXECUTE FUNCTION contact_last_activity_link();
CREATE TRIGGER contact_last_activity_relink AFTER UPDATE ON activity_links FOR EACH ROW
  WHEN ((OLD.target_type = 'contacts' OR NEW.target_type = 'contacts') AND (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
    OR OLD.activity_id IS DISTINCT FROM NEW.activity_id OR OLD.target_type IS DISTINCT FROM NEW.target_type
    OR OLD.target_id IS DISTINCT FROM NEW.target_id OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at))
  EXECUTE FUNCTION contact_last_activity_link();

-- An activity deleted, restored, moved or purged: its contacts.
CREATE FUNCTION contact_last_activity_activity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  PERFORM contact_last_activity_refresh(target_id)
  FROM (SELECT DISTINCT target_id FROM activity_links WHERE activity_id = a AND target_type = 'contacts' ORDER BY target_id) s;
  RETURN NULL;
END
$$;

CREATE TRIGGER contact_last_activity_activity AFTER UPDATE ON activities FOR EACH ROW
  WHEN ((OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL) OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
  EXECUTE FUNCTION contact_last_activity_activity();
CREATE TRIGGER contact_last_activity_activity_purge AFTER DELETE ON activities FOR EACH ROW
  WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION contact_last_activity_activity();
