-- Deal totals per owner, currency and one month, without the pipeline and stage (issue 17 §1, report
-- speed). deal_totals (0007, 0009, 0015, 0064) and deal_created_totals (0077) keep the pipeline and the
-- stage too: a report by owner and expected close quarter, or by owner and creation month, read and
-- merged every (pipeline, stage) row of them (5,538 and 7,680 rows at 500,000 deals). These two keep
-- the same figures (the count of live deals, the count of those with an amount and the amount's
-- two-part sum, high · 10^9 + low) per owner, currency and expected close month (deal_owner_totals) or
-- UTC creation month (deal_owner_created_totals): a few hundred rows. The report builder reads them
-- when a definition neither filters nor groups by the pipeline or the stage
-- (modules/analytics/kept_report.cpp). Kept per statement as deal_totals is (0015: one upsert per group
-- and statement, its net change, in key order so concurrent writers lock group rows in the same order);
-- neither key holds the stage, so a stage move's net change is nothing and writes no row. '' stands for
-- NULL in the key columns; a row brought to zero may stay (the reader skips it). Never copied by
-- migrate-data: the target's triggers rebuild them as the deals arrive. The tables are filled from the
-- deals under a lock that keeps writers of deals out meanwhile.
LOCK TABLE deals IN SHARE MODE;

CREATE TABLE deal_owner_totals (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  close_month  TEXT NOT NULL,
  deals        BIGINT NOT NULL,
  amounts      BIGINT NOT NULL,
  amount_high  BIGINT NOT NULL,
  amount_low   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, close_month)
);

INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), coalesce(substr(expected_close_date, 1, 7), ''), count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION deal_owner_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
  SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), coalesce(substr(expected_close_date, 1, 7), ''), count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
  FROM new_rows WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (workspace_id, owner_id, currency, close_month)
  DO UPDATE SET deals = deal_owner_totals.deals + excluded.deals, amounts = deal_owner_totals.amounts + excluded.amounts,
    amount_high = deal_owner_totals.amount_high + excluded.amount_high, amount_low = deal_owner_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

-- Per statement, the net change of each group (a stage move nets to nothing: no row is written).
CREATE FUNCTION deal_owner_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
  SELECT workspace_id, owner_id, currency, close_month, sum(n), sum(a), sum(high), sum(low)
  FROM (
    SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency, coalesce(substr(expected_close_date, 1, 7), '') AS close_month,
           -1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a, -coalesce(amount / 1000000000, 0) AS high,
           -coalesce(amount % 1000000000, 0) AS low
    FROM old_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), coalesce(substr(expected_close_date, 1, 7), ''), 1, CASE WHEN amount IS NULL THEN 0 ELSE 1 END, coalesce(amount / 1000000000, 0), coalesce(amount % 1000000000, 0)
    FROM new_rows WHERE deleted_at IS NULL
  ) change
  GROUP BY workspace_id, owner_id, currency, close_month
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0
  ORDER BY workspace_id, owner_id, currency, close_month
  ON CONFLICT (workspace_id, owner_id, currency, close_month)
  DO UPDATE SET deals = deal_owner_totals.deals + excluded.deals, amounts = deal_owner_totals.amounts + excluded.amounts,
    amount_high = deal_owner_totals.amount_high + excluded.amount_high, amount_low = deal_owner_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_owner_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_owner_totals t SET deals = t.deals - d.n, amounts = t.amounts - d.a, amount_high = t.amount_high - d.high,
    amount_low = t.amount_low - d.low
  FROM (SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency, coalesce(substr(expected_close_date, 1, 7), '') AS close_month,
               count(*) AS n, count(amount) AS a, coalesce(sum(amount / 1000000000), 0) AS high,
               coalesce(sum(amount % 1000000000), 0) AS low
        FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4) d
  WHERE t.workspace_id = d.workspace_id AND t.owner_id = d.owner_id AND t.currency = d.currency AND t.close_month = d.close_month;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_owner_totals_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_totals_apply_inserted();
CREATE TRIGGER deal_owner_totals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_totals_apply_updated();
CREATE TRIGGER deal_owner_totals_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_totals_apply_deleted();

CREATE TABLE deal_owner_created_totals (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  created_month TEXT NOT NULL,
  deals        BIGINT NOT NULL,
  amounts      BIGINT NOT NULL,
  amount_high  BIGINT NOT NULL,
  amount_low   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, created_month)
);

INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), substr(created_at, 1, 7), count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION deal_owner_created_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
  SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), substr(created_at, 1, 7), count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
  FROM new_rows WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (workspace_id, owner_id, currency, created_month)
  DO UPDATE SET deals = deal_owner_created_totals.deals + excluded.deals, amounts = deal_owner_created_totals.amounts + excluded.amounts,
    amount_high = deal_owner_created_totals.amount_high + excluded.amount_high, amount_low = deal_owner_created_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

-- Per statement, the net change of each group (a stage move nets to nothing: no row is written).
CREATE FUNCTION deal_owner_created_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
  SELECT workspace_id, owner_id, currency, created_month, sum(n), sum(a), sum(high), sum(low)
  FROM (
    SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency, substr(created_at, 1, 7) AS created_month,
           -1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a, -coalesce(amount / 1000000000, 0) AS high,
           -coalesce(amount % 1000000000, 0) AS low
    FROM old_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), substr(created_at, 1, 7), 1, CASE WHEN amount IS NULL THEN 0 ELSE 1 END, coalesce(amount / 1000000000, 0), coalesce(amount % 1000000000, 0)
    FROM new_rows WHERE deleted_at IS NULL
  ) change
  GROUP BY workspace_id, owner_id, currency, created_month
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0
  ORDER BY workspace_id, owner_id, currency, created_month
  ON CONFLICT (workspace_id, owner_id, currency, created_month)
  DO UPDATE SET deals = deal_owner_created_totals.deals + excluded.deals, amounts = deal_owner_created_totals.amounts + excluded.amounts,
    amount_high = deal_owner_created_totals.amount_high + excluded.amount_high, amount_low = deal_owner_created_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_owner_created_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_owner_created_totals t SET deals = t.deals - d.n, amounts = t.amounts - d.a, amount_high = t.amount_high - d.high,
    amount_low = t.amount_low - d.low
  FROM (SELECT workspace_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency, substr(created_at, 1, 7) AS created_month,
               count(*) AS n, count(amount) AS a, coalesce(sum(amount / 1000000000), 0) AS high,
               coalesce(sum(amount % 1000000000), 0) AS low
        FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4) d
  WHERE t.workspace_id = d.workspace_id AND t.owner_id = d.owner_id AND t.currency = d.currency AND t.created_month = d.created_month;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_owner_created_totals_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_created_totals_apply_inserted();
CREATE TRIGGER deal_owner_created_totals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_created_totals_apply_updated();
CREATE TRIGGER deal_owner_created_totals_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_owner_created_totals_apply_deleted();
