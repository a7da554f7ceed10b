-- Covering indexes for the report builder's scans of deals (issue 17 §1, report speed). A report the
-- kept deal_totals cannot answer (a created month, a minimum or maximum, a median, an amount filter)
-- reads every matched deal; through these it reads the index entries alone instead of each deal's
-- row (about 350 bytes with its custom fields, looked up one by one). The keys stay those of
-- migration 0006, so the lists sorted by them use them as before; the columns after `id` are what
-- the reports group, measure and scope by. `deleted_at` (always NULL here) is in each because
-- SQLite takes an index as covering only when it holds every column the query names, the partial
-- index's own `deleted_at IS NULL` included.
DROP INDEX deals_amount;
CREATE INDEX deals_amount ON deals(workspace_id, amount, id, owner_id, pipeline_id, stage_id, currency, deleted_at)
  WHERE deleted_at IS NULL;
DROP INDEX deals_close;
CREATE INDEX deals_close ON deals(workspace_id, expected_close_date, id, owner_id, currency, amount, deleted_at)
  WHERE deleted_at IS NULL;
DROP INDEX deals_owner_created;
CREATE INDEX deals_owner_created ON deals(workspace_id, owner_id, created_at, id, currency, amount, deleted_at)
  WHERE deleted_at IS NULL;
DROP INDEX deals_created;
CREATE INDEX deals_created ON deals(workspace_id, created_at, id, owner_id, pipeline_id, deleted_at) WHERE deleted_at IS NULL;
