-- Cheaper writes of tracking_events (issue 16, the tracking recorder; docs/benchmarks.md, "Tracking
-- (session 24)"): the recorder COPYs every open and click, tens of thousands a second, and the two
-- four-column indexes of migration 0052 and the foreign key to workspaces were most of COPY's cost
-- (a psql test, server CPU per event: 13.5-15.8 µs as 0052 made it, 4.2-4.6 µs with this schema).
-- * The readers keep their index on one column each, which every event's id (UUIDs) already
--   selects: by campaign (a campaign's deletion, segments' opened_campaign/clicked_campaign with a
--   campaign_id, attribution's subquery), by contact (erasure and purge, merges, attribution's join).
--   Their other conditions (workspace, kind, flags, time) were checked against the rows anyway.
--   A campaign's events share one key (B-tree deduplication keeps that index small and its inserts
--   at one end).
-- * No foreign key to workspaces: the recorder writes an event only after finding its contact live
--   in that workspace in the same transaction (tracking_recorder.cpp), contacts reference
--   workspaces, and a contact's removal removes its events (0052's trigger). The per-row check of
--   the constraint cost as much as both new indexes together.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_workspace_id_fkey;
DROP INDEX tracking_events_campaign;
DROP INDEX tracking_events_contact;
CREATE INDEX tracking_events_campaign ON tracking_events(campaign_id);
CREATE INDEX tracking_events_contact ON tracking_events(contact_id);
