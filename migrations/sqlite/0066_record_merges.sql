-- Merges of duplicate contacts, companies or leads (src/modules/dedupe/merge*): one row a merge, with
-- the survivor's values it replaced, and a row for every related row it moved to the survivor or
-- dropped (the survivor had the same link), so that an unmerge puts each back where it was.
CREATE TABLE record_merges (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL,
  object_type     TEXT NOT NULL,
  survivor_id     TEXT NOT NULL,
  merged_ids      TEXT NOT NULL,   -- JSON array: the records merged into the survivor, in the request's order
  survivor_before TEXT NOT NULL,   -- JSON {"field": value} ("custom.x" for custom fields): replaced values
  survivor_after  TEXT NOT NULL,   -- JSON {"field": value}: the values the merge wrote
  merged_at       TEXT NOT NULL,
  merged_by       TEXT,
  undone_at       TEXT,
  undone_by       TEXT
);
CREATE INDEX record_merges_survivor ON record_merges(workspace_id, object_type, survivor_id);

CREATE TABLE record_merge_moves (
  workspace_id TEXT NOT NULL,
  merge_id     TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  relation     TEXT NOT NULL,   -- a name of merge_relations.cpp, e.g. "deal_contacts"
  row_key      TEXT NOT NULL,   -- JSON array: the row's key values (without the moved column)
  from_id      TEXT NOT NULL,   -- the merged record the row named
  old_value    TEXT,            -- a dropped row as JSON, or a JSON column's text before the merge
  new_value    TEXT,            -- a JSON column's text as the merge wrote it
  PRIMARY KEY (merge_id, seq)
);
CREATE INDEX record_merge_moves_workspace ON record_merge_moves(workspace_id, merge_id);
