-- Tags (a list-of-strings field type of the record engine, platform/records: FieldType::Tags),
-- macros and round-robin assignment (src/modules/support).
--
-- A Tags field is stored as a JSON array (`tags`) beside its case-folded keys (`tags_key`, written by
-- the store like every folded field). record_tags holds one row per record and tag key, kept in step
-- with the key column by triggers, so filter[tags][in|all] reads an index instead of every row's JSON.
CREATE TABLE record_tags (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  field        TEXT NOT NULL,
  tag_key      TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object_type, field, tag_key, record_id)
) WITHOUT ROWID;
CREATE INDEX record_tags_record ON record_tags(record_id);

ALTER TABLE tickets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN tags_key TEXT DEFAULT '[]';

CREATE TRIGGER tickets_tags_insert AFTER INSERT ON tickets WHEN new.tags_key IS NOT NULL AND new.tags_key != '[]' BEGIN
  INSERT OR IGNORE INTO record_tags(workspace_id, object_type, field, tag_key, record_id)
    SELECT new.workspace_id, 'tickets', 'tags', value, new.id FROM json_each(new.tags_key);
END;
CREATE TRIGGER tickets_tags_update AFTER UPDATE OF tags_key ON tickets WHEN new.tags_key IS NOT old.tags_key BEGIN
  DELETE FROM record_tags WHERE workspace_id = old.workspace_id AND object_type = 'tickets' AND field = 'tags' AND record_id = old.id;
  INSERT OR IGNORE INTO record_tags(workspace_id, object_type, field, tag_key, record_id)
    SELECT new.workspace_id, 'tickets', 'tags', value, new.id FROM json_each(coalesce(new.tags_key, '[]'));
END;
CREATE TRIGGER tickets_tags_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM record_tags WHERE workspace_id = old.workspace_id AND object_type = 'tickets' AND field = 'tags' AND record_id = old.id;
END;

-- Macros (src/modules/support/macro*): a saved reply or note with merge fields and the ticket
-- changes that go with it. owner_id NULL: shared by the workspace (admins change it); otherwise its
-- owner's alone.
CREATE TABLE macros (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,  -- case-folded, the listing's order
  kind         TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
  body         TEXT NOT NULL,
  changes      TEXT NOT NULL DEFAULT '{}',
  owner_id     TEXT REFERENCES users(id),
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX macros_name ON macros(workspace_id, name_key, id);

-- Round-robin assignment (src/modules/support/assignment.*): a team's setting, with the member it
-- picked last, and whether an agent marked themselves away.
CREATE TABLE team_assignment (
  team_id      TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  round_robin  INTEGER NOT NULL DEFAULT 0,
  skip_away    INTEGER NOT NULL DEFAULT 1,
  max_open     INTEGER,
  last_user_id TEXT,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE agent_availability (
  user_id      TEXT PRIMARY KEY REFERENCES users(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  away         INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT NOT NULL
);
