-- Team and pipeline names are unique within a workspace case-insensitively, by the same rule as
-- records' names (0011): a key folded by the server (NFKC_Casefold) in name_key, compared bytewise.
-- The code step of this version fills the keys of existing rows; version 14 builds the indexes.
ALTER TABLE teams ADD COLUMN name_key TEXT;
ALTER TABLE pipelines ADD COLUMN name_key TEXT;
DROP INDEX teams_name;
DROP INDEX pipelines_name;
