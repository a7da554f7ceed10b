-- Probable duplicates among a workspace's contacts, companies and leads (src/modules/dedupe/): one
-- row a pair (record_a < record_b), replaced for the whole object by the dedupe.scan job, added to
-- when a record is created. Ids only: reasons are words ("same email"), never the values.
CREATE TABLE duplicate_pairs (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  record_a     TEXT NOT NULL,
  record_b     TEXT NOT NULL,
  confidence   INTEGER NOT NULL,  -- percent
  reasons      TEXT NOT NULL,     -- JSON array
  found_at     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object_type, record_a, record_b)
);
-- The list's order (strongest first) and the pairs of one record.
CREATE INDEX duplicate_pairs_rank ON duplicate_pairs(workspace_id, object_type, confidence DESC, record_a, record_b);
CREATE INDEX duplicate_pairs_b ON duplicate_pairs(workspace_id, object_type, record_b);
