-- deal_totals also counts the deals that have an amount (issue 17 §1, report speed). The report
-- builder answers a deals report from deal_totals when the definition needs nothing else
-- (modules/analytics/kept_report.cpp); a count or average of amounts needs how many deals have one,
-- which `deals` (every live deal) does not say. Same key, indexes, figures and per-statement triggers
-- as 0015 otherwise (the functions are replaced; the triggers call them by name). The table is
-- rebuilt from the deals under a lock that keeps writers of deals out meanwhile.
LOCK TABLE deals IN SHARE MODE;
ALTER TABLE deal_totals ADD COLUMN amounts BIGINT NOT NULL DEFAULT 0;

DELETE FROM deal_totals;
INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                         amount_high, amount_low, amounts)
SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
       coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0), count(amount)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE OR REPLACE FUNCTION deal_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                           amount_high, amount_low, amounts)
  SELECT workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, sum(n), sum(high), sum(low), sum(a)
  FROM (
    SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
           coalesce(substr(expected_close_date, 1, 7), '') AS close_month, coalesce(substr(closed_at, 1, 7), '') AS closed_month,
           -1 AS n, -coalesce(amount / 1000000000, 0) AS high, -coalesce(amount % 1000000000, 0) AS low,
           CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a
    FROM old_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
           coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''),
           1, coalesce(amount / 1000000000, 0), coalesce(amount % 1000000000, 0), CASE WHEN amount IS NULL THEN 0 ELSE 1 END
    FROM new_rows WHERE deleted_at IS NULL
  ) change
  GROUP BY workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month
  HAVING sum(n) <> 0 OR sum(high) <> 0 OR sum(low) <> 0 OR sum(a) <> 0
  ORDER BY workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month
  ON CONFLICT (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deal_totals.deals + excluded.deals, amount_high = deal_totals.amount_high + excluded.amount_high,
    amount_low = deal_totals.amount_low + excluded.amount_low, amounts = deal_totals.amounts + excluded.amounts;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION deal_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                           amount_high, amount_low, amounts)
  SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
         coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''),
         count(*), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0), count(amount)
  FROM new_rows WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 6, 4, 5, 3, 7
  ON CONFLICT (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deal_totals.deals + excluded.deals, amount_high = deal_totals.amount_high + excluded.amount_high,
    amount_low = deal_totals.amount_low + excluded.amount_low, amounts = deal_totals.amounts + excluded.amounts;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION deal_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_totals t SET deals = t.deals - d.n, amount_high = t.amount_high - d.high, amount_low = t.amount_low - d.low,
    amounts = t.amounts - d.a
  FROM (SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
               coalesce(substr(expected_close_date, 1, 7), '') AS close_month, coalesce(substr(closed_at, 1, 7), '') AS closed_month,
               count(*) AS n, coalesce(sum(amount / 1000000000), 0) AS high, coalesce(sum(amount % 1000000000), 0) AS low,
               count(amount) AS a
        FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) d
  WHERE t.workspace_id = d.workspace_id AND t.pipeline_id = d.pipeline_id AND t.stage_id = d.stage_id AND t.owner_id = d.owner_id
    AND t.currency = d.currency AND t.close_month = d.close_month AND t.closed_month = d.closed_month;
  RETURN NULL;
END
$$;
