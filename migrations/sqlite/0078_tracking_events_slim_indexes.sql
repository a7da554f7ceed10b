-- Cheaper writes of tracking_events, as PostgreSQL's migration 0078 (its comment says why): one
-- column per index, by campaign and by contact, in place of migration 0052's four-column ones. The
-- foreign key to workspaces stays here: dropping it would mean copying the table, and SQLite's
-- writer keeps up with the tracking routes with it (docs/benchmarks.md, "Tracking (session 24)").
DROP INDEX tracking_events_campaign;
DROP INDEX tracking_events_contact;
CREATE INDEX tracking_events_campaign ON tracking_events(campaign_id);
CREATE INDEX tracking_events_contact ON tracking_events(contact_id);
