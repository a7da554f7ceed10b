-- deal_totals kept per statement instead of per row (issue 10, stage removal). A statement that moves
-- 512 deals (a removed stage's, sales/stage_removal.cpp) ran the row trigger 512 times, each an
-- UPDATE and an upsert of a group row, and the group rows, updated again and again in one
-- transaction, kept every version until it ended: on 10,000 deals the trigger was most of the time.
-- These statement triggers read the statement's transition tables and apply one upsert per group,
-- its net change (groups whose figures do not change, e.g. a board move, are left alone), in key
-- order so concurrent writers lock group rows in the same order. The figures are the row trigger's
-- (0009): live deals only, amounts split in Σ a / 10^9 and Σ a % 10^9. SQLite keeps its row triggers
-- (a single writer, statements of one row but for stage removal, whose cost there is elsewhere).
DROP TRIGGER deal_totals_change ON deals;
DROP FUNCTION deal_totals_apply();

-- A trigger with transition tables names one event (and no column list): one function per event.
CREATE FUNCTION deal_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_totals
  SELECT workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, sum(n), sum(high), sum(low)
  FROM (
    SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
           coalesce(substr(expected_close_date, 1, 7), '') AS close_month, coalesce(substr(closed_at, 1, 7), '') AS closed_month,
           -1 AS n, -coalesce(amount / 1000000000, 0) AS high, -coalesce(amount % 1000000000, 0) AS low
    FROM old_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
           coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''),
           1, coalesce(amount / 1000000000, 0), coalesce(amount % 1000000000, 0)
    FROM new_rows WHERE deleted_at IS NULL
  ) change
  GROUP BY workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month
  HAVING sum(n) <> 0 OR sum(high) <> 0 OR sum(low) <> 0
  ORDER BY workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month
  ON CONFLICT (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deal_totals.deals + excluded.deals, amount_high = deal_totals.amount_high + excluded.amount_high,
    amount_low = deal_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_totals
  SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
         coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''),
         count(*), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
  FROM new_rows WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 6, 4, 5, 3, 7
  ON CONFLICT (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deal_totals.deals + excluded.deals, amount_high = deal_totals.amount_high + excluded.amount_high,
    amount_low = deal_totals.amount_low + excluded.amount_low;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_totals t SET deals = t.deals - d.n, amount_high = t.amount_high - d.high, amount_low = t.amount_low - d.low
  FROM (SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, '') AS owner_id, coalesce(currency, '') AS currency,
               coalesce(substr(expected_close_date, 1, 7), '') AS close_month, coalesce(substr(closed_at, 1, 7), '') AS closed_month,
               count(*) AS n, coalesce(sum(amount / 1000000000), 0) AS high, coalesce(sum(amount % 1000000000), 0) AS low
        FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) d
  WHERE t.workspace_id = d.workspace_id AND t.pipeline_id = d.pipeline_id AND t.stage_id = d.stage_id AND t.owner_id = d.owner_id
    AND t.currency = d.currency AND t.close_month = d.close_month AND t.closed_month = d.closed_month;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_totals_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_totals_apply_inserted();
CREATE TRIGGER deal_totals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_totals_apply_updated();
CREATE TRIGGER deal_totals_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_totals_apply_deleted();
