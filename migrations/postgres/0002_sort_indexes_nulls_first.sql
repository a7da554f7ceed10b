-- List pages sort NULLs first ascending and last descending on both engines (SQLite's order; the
-- keyset cursors rely on it). PostgreSQL's B-tree columns default to NULLS LAST, and an index only
-- serves ORDER BY x ASC NULLS FIRST (or, scanned backwards, DESC NULLS LAST) when its column is
-- NULLS FIRST: without that, a filtered page of 50 at 1M contacts read the whole table and sorted
-- it (about 1.4 s). The sort columns are rebuilt NULLS FIRST.
DROP INDEX companies_created;
CREATE INDEX companies_created ON companies(workspace_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX companies_updated;
CREATE INDEX companies_updated ON companies(workspace_id, updated_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX companies_name;
CREATE INDEX companies_name ON companies(workspace_id, lower(name) NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX companies_owner;
CREATE INDEX companies_owner ON companies(workspace_id, owner_id NULLS FIRST, id) WHERE deleted_at IS NULL;

DROP INDEX contacts_created;
CREATE INDEX contacts_created ON contacts(workspace_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_updated;
CREATE INDEX contacts_updated ON contacts(workspace_id, updated_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_last_name;
CREATE INDEX contacts_last_name ON contacts(workspace_id, lower(last_name) NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_first_name;
CREATE INDEX contacts_first_name ON contacts(workspace_id, lower(first_name) NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_company;
CREATE INDEX contacts_company ON contacts(workspace_id, company_id NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_stage;
CREATE INDEX contacts_stage ON contacts(workspace_id, lifecycle_stage, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX contacts_owner;
CREATE INDEX contacts_owner ON contacts(workspace_id, owner_id NULLS FIRST, id) WHERE deleted_at IS NULL;

DROP INDEX activities_created;
CREATE INDEX activities_created ON activities(workspace_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX activities_occurred;
CREATE INDEX activities_occurred ON activities(workspace_id, occurred_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX activities_updated;
CREATE INDEX activities_updated ON activities(workspace_id, updated_at NULLS FIRST, id) WHERE deleted_at IS NULL;
DROP INDEX activities_due;
CREATE INDEX activities_due ON activities(workspace_id, due_at NULLS FIRST, id) WHERE deleted_at IS NULL;

-- The custom-field sort indexes made so far (cf_<object>_<name>, CustomFieldDef::index_sql).
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT indexname, indexdef FROM pg_indexes
           WHERE schemaname = current_schema() AND indexname LIKE 'cf\_%' AND indexdef NOT LIKE '%NULLS FIRST%' LOOP
    EXECUTE 'DROP INDEX ' || quote_ident(r.indexname);
    EXECUTE replace(r.indexdef, ', id) WHERE', ' NULLS FIRST, id) WHERE');
  END LOOP;
END $$;

-- Every write adds to its object's live count; one row per (workspace, object) made concurrent
-- creates wait for each other's commit on that row's lock (about 250 creates/s). The count is now
-- spread over slots (a write picks one at random); the live count is their sum.
ALTER TABLE record_counts ADD COLUMN slot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE record_counts DROP CONSTRAINT record_counts_pkey;
ALTER TABLE record_counts ADD PRIMARY KEY (workspace_id, object_type, slot);
