-- The live deals with an amount, counted and summed per bucket of amounts, pipeline, stage and
-- currency (issue 17 §1, report speed). A deals report filtered by an amount range ("deals of 50,000
-- or more, by stage") read every matching deal: at 500,000 deals a quarter of them. With these counts
-- the buckets wholly inside the range are read as kept rows and only the deals of the one or two
-- buckets the range's ends cut are read from `deals_amount` (modules/analytics/kept_range.cpp). Exact:
-- a bucket either lies inside the range or is read deal by deal.
--
-- Buckets are 0084's (deal_amount_bucket: the amount truncated toward zero to two significant digits;
-- -99..99 are their own). The bucket leads the key: a range of amounts is one range of the key. The
-- owner is not kept (it made the rows ten times as many): a caller whose scope is narrower than the
-- workspace, or a definition on the owner, reads the deals. The amount's sum is kept in two parts
-- (high · 10^9 + low, as deal_totals). Kept per statement as deal_totals is (0015: one upsert per group
-- and statement, its net change, in key order so concurrent writers lock group rows in the same
-- order); '' stands for NULL in currency; a row brought to zero may stay (the reader skips it). Never
-- copied by migrate-data: the target's triggers rebuild it as the deals arrive. The table is filled
-- from the deals under a lock that keeps writers of deals out meanwhile.
LOCK TABLE deals IN SHARE MODE;

CREATE TABLE deal_stage_amount_buckets (
  workspace_id TEXT NOT NULL,
  bucket       BIGINT NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  deals        BIGINT NOT NULL,
  amount_high  BIGINT NOT NULL,
  amount_low   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, bucket, pipeline_id, stage_id, currency)
);

INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
SELECT workspace_id, deal_amount_bucket(amount), pipeline_id, stage_id, coalesce(currency, ''), count(*),
       sum(amount / 1000000000), sum(amount % 1000000000)
FROM deals WHERE deleted_at IS NULL AND amount IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION deal_stage_amount_buckets_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
  SELECT workspace_id, deal_amount_bucket(amount), pipeline_id, stage_id, coalesce(currency, ''), count(*),
         sum(amount / 1000000000), sum(amount % 1000000000)
  FROM new_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, bucket, pipeline_id, stage_id, currency)
  DO UPDATE SET deals = deal_stage_amount_buckets.deals + excluded.deals,
    amount_high = deal_stage_amount_buckets.amount_high + excluded.amount_high,
    amount_low = deal_stage_amount_buckets.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_stage_amount_buckets_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
  SELECT workspace_id, bucket, pipeline_id, stage_id, currency, sum(n), sum(high), sum(low)
  FROM (
    SELECT workspace_id, deal_amount_bucket(amount) AS bucket, pipeline_id, stage_id, coalesce(currency, '') AS currency, -1 AS n, -(amount / 1000000000) AS high, -(amount % 1000000000) AS low
    FROM old_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
    UNION ALL
    SELECT workspace_id, deal_amount_bucket(amount), pipeline_id, stage_id, coalesce(currency, ''), 1,
           amount / 1000000000, amount % 1000000000
    FROM new_rows WHERE deleted_at IS NULL AND amount IS NOT NULL
  ) change
  GROUP BY workspace_id, bucket, pipeline_id, stage_id, currency
  HAVING sum(n) <> 0 OR sum(high) <> 0 OR sum(low) <> 0
  ORDER BY workspace_id, bucket, pipeline_id, stage_id, currency
  ON CONFLICT (workspace_id, bucket, pipeline_id, stage_id, currency)
  DO UPDATE SET deals = deal_stage_amount_buckets.deals + excluded.deals,
    amount_high = deal_stage_amount_buckets.amount_high + excluded.amount_high,
    amount_low = deal_stage_amount_buckets.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_stage_amount_buckets_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_stage_amount_buckets t SET deals = t.deals - d.n, amount_high = t.amount_high - d.high, amount_low = t.amount_low - d.low
  FROM (SELECT workspace_id, deal_amount_bucket(amount) AS bucket, pipeline_id, stage_id, coalesce(currency, '') AS currency, count(*) AS n, sum(amount / 1000000000) AS high, sum(amount % 1000000000) AS low
        FROM old_rows WHERE deleted_at IS NULL AND amount IS NOT NULL GROUP BY 1, 2, 3, 4, 5) d
  WHERE t.workspace_id = d.workspace_id AND t.bucket = d.bucket AND t.pipeline_id = d.pipeline_id AND t.stage_id = d.stage_id AND t.currency = d.currency;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_amount_buckets_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_amount_buckets_apply_inserted();
CREATE TRIGGER deal_stage_amount_buckets_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_amount_buckets_apply_updated();
CREATE TRIGGER deal_stage_amount_buckets_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_amount_buckets_apply_deleted();
