-- record_counts with its key columns first. Migration 0002 added `slot` to the key after `live`, a
-- layout on which SQLite 3.40's PRAGMA integrity_check (Debian bookworm) wrongly reports "NULL value
-- in record_counts.live" for every row of this WITHOUT ROWID table, so an operator's integrity check
-- of a sound database failed (found by bench/crash.sh). Same rows, same key; PostgreSQL's
-- 0068 takes the same column order (migrate-data's row checksums read SELECT *).
CREATE TABLE record_counts_keyed (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  slot         INTEGER NOT NULL DEFAULT 0,
  live         INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, object_type, slot)
) WITHOUT ROWID;
INSERT INTO record_counts_keyed(workspace_id, object_type, slot, live)
  SELECT workspace_id, object_type, slot, live FROM record_counts;
DROP TABLE record_counts;
ALTER TABLE record_counts_keyed RENAME TO record_counts;
