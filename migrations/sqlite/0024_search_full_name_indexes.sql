-- Global search reads a query of two tokens ("Kwame Rob", "andrea.m") as a first name and the
-- beginning of a last name with a range scan of these indexes (platform/records/search.cpp
-- find_by_full_name), in the order of the names; the same indexes as PostgreSQL's version 24, so
-- that both engines read the same records (FTS5 alone was fast enough here, PostgreSQL's GIN index
-- was not). A lead's first name had no index before.
CREATE INDEX contacts_full_name ON contacts(workspace_id, first_name_key, last_name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_full_name ON leads(workspace_id, first_name_key, last_name_key, id) WHERE deleted_at IS NULL;
