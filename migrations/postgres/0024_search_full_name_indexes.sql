-- Global search reads a query of two tokens ("Kwame Rob", "andrea.m") as a first name and the
-- beginning of a last name with a range scan of these indexes (platform/records/search.cpp
-- find_by_full_name), which stops at the candidates it wants, in the order of the names. The
-- full-text index answered it by gathering every record with a word beginning with the short last
-- token and computing the search function again for each one it kept: 40 to 85 ms at a million
-- contacts, against under a millisecond here. The same indexes on SQLite, so that both engines
-- read the same records; a lead's first name had no index before.
CREATE INDEX contacts_full_name ON contacts(workspace_id, first_name_key, last_name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_full_name ON leads(workspace_id, first_name_key, last_name_key, id) WHERE deleted_at IS NULL;
