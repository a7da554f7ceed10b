-- Deal totals by the UTC month each deal was created in (issue 17 §1, report speed). deal_totals
-- (0007, 0009, 0015, 0064) keeps the expected close and closed months, not the creation month, and
-- adding it to that key would multiply its rows by the months; this second kept aggregate holds, per
-- pipeline, creation month, owner, currency and stage, the count of live deals, the count of those
-- with an amount and the amount's two-part sum (high · 10^9 + low, as deal_totals). The report
-- builder answers a deals report grouped by the creation month, quarter or year (a UTC workspace)
-- from it (modules/analytics/kept_report.cpp). Kept per statement as deal_totals is (0015: one upsert
-- per group and statement, its net change, in key order so concurrent writers lock group rows in the
-- same order); '' stands for NULL in the key columns; a group brought to zero may stay (the reader
-- skips it). Never copied by migrate-data: the target's triggers rebuild it as the deals arrive. The
-- table is filled from the deals under a lock that keeps writers of deals out meanwhile.
LOCK TABLE deals IN SHARE MODE;

CREATE TABLE deal_created_totals (
  workspace_id  TEXT NOT NULL,
  pipeline_id   TEXT NOT NULL,
  created_month TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  currency      TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  deals         BIGINT NOT NULL,
  amounts       BIGINT NOT NULL,
  amount_high   BIGINT NOT NULL,
  amount_low    BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
);

INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                 amount_high, amount_low)
SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*),
       count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE FUNCTION deal_created_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                   amount_high, amount_low)
  SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id,
         count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
  FROM new_rows WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
  DO UPDATE SET deals = deal_created_totals.deals + excluded.deals, amounts = deal_created_totals.amounts + excluded.amounts,
    amount_high = deal_created_totals.amount_high + excluded.amount_high,
    amount_low = deal_created_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_created_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                   amount_high, amount_low)
  SELECT workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, sum(n), sum(a), sum(high), sum(low)
  FROM (
    SELECT workspace_id, pipeline_id, substr(created_at, 1, 7) AS created_month, coalesce(owner_id, '') AS owner_id,
           coalesce(currency, '') AS currency, stage_id, -1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a,
           -coalesce(amount / 1000000000, 0) AS high, -coalesce(amount % 1000000000, 0) AS low
    FROM old_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id,
           1, CASE WHEN amount IS NULL THEN 0 ELSE 1 END, coalesce(amount / 1000000000, 0), coalesce(amount % 1000000000, 0)
    FROM new_rows WHERE deleted_at IS NULL
  ) change
  GROUP BY workspace_id, pipeline_id, created_month, owner_id, currency, stage_id
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0
  ORDER BY workspace_id, pipeline_id, created_month, owner_id, currency, stage_id
  ON CONFLICT (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
  DO UPDATE SET deals = deal_created_totals.deals + excluded.deals, amounts = deal_created_totals.amounts + excluded.amounts,
    amount_high = deal_created_totals.amount_high + excluded.amount_high,
    amount_low = deal_created_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_created_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_created_totals t SET deals = t.deals - d.n, amounts = t.amounts - d.a, amount_high = t.amount_high - d.high,
    amount_low = t.amount_low - d.low
  FROM (SELECT workspace_id, pipeline_id, substr(created_at, 1, 7) AS created_month, coalesce(owner_id, '') AS owner_id,
               coalesce(currency, '') AS currency, stage_id, count(*) AS n, count(amount) AS a,
               coalesce(sum(amount / 1000000000), 0) AS high, coalesce(sum(amount % 1000000000), 0) AS low
        FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6) d
  WHERE t.workspace_id = d.workspace_id AND t.pipeline_id = d.pipeline_id AND t.created_month = d.created_month
    AND t.owner_id = d.owner_id AND t.currency = d.currency AND t.stage_id = d.stage_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_created_totals_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_created_totals_apply_inserted();
CREATE TRIGGER deal_created_totals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_created_totals_apply_updated();
CREATE TRIGGER deal_created_totals_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_created_totals_apply_deleted();

-- A median of the amount per owner (modules/analytics/kept_median.hpp) reads one owner's amounts in
-- one currency in order up to the middle, its count known from deal_totals: this index is that order.
CREATE INDEX deals_owner_amount ON deals(workspace_id, owner_id, currency, amount) WHERE deleted_at IS NULL;
