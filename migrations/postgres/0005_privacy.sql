-- Privacy (issue 4): erasure tombstones, consent history, the marketing suppression list, and the
-- indexes of the audit-events listing.
-- PostgreSQL dialect of migrations/sqlite/0005_privacy.sql: the same tables, columns and indexes.
--
-- An erased contact (and an activity erased with it) keeps its row as a tombstone: personal columns
-- cleared, deleted_at and erased_at set. erased_at keeps it out of the recycle bin and refuses restore.
ALTER TABLE contacts ADD COLUMN erased_at TEXT;
ALTER TABLE activities ADD COLUMN erased_at TEXT;

-- Who erased what, when, under which request. No personal data: the reason is the operator's note.
CREATE TABLE erasures (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  erased_by    TEXT,
  erased_at    TEXT NOT NULL,
  request_id   TEXT,
  reason       TEXT
);
CREATE UNIQUE INDEX erasures_object ON erasures(workspace_id, object_type, object_id);

-- Append-only consent history per contact and channel; the newest row of a channel is its state.
CREATE TABLE consents (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  contact_id   TEXT NOT NULL REFERENCES contacts(id),
  channel      TEXT NOT NULL,
  status       TEXT NOT NULL,
  source       TEXT NOT NULL,
  note         TEXT,
  recorded_at  TEXT NOT NULL,
  recorded_by  TEXT
);
CREATE INDEX consents_contact ON consents(workspace_id, contact_id, channel, recorded_at, id);

-- Addresses that must not be marketed to again (an erased person's), kept as the hex BLAKE2b-256 of
-- the lower-cased email so that the address itself is gone.
CREATE TABLE suppressions (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  email_hash   TEXT NOT NULL,
  reason       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email_hash)
);

-- GET /api/v1/audit-events: newest first per workspace, by actor, by action. Filters on object_type
-- and object_id use audit_log_object.
CREATE INDEX audit_log_workspace ON audit_log(workspace_id, id);
CREATE INDEX audit_log_actor ON audit_log(workspace_id, actor_id, id);
CREATE INDEX audit_log_action ON audit_log(workspace_id, action, id);
