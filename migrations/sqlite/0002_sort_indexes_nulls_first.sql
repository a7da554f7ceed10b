-- The PostgreSQL migration of the same number rebuilds sort indexes NULLS FIRST (SQLite sorts NULLs
-- first already) and spreads record_counts over slots, so that concurrent writers on PostgreSQL do
-- not queue on one row. SQLite has a single writer and always uses slot 0; the column keeps both
-- engines' tables alike (rapport migrate-data).
CREATE TABLE record_counts_slotted (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  live         INTEGER NOT NULL,
  slot         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, object_type, slot)
) WITHOUT ROWID;
INSERT INTO record_counts_slotted(workspace_id, object_type, live, slot)
  SELECT workspace_id, object_type, live, 0 FROM record_counts;
DROP TABLE record_counts;
ALTER TABLE record_counts_slotted RENAME TO record_counts;
