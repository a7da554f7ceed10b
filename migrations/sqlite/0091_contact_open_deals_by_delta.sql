-- 0083's triggers recounted a contact's open deals (every link of the contact joined to its deal) at
-- each write of one of its links, and each of a deal's contacts at each change of the deal's state. A
-- statement writing k links of one contact (an import of an account's deals, a merge moving a
-- contact's links to another, a seed) therefore read 1 + 2 + ... + k links: 20,000 links to one
-- contact took 104 s of CPU. (PostgreSQL's triggers run once a statement and count each contact once:
-- 0083, 0087; they are unchanged.)
--
-- Each write now adds what it changes. A link counts for its contact when its deal exists, is live and
-- open (not deleted, not won or lost), and the link and the deal are of one workspace, as the
-- recount's join said; a write changes a contact's count by whether the links it writes count after
-- it minus whether they counted before, each judged on the rows as they are when the trigger runs. A
-- link is unique per deal and contact (the primary key), so a contact moves by one a link at most. The
-- counts are those the recount kept, so nothing is recomputed here. What a count no longer survives is
-- a copy of contacts whose links arrive after them: migrate-data starts the copied counts at zero
-- (src/app/migrate_data.cpp).
DROP TRIGGER contact_open_deals_link;
DROP TRIGGER contact_open_deals_unlink;
DROP TRIGGER contact_open_deals_relink;
DROP TRIGGER contact_open_deals_deal;
DROP TRIGGER contact_open_deals_deal_purge;

CREATE TRIGGER contact_open_deals_link AFTER INSERT ON deal_contacts
WHEN EXISTS (SELECT 1 FROM deals d WHERE d.id = new.deal_id AND d.workspace_id = new.workspace_id
               AND d.deleted_at IS NULL AND d.closed_at IS NULL) BEGIN
  UPDATE contacts SET open_deals = open_deals + 1 WHERE id = new.contact_id AND workspace_id = new.workspace_id;
END;

-- A link removed while its deal counts (a deal purged first took its links' counts with it).
CREATE TRIGGER contact_open_deals_unlink AFTER DELETE ON deal_contacts
WHEN EXISTS (SELECT 1 FROM deals d WHERE d.id = old.deal_id AND d.workspace_id = old.workspace_id
               AND d.deleted_at IS NULL AND d.closed_at IS NULL) BEGIN
  UPDATE contacts SET open_deals = open_deals - 1 WHERE id = old.contact_id AND workspace_id = old.workspace_id;
END;

-- A link moved (a merge of contacts or deals, its undo): out of the old contact, into the new one.
CREATE TRIGGER contact_open_deals_relink AFTER UPDATE OF workspace_id, deal_id, contact_id ON deal_contacts BEGIN
  UPDATE contacts SET open_deals = open_deals - 1 WHERE id = old.contact_id AND workspace_id = old.workspace_id
    AND EXISTS (SELECT 1 FROM deals d WHERE d.id = old.deal_id AND d.workspace_id = old.workspace_id
                  AND d.deleted_at IS NULL AND d.closed_at IS NULL);
  UPDATE contacts SET open_deals = open_deals + 1 WHERE id = new.contact_id AND workspace_id = new.workspace_id
    AND EXISTS (SELECT 1 FROM deals d WHERE d.id = new.deal_id AND d.workspace_id = new.workspace_id
                  AND d.deleted_at IS NULL AND d.closed_at IS NULL);
END;

-- A deal opened or closed (won, lost, reopened), deleted, restored or moved to another workspace: its
-- contacts in the workspace it counted in lose it, those in the workspace it counts in now gain it.
CREATE TRIGGER contact_open_deals_deal AFTER UPDATE OF workspace_id, closed_at, deleted_at ON deals
WHEN (old.deleted_at IS NULL AND old.closed_at IS NULL) IS NOT (new.deleted_at IS NULL AND new.closed_at IS NULL)
  OR old.workspace_id IS NOT new.workspace_id BEGIN
  UPDATE contacts SET open_deals = open_deals - 1
  WHERE old.deleted_at IS NULL AND old.closed_at IS NULL AND workspace_id = old.workspace_id
    AND id IN (SELECT contact_id FROM deal_contacts WHERE deal_id = old.id AND workspace_id = old.workspace_id);
  UPDATE contacts SET open_deals = open_deals + 1
  WHERE new.deleted_at IS NULL AND new.closed_at IS NULL AND workspace_id = new.workspace_id
    AND id IN (SELECT contact_id FROM deal_contacts WHERE deal_id = new.id AND workspace_id = new.workspace_id);
END;

-- An open deal purged before its links: they stop counting now (their own removal then finds no deal).
CREATE TRIGGER contact_open_deals_deal_purge AFTER DELETE ON deals WHEN old.deleted_at IS NULL AND old.closed_at IS NULL BEGIN
  UPDATE contacts SET open_deals = open_deals - 1 WHERE workspace_id = old.workspace_id
    AND id IN (SELECT contact_id FROM deal_contacts WHERE deal_id = old.id AND workspace_id = old.workspace_id);
END;
