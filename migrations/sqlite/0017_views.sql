-- Saved views of the list pages (modules/views): per object type a name, filters, a sort and the
-- columns shown, private to their owner or shared with the workspace. Names are unique, by the
-- server's case-folded key (platform/case_fold.hpp), among an owner's private views of an object
-- type and among a workspace's shared views of an object type.
CREATE TABLE views (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object_type  TEXT NOT NULL,
  owner_id     TEXT NOT NULL REFERENCES users(id),
  visibility   TEXT NOT NULL CHECK (visibility IN ('private', 'workspace')),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  filters      TEXT NOT NULL DEFAULT '[]',
  sort         TEXT,
  columns      TEXT NOT NULL DEFAULT '[]',
  position     INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX views_private_name ON views(workspace_id, owner_id, object_type, name_key) WHERE visibility = 'private';
CREATE UNIQUE INDEX views_shared_name ON views(workspace_id, object_type, name_key) WHERE visibility = 'workspace';
