-- The team of the record an event is about, for objects whose records belong to a team (a ticket's
-- queue: identity::team_column), so that the real-time feed shows a ticket's events to the members
-- of its team when their read scope is "team" (platform/events/audience.hpp), as reads do
-- (records/scope.cpp), without reading the record again. NULL for other objects.
ALTER TABLE outbox ADD COLUMN team_id TEXT;

-- A file kept by a record of another module instead of an email (email::store::hold_uploads): a
-- ticket's internal note (its ticket_messages id) holds its files, which are never emailed; that
-- module says who may download them (GET /api/v1/attachments/{id}). NULL: an email's file or an upload.
ALTER TABLE email_attachments ADD COLUMN held_by TEXT;

-- The SLA refresh walks a workspace's live tickets by id in batches (support/sla_refresh.cpp): without
-- this index SQLite reads the workspace's tickets through another index and sorts them for every
-- batch (quadratic in the open tickets).
CREATE INDEX tickets_live_id ON tickets(workspace_id, id) WHERE deleted_at IS NULL;
