-- Campaign tracking (src/modules/marketing/tracking_*): the links a campaign's messages hold, each
-- registered once per campaign with its index (the click token names the index; the redirect goes
-- to the stored URL only), and the opens and clicks recorded through the tokens. No foreign key to
-- campaigns: the links are registered in the transaction that prepares a message.
CREATE TABLE tracking_links (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  campaign_id  TEXT NOT NULL,
  idx          INTEGER NOT NULL,
  url          TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, campaign_id, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX tracking_links_url ON tracking_links(workspace_id, campaign_id, url);

-- kind 'open' or 'click' (with its link's idx); bot and prefetch 1 when the request looked like a
-- scanner's or a mail client's prefetch (tracking_flags.hpp). A campaign's results read the first
-- index; a contact's (segments: opened_campaign, clicked_campaign) the second.
CREATE TABLE tracking_events (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  campaign_id  TEXT NOT NULL,
  contact_id   TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('open', 'click')),
  link_idx     INTEGER,
  occurred_at  TEXT NOT NULL,
  bot          INTEGER NOT NULL DEFAULT 0,
  prefetch     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tracking_events_campaign ON tracking_events(workspace_id, campaign_id, kind, contact_id);
CREATE INDEX tracking_events_contact ON tracking_events(workspace_id, contact_id, kind, occurred_at);

-- An erased or purged contact's events go with it, whatever path erases it (the events are facts
-- about the person's reading).
CREATE TRIGGER contacts_erase_tracking_events AFTER UPDATE OF erased_at ON contacts
  WHEN new.erased_at IS NOT NULL BEGIN
  DELETE FROM tracking_events WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
CREATE TRIGGER contacts_purge_tracking_events AFTER DELETE ON contacts BEGIN
  DELETE FROM tracking_events WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
