-- A segment's "has an open deal in a pipeline / in a stage" (modules/marketing/related_facts.cpp)
-- checked each contact with an open deal (contacts.open_deals, 0083) against its deals: the
-- contact's links, then each linked deal's row for its pipeline, stage and state, whatever the
-- pipeline or stage (about 40 ms of CPU at 1M contacts and 28,578 with an open deal on SQLite). Each
-- link of a contact to a deal now keeps the pipeline and stage of its deal while the deal is open
-- (live, not won or lost, of the link's workspace), NULL otherwise, so the check is one seek of a
-- covering index of the link: open_pipeline_id / open_stage_id, kept in the transaction of every
-- write of the link or of its deal. The links are filled under a lock that keeps writers of deals
-- and links out until the triggers exist (an old node's writes meanwhile would be kept by nobody).
--
-- The contacts with an open deal are indexed by creation time (the members' page order) instead of
-- by their count of open deals, and by lifecycle stage then creation time: a segment's first page
-- is then read in order (0083's index made SQLite read and sort every contact with an open deal
-- for each page, about 45 ms at 28,578), and "customers with an open deal" is a range of one index
-- (SQLite had read each of the 28,578 rows for its stage, or, with only the first index, the
-- 200,000 customers for their open deals).
LOCK TABLE deals, deal_contacts IN SHARE MODE;
ALTER TABLE deal_contacts ADD COLUMN open_pipeline_id TEXT, ADD COLUMN open_stage_id TEXT;

UPDATE deal_contacts dc SET open_pipeline_id = d.pipeline_id, open_stage_id = d.stage_id FROM deals d
WHERE d.id = dc.deal_id AND d.workspace_id = dc.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL;

CREATE INDEX deal_contacts_open_pipeline ON deal_contacts(workspace_id, open_pipeline_id, contact_id) WHERE open_pipeline_id IS NOT NULL;
CREATE INDEX deal_contacts_open_stage ON deal_contacts(workspace_id, open_stage_id, contact_id) WHERE open_stage_id IS NOT NULL;

DROP INDEX contacts_open_deals;
CREATE INDEX contacts_open_deals_created ON contacts(workspace_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL AND open_deals > 0;
CREATE INDEX contacts_open_deals_stage ON contacts(workspace_id, lifecycle_stage, created_at NULLS FIRST, id) WHERE deleted_at IS NULL AND open_deals > 0;
ANALYZE deal_contacts;
ANALYZE contacts;

-- A link written or moved to another deal takes the deal's values as the deal is seen, without a
-- lock, so that the usual case writes each link once. A deal changed by a transaction that commits
-- after that read is caught by the recheck below, which runs after the link's deal is locked.
CREATE FUNCTION deal_contacts_open_of_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT d.pipeline_id, d.stage_id INTO NEW.open_pipeline_id, NEW.open_stage_id FROM deals d
  WHERE d.id = NEW.deal_id AND d.workspace_id = NEW.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL;
  RETURN NEW;
END
$$;
CREATE TRIGGER deal_contacts_open_link BEFORE INSERT ON deal_contacts FOR EACH ROW EXECUTE FUNCTION deal_contacts_open_of_deal();
CREATE TRIGGER deal_contacts_open_relink BEFORE UPDATE ON deal_contacts FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.deal_id IS DISTINCT FROM NEW.deal_id)
  EXECUTE FUNCTION deal_contacts_open_of_deal();

-- The links of a deal whose kept values differ from the deal's are set to them. Called with the
-- deal locked (by its update, or by the link triggers of 0083 below): a statement of its own, so
-- under READ COMMITTED it sees every change of the deal committed before the lock was granted.
CREATE FUNCTION deal_contacts_open_recheck(dl TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w TEXT;
  p TEXT;
  s TEXT;
  live BOOLEAN;
BEGIN
  SELECT workspace_id, pipeline_id, stage_id, deleted_at IS NULL AND closed_at IS NULL INTO w, p, s, live FROM deals WHERE id = dl;
  UPDATE deal_contacts SET open_pipeline_id = CASE WHEN live AND workspace_id = w THEN p END,
                           open_stage_id = CASE WHEN live AND workspace_id = w THEN s END
  WHERE deal_id = dl AND (open_pipeline_id IS DISTINCT FROM CASE WHEN live AND workspace_id = w THEN p END
                          OR open_stage_id IS DISTINCT FROM CASE WHEN live AND workspace_id = w THEN s END);
END
$$;

-- A deal moved to another stage or pipeline, won, lost, reopened, deleted, restored or moved to
-- another workspace: its links. (A purged deal's links are removed with it.)
CREATE FUNCTION deal_contacts_open_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM deal_contacts_open_recheck(NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER deal_contacts_open_deal AFTER UPDATE ON deals FOR EACH ROW
  WHEN (OLD.pipeline_id IS DISTINCT FROM NEW.pipeline_id OR OLD.stage_id IS DISTINCT FROM NEW.stage_id
    OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
    OR (OLD.deleted_at IS NULL AND OLD.closed_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL AND NEW.closed_at IS NULL))
  EXECUTE FUNCTION deal_contacts_open_deal();

-- 0083's link triggers, which lock the links' deals (in id order for a statement's links), now
-- recheck those deals' links once they hold the locks.
CREATE OR REPLACE FUNCTION contact_open_deals_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM 1 FROM deals WHERE id = NEW.deal_id FOR NO KEY UPDATE;
    PERFORM deal_contacts_open_recheck(NEW.deal_id);
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

CREATE OR REPLACE FUNCTION contact_open_deals_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM deals WHERE id IN (SELECT deal_id FROM added_links) ORDER BY id FOR NO KEY UPDATE;
  PERFORM deal_contacts_open_recheck(deal_id) FROM (SELECT DISTINCT deal_id FROM added_links ORDER BY deal_id) s;
  PERFORM contact_open_deals_refresh(contact_id) FROM (SELECT DISTINCT contact_id FROM added_links ORDER BY contact_id) s;
  RETURN NULL;
END
$$;
