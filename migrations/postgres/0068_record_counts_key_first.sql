-- record_counts with its key columns first, as SQLite's migration 0068 lays it out (that engine's
-- integrity check misreads the old layout). The two engines keep the same column order so that
-- migrate-data's row checksums (SELECT *) agree across them.
CREATE TABLE record_counts_keyed (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  slot         INTEGER NOT NULL DEFAULT 0,
  live         BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, object_type, slot)
);
INSERT INTO record_counts_keyed(workspace_id, object_type, slot, live)
  SELECT workspace_id, object_type, slot, live FROM record_counts;
DROP TABLE record_counts;
ALTER TABLE record_counts_keyed RENAME TO record_counts;
ALTER INDEX record_counts_keyed_pkey RENAME TO record_counts_pkey;
