-- How many live deals of each owner and currency have an amount in each bucket of amounts (issue 17
-- §1, report speed). The report builder's median of the amount by owner (or of every deal) knew each
-- group's count from deal_totals and read its amounts in index order up to the middle: half of every
-- group's entries. With these counts the reader sums a group's buckets in order to the one that holds
-- the middle, then reads the deals' index from that bucket's least amount, skipping only the entries
-- of that bucket before the middle (modules/analytics/kept_median.cpp). Exact: the buckets only say
-- where to start reading.
--
-- A bucket is the amount truncated toward zero to two significant digits (-99..99 are their own
-- bucket; 1,234,567 is in 1,200,000, -1,234 in -1,200): deal_amount_bucket below, the expression of
-- SQLite's 0084. Kept per statement as deal_totals is (0015: one upsert per group and statement, its
-- net change, in key order so concurrent writers lock group rows in the same order); '' stands for
-- NULL in owner_id and currency; a bucket brought to zero may stay (the reader skips it). Never copied
-- by migrate-data: the target's triggers rebuild it as the deals arrive. The table is filled from the
-- deals under a lock that keeps writers of deals out meanwhile.
LOCK TABLE deals IN SHARE MODE;

CREATE FUNCTION deal_amount_bucket(amount BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN amount BETWEEN -99 AND 99 THEN amount
              ELSE amount / CAST('1' || repeat('0', length(CAST(abs(amount) AS TEXT)) - 2) AS BIGINT)
                          * CAST('1' || repeat('0', length(CAST(abs(amount) AS TEXT)) - 2) AS BIGINT) END
$$;

CREATE TABLE deal_amount_buckets (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  bucket       BIGINT NOT NULL,
  deals        BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, bucket)
);

INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), deal_amount_bucket(amount), count(*)
FROM deals WHERE deleted_at IS NULL AND amount IS NOT NULL
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION deal_amount_buckets_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
  SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), deal_amount_bucket(amount), count(*)
  FROM new_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (workspace_id, owner_id, currency, bucket) DO UPDATE SET deals = deal_amount_buckets.deals + excluded.deals;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_amount_buckets_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
  SELECT workspace_id, owner_id, currency, bucket, sum(n)
  FROM (
    SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
           deal_amount_bucket(amount) AS bucket, -1 AS n
    FROM old_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
    UNION ALL
    SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), deal_amount_bucket(amount), 1
    FROM new_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
  ) change
  GROUP BY workspace_id, owner_id, currency, bucket
  HAVING sum(n) <> 0
  ORDER BY workspace_id, owner_id, currency, bucket
  ON CONFLICT (workspace_id, owner_id, currency, bucket) DO UPDATE SET deals = deal_amount_buckets.deals + excluded.deals;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_amount_buckets_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_amount_buckets t SET deals = t.deals - d.n
  FROM (SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
               deal_amount_bucket(amount) AS bucket, count(*) AS n
        FROM old_rows WHERE deleted_at IS NULL AND amount IS NOT NULL GROUP BY 1, 2, 3, 4) d
  WHERE t.workspace_id = d.workspace_id AND t.owner_id = d.owner_id AND t.currency = d.currency AND t.bucket = d.bucket;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_amount_buckets_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_amount_buckets_apply_inserted();
CREATE TRIGGER deal_amount_buckets_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_amount_buckets_apply_updated();
CREATE TRIGGER deal_amount_buckets_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_amount_buckets_apply_deleted();
