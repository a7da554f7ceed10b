-- deal_totals also counts the deals that have an amount (issue 17 §1, report speed). The report
-- builder answers a deals report from deal_totals when the definition needs nothing else
-- (modules/analytics/kept_report.cpp); a count or average of amounts needs how many deals have one,
-- which `deals` (every live deal) does not say. Same key, indexes and figures as 0009 otherwise; the
-- table is rebuilt from the deals (its triggers are replaced, so nothing changes meanwhile: a
-- migration runs alone).
DROP TRIGGER deal_totals_insert;
DROP TRIGGER deal_totals_update;
DROP TRIGGER deal_totals_delete;
ALTER TABLE deal_totals ADD COLUMN amounts INTEGER NOT NULL DEFAULT 0;

DELETE FROM deal_totals;
INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                         amount_high, amount_low, amounts)
SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
       coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0), count(amount)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                           amount_high, amount_low, amounts)
  VALUES (new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0),
    new.amount IS NOT NULL)
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low,
    amounts = amounts + excluded.amounts;
END;

CREATE TRIGGER deal_totals_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, currency, amount,
  expected_close_date, closed_at, deleted_at ON deals BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount_high = amount_high - coalesce(old.amount / 1000000000, 0),
    amount_low = amount_low - coalesce(old.amount % 1000000000, 0), amounts = amounts - (old.amount IS NOT NULL)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
  INSERT INTO deal_totals (workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals,
                           amount_high, amount_low, amounts)
  SELECT new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0),
    new.amount IS NOT NULL
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low,
    amounts = amounts + excluded.amounts;
END;

CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount_high = amount_high - coalesce(old.amount / 1000000000, 0),
    amount_low = amount_low - coalesce(old.amount % 1000000000, 0), amounts = amounts - (old.amount IS NOT NULL)
  WHERE workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
END;
