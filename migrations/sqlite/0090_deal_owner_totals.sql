-- Deal totals per owner, currency and one month, without the pipeline and stage (issue 17 §1, report
-- speed). deal_totals (0007, 0009, 0064) and deal_created_totals (0077) keep the pipeline and the stage
-- too: a report by owner and expected close quarter, or by owner and creation month, read and merged
-- every (pipeline, stage) row of them (5,538 and 7,680 rows at 500,000 deals, about 3.4 ms of SQLite's
-- CPU a request for the second). These two keep the same figures (the count of live deals, the count
-- of those with an amount and the amount's two-part sum, high · 10^9 + low) per owner, currency and
-- expected close month (deal_owner_totals) or UTC creation month (deal_owner_created_totals): a few
-- hundred rows. The report builder reads them when a definition neither filters nor groups by the
-- pipeline or the stage (modules/analytics/kept_report.cpp). Neither key holds the stage, so a stage
-- move writes neither (the usual deal write); a create, a delete, or a change of the amount, owner,
-- currency or month writes each once. Kept by triggers in every deal write's transaction, whoever
-- writes; '' stands for NULL in the key columns; a row brought to zero may stay (the reader skips it).
-- Never copied by migrate-data: the target's triggers rebuild them as the deals arrive.

CREATE TABLE deal_owner_totals (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  close_month  TEXT NOT NULL,
  deals        INTEGER NOT NULL,
  amounts      INTEGER NOT NULL,
  amount_high  INTEGER NOT NULL,
  amount_low   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, close_month)
) WITHOUT ROWID;

INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), coalesce(substr(expected_close_date, 1, 7), ''), count(*), count(amount),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER deal_owner_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
  VALUES (new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''), 1, new.amount IS NOT NULL,
    coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0))
  ON CONFLICT(workspace_id, owner_id, currency, close_month)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

-- Only when the deal is or was live and a kept column or its liveness changed: a stage move leaves it alone.
CREATE TRIGGER deal_owner_totals_update AFTER UPDATE OF workspace_id, owner_id, currency, amount, expected_close_date, deleted_at ON deals
  WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL)
   AND (old.amount IS NOT new.amount OR old.owner_id IS NOT new.owner_id OR old.currency IS NOT new.currency
        OR old.workspace_id IS NOT new.workspace_id OR coalesce(substr(old.expected_close_date, 1, 7), '') IS NOT coalesce(substr(new.expected_close_date, 1, 7), '')
        OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)) BEGIN
  UPDATE deal_owner_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND owner_id = coalesce(old.owner_id, '')
    AND currency = coalesce(old.currency, '') AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '');
  INSERT INTO deal_owner_totals (workspace_id, owner_id, currency, close_month, deals, amounts, amount_high, amount_low)
  SELECT new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''), 1, new.amount IS NOT NULL,
    coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0)
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, owner_id, currency, close_month)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_owner_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_owner_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE workspace_id = old.workspace_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '');
END;

CREATE TABLE deal_owner_created_totals (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  created_month TEXT NOT NULL,
  deals        INTEGER NOT NULL,
  amounts      INTEGER NOT NULL,
  amount_high  INTEGER NOT NULL,
  amount_low   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, created_month)
) WITHOUT ROWID;

INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), substr(created_at, 1, 7), count(*), count(amount),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER deal_owner_created_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
  VALUES (new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''), substr(new.created_at, 1, 7), 1, new.amount IS NOT NULL,
    coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0))
  ON CONFLICT(workspace_id, owner_id, currency, created_month)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

-- Only when the deal is or was live and a kept column or its liveness changed: a stage move leaves it alone.
CREATE TRIGGER deal_owner_created_totals_update AFTER UPDATE OF workspace_id, owner_id, currency, amount, created_at, deleted_at ON deals
  WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL)
   AND (old.amount IS NOT new.amount OR old.owner_id IS NOT new.owner_id OR old.currency IS NOT new.currency
        OR old.workspace_id IS NOT new.workspace_id OR substr(old.created_at, 1, 7) IS NOT substr(new.created_at, 1, 7)
        OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)) BEGIN
  UPDATE deal_owner_created_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND owner_id = coalesce(old.owner_id, '')
    AND currency = coalesce(old.currency, '') AND created_month = substr(old.created_at, 1, 7);
  INSERT INTO deal_owner_created_totals (workspace_id, owner_id, currency, created_month, deals, amounts, amount_high, amount_low)
  SELECT new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''), substr(new.created_at, 1, 7), 1, new.amount IS NOT NULL,
    coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0)
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, owner_id, currency, created_month)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_owner_created_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_owner_created_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE workspace_id = old.workspace_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND created_month = substr(old.created_at, 1, 7);
END;
