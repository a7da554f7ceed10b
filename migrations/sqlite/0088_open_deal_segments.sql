-- A segment's "has an open deal in a pipeline / in a stage" (modules/marketing/related_facts.cpp)
-- checked each contact with an open deal (contacts.open_deals, 0083) against its deals: the
-- contact's links, then each linked deal's row for its pipeline, stage and state, three seeks a
-- contact, about 40 ms of CPU at 1M contacts and 28,578 with an open deal whatever the pipeline or
-- stage. Each link of a contact to a deal now keeps the pipeline and stage of its deal while the
-- deal is open (live, not won or lost, of the link's workspace), NULL otherwise, so the check is one
-- seek of a covering index of the link: open_pipeline_id / open_stage_id, kept in the transaction of
-- every write of the link or of its deal.
--
-- The contacts with an open deal are indexed by creation time (the members' page order) instead of
-- by their count of open deals, and by lifecycle stage then creation time: a segment's first page
-- is then read in order (0083's index made SQLite read and sort every contact with an open deal
-- for each page, about 45 ms at 28,578), and "customers with an open deal" is a range of one index
-- (SQLite had read each of the 28,578 rows for its stage, or, with only the first index, the
-- 200,000 customers for their open deals).
ALTER TABLE deal_contacts ADD COLUMN open_pipeline_id TEXT;
ALTER TABLE deal_contacts ADD COLUMN open_stage_id TEXT;

UPDATE deal_contacts SET (open_pipeline_id, open_stage_id) = (SELECT d.pipeline_id, d.stage_id FROM deals d
  WHERE d.id = deal_contacts.deal_id AND d.workspace_id = deal_contacts.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL);

CREATE INDEX deal_contacts_open_pipeline ON deal_contacts(workspace_id, open_pipeline_id, contact_id) WHERE open_pipeline_id IS NOT NULL;
CREATE INDEX deal_contacts_open_stage ON deal_contacts(workspace_id, open_stage_id, contact_id) WHERE open_stage_id IS NOT NULL;

DROP INDEX contacts_open_deals;
CREATE INDEX contacts_open_deals_created ON contacts(workspace_id, created_at, id) WHERE deleted_at IS NULL AND open_deals > 0;
CREATE INDEX contacts_open_deals_stage ON contacts(workspace_id, lifecycle_stage, created_at, id) WHERE deleted_at IS NULL AND open_deals > 0;

-- A link written or moved to another deal: the deal's values, whatever the writer put there.
CREATE TRIGGER deal_contacts_open_link AFTER INSERT ON deal_contacts BEGIN
  UPDATE deal_contacts SET (open_pipeline_id, open_stage_id) = (SELECT d.pipeline_id, d.stage_id FROM deals d
    WHERE d.id = new.deal_id AND d.workspace_id = new.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE deal_id = new.deal_id AND contact_id = new.contact_id;
END;

CREATE TRIGGER deal_contacts_open_relink AFTER UPDATE OF workspace_id, deal_id ON deal_contacts
WHEN old.workspace_id IS NOT new.workspace_id OR old.deal_id IS NOT new.deal_id BEGIN
  UPDATE deal_contacts SET (open_pipeline_id, open_stage_id) = (SELECT d.pipeline_id, d.stage_id FROM deals d
    WHERE d.id = new.deal_id AND d.workspace_id = new.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL)
  WHERE deal_id = new.deal_id AND contact_id = new.contact_id;
END;

-- A deal moved to another stage or pipeline, won, lost, reopened, deleted, restored or moved to
-- another workspace: its links. (A purged deal's links are removed with it.)
CREATE TRIGGER deal_contacts_open_deal AFTER UPDATE OF workspace_id, pipeline_id, stage_id, closed_at, deleted_at ON deals
WHEN old.pipeline_id IS NOT new.pipeline_id OR old.stage_id IS NOT new.stage_id OR old.workspace_id IS NOT new.workspace_id
  OR (old.deleted_at IS NULL AND old.closed_at IS NULL) IS NOT (new.deleted_at IS NULL AND new.closed_at IS NULL) BEGIN
  UPDATE deal_contacts SET
    open_pipeline_id = CASE WHEN new.deleted_at IS NULL AND new.closed_at IS NULL AND new.workspace_id = deal_contacts.workspace_id
                            THEN new.pipeline_id END,
    open_stage_id = CASE WHEN new.deleted_at IS NULL AND new.closed_at IS NULL AND new.workspace_id = deal_contacts.workspace_id
                         THEN new.stage_id END
  WHERE deal_id = new.id;
END;
