-- Pairs of probable duplicates a person said are not the same (src/modules/dedupe/dismissals.*):
-- one row a pair (record_a < record_b), the pairs of one dismissal (a pair or a group) sharing its
-- dismissal_id, which undoes them together. The list of duplicates leaves these pairs out, whatever
-- the scan finds again. Ids only.
CREATE TABLE duplicate_dismissals (
  workspace_id  TEXT NOT NULL,
  object_type   TEXT NOT NULL,
  record_a      TEXT NOT NULL,
  record_b      TEXT NOT NULL,
  dismissal_id  TEXT NOT NULL,
  dismissed_by  TEXT NOT NULL,
  dismissed_at  TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object_type, record_a, record_b)
);
-- An undo finds its dismissal's pairs.
CREATE INDEX duplicate_dismissals_id ON duplicate_dismissals(workspace_id, dismissal_id);
