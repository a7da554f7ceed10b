-- Covering indexes for the report builder's scans of deals (issue 17 §1, report speed), as SQLite's
-- migration 0074: a report the kept deal_totals cannot answer (a created month, a minimum or
-- maximum, a median, an amount filter) reads every matched deal, and with these an index-only scan
-- can read the index entries instead of the rows. The keys stay those of migration 0006 (the lists
-- sorted by them use them as before); the included columns are what the reports group, measure and
-- scope by. The partial predicate is implied by the reports' `deleted_at IS NULL`, so PostgreSQL
-- needs no `deleted_at` column for an index-only scan.
DROP INDEX deals_amount;
CREATE INDEX deals_amount ON deals(workspace_id, amount NULLS FIRST, id) INCLUDE (owner_id, pipeline_id, stage_id, currency)
  WHERE deleted_at IS NULL;
DROP INDEX deals_close;
CREATE INDEX deals_close ON deals(workspace_id, expected_close_date NULLS FIRST, id) INCLUDE (owner_id, currency, amount)
  WHERE deleted_at IS NULL;
DROP INDEX deals_owner_created;
CREATE INDEX deals_owner_created ON deals(workspace_id, owner_id, created_at NULLS FIRST, id) INCLUDE (currency, amount)
  WHERE deleted_at IS NULL;
DROP INDEX deals_created;
CREATE INDEX deals_created ON deals(workspace_id, created_at NULLS FIRST, id) INCLUDE (owner_id, pipeline_id) WHERE deleted_at IS NULL;
