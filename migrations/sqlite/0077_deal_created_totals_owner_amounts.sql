-- Deal totals by the UTC month each deal was created in (issue 17 §1, report speed). deal_totals
-- (0007, 0009, 0064) keeps the expected close and closed months, not the creation month, and adding
-- it to that key would multiply its rows by the months; this second kept aggregate holds, per
-- pipeline, creation month, owner, currency and stage, the count of live deals, the count of those
-- with an amount and the amount's two-part sum (high · 10^9 + low, as deal_totals). The report
-- builder answers a deals report grouped by the creation month, quarter or year (a UTC workspace)
-- from it (modules/analytics/kept_report.cpp). Kept by triggers in every deal write's transaction,
-- whoever writes; '' stands for NULL in the key columns; a group brought to zero may stay (the reader
-- skips it). Never copied by migrate-data: the target's triggers rebuild it as the deals arrive.
CREATE TABLE deal_created_totals (
  workspace_id  TEXT NOT NULL,
  pipeline_id   TEXT NOT NULL,
  created_month TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  currency      TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  deals         INTEGER NOT NULL,
  amounts       INTEGER NOT NULL,
  amount_high   INTEGER NOT NULL,
  amount_low    INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
) WITHOUT ROWID;

INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                 amount_high, amount_low)
SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*),
       count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER deal_created_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                   amount_high, amount_low)
  VALUES (new.workspace_id, new.pipeline_id, substr(new.created_at, 1, 7), coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    new.stage_id, 1, new.amount IS NOT NULL, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0))
  ON CONFLICT(workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_created_totals_update AFTER UPDATE OF workspace_id, pipeline_id, stage_id, owner_id, currency, amount,
  created_at, deleted_at ON deals BEGIN
  UPDATE deal_created_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND created_month = substr(old.created_at, 1, 7) AND owner_id = coalesce(old.owner_id, '')
    AND currency = coalesce(old.currency, '') AND stage_id = old.stage_id;
  INSERT INTO deal_created_totals (workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts,
                                   amount_high, amount_low)
  SELECT new.workspace_id, new.pipeline_id, substr(new.created_at, 1, 7), coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    new.stage_id, 1, new.amount IS NOT NULL, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0)
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, pipeline_id, created_month, owner_id, currency, stage_id)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_created_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_created_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id AND created_month = substr(old.created_at, 1, 7)
    AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '') AND stage_id = old.stage_id;
END;

-- A median of the amount per owner (modules/analytics/kept_median.hpp) reads one owner's amounts in
-- one currency in order up to the middle, its count known from deal_totals: this index is that order.
-- deleted_at is held too: SQLite takes a partial index as covering only when it holds every column the
-- query names, its own condition's included (as 0074).
CREATE INDEX deals_owner_amount ON deals(workspace_id, owner_id, currency, amount, deleted_at) WHERE deleted_at IS NULL;
