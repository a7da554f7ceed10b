-- Tags (a list-of-strings field type of the record engine, platform/records: FieldType::Tags),
-- macros and round-robin assignment (src/modules/support).
--
-- A Tags field is stored as a JSON array (`tags`) beside its case-folded keys (`tags_key`, written by
-- the store like every folded field). record_tags holds one row per record and tag key, kept in step
-- with the key column by a trigger, so filter[tags][in|all] reads an index instead of every row's JSON.
CREATE TABLE record_tags (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  field        TEXT NOT NULL,
  tag_key      TEXT COLLATE "C" NOT NULL,
  record_id    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object_type, field, tag_key, record_id)
);
CREATE INDEX record_tags_record ON record_tags(record_id);

ALTER TABLE tickets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN tags_key TEXT DEFAULT '[]';

-- For a table whose Tags field is `tags` (the field name record_tags rows carry).
CREATE FUNCTION rapport_record_tags_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.tags_key IS NOT DISTINCT FROM OLD.tags_key THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM record_tags WHERE workspace_id = OLD.workspace_id AND object_type = TG_TABLE_NAME AND field = 'tags'
      AND record_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO record_tags(workspace_id, object_type, field, tag_key, record_id)
      SELECT NEW.workspace_id, TG_TABLE_NAME, 'tags', e.value, NEW.id
      FROM jsonb_array_elements_text(coalesce(NEW.tags_key, '[]')::jsonb) AS e(value)
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_tags AFTER INSERT OR DELETE OR UPDATE OF tags_key ON tickets
  FOR EACH ROW EXECUTE FUNCTION rapport_record_tags_sync();

-- Macros (src/modules/support/macro*): a saved reply or note with merge fields and the ticket
-- changes that go with it. owner_id NULL: shared by the workspace (admins change it); otherwise its
-- owner's alone.
CREATE TABLE macros (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT COLLATE "C" NOT NULL,  -- case-folded, the listing's order
  kind         TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
  body         TEXT NOT NULL,
  changes      TEXT NOT NULL DEFAULT '{}',
  owner_id     TEXT REFERENCES users(id),
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX macros_name ON macros(workspace_id, name_key, id);

-- Round-robin assignment (src/modules/support/assignment.*): a team's setting, with the member it
-- picked last, and whether an agent marked themselves away.
CREATE TABLE team_assignment (
  team_id      TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  round_robin  BIGINT NOT NULL DEFAULT 0,
  skip_away    BIGINT NOT NULL DEFAULT 1,
  max_open     BIGINT,
  last_user_id TEXT,
  updated_at   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE agent_availability (
  user_id      TEXT PRIMARY KEY REFERENCES users(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  away         BIGINT NOT NULL DEFAULT 0,
  updated_at   TEXT NOT NULL
);
