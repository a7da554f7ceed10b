-- Campaign tracking (src/modules/marketing/tracking_*): the links a campaign's messages hold, each
-- registered once per campaign with its index (the click token names the index; the redirect goes
-- to the stored URL only), and the opens and clicks recorded through the tokens. No foreign key to
-- campaigns: the links are registered in the transaction that prepares a message.
CREATE TABLE tracking_links (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  campaign_id  TEXT NOT NULL,
  idx          BIGINT NOT NULL,
  url          TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, campaign_id, idx)
);
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
  link_idx     BIGINT,
  occurred_at  TEXT NOT NULL,
  bot          BIGINT NOT NULL DEFAULT 0,
  prefetch     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tracking_events_campaign ON tracking_events(workspace_id, campaign_id, kind, contact_id);
CREATE INDEX tracking_events_contact ON tracking_events(workspace_id, contact_id, kind, occurred_at);

-- An erased or purged contact's events go with it, whatever path erases it (the events are facts
-- about the person's reading).
CREATE FUNCTION rapport_contact_tracking_events_go() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NOT (NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL) THEN
      RETURN NULL;
    END IF;
  END IF;
  DELETE FROM tracking_events WHERE workspace_id = OLD.workspace_id AND contact_id = OLD.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER contacts_tracking_events_go AFTER DELETE OR UPDATE OF erased_at ON contacts
  FOR EACH ROW EXECUTE FUNCTION rapport_contact_tracking_events_go();
