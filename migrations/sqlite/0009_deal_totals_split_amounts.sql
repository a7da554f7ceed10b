-- deal_totals without overflow (issue 10, item 3). A group's amount sum could leave int64 (SQLite then
-- turns it REAL and inexact, PostgreSQL fails the deal's write), so each amount a is kept as two sums
-- that always fit: amount_high = Σ a / 10^9 and amount_low = Σ a % 10^9 (both engines truncate toward
-- zero, so a = high·10^9 + low exactly); readers join them in 128 bits (platform/money.hpp, sum_sql,
-- explains why they fit). Same key, indexes and triggers as 0007 otherwise.
DROP TRIGGER deal_totals_insert;
DROP TRIGGER deal_totals_update;
DROP TRIGGER deal_totals_delete;
DROP TABLE deal_totals;

CREATE TABLE deal_totals (
  workspace_id TEXT NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  close_month  TEXT NOT NULL,
  closed_month TEXT NOT NULL,
  deals        INTEGER NOT NULL,
  amount_high  INTEGER NOT NULL,
  amount_low   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
) WITHOUT ROWID;
CREATE INDEX deal_totals_close ON deal_totals(workspace_id, close_month);
CREATE INDEX deal_totals_closed ON deal_totals(workspace_id, pipeline_id, closed_month);
CREATE INDEX deal_totals_closed_all ON deal_totals(workspace_id, closed_month);

INSERT INTO deal_totals
SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
       coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_totals VALUES (new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0))
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_totals_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, currency, amount,
  expected_close_date, closed_at, deleted_at ON deals BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount_high = amount_high - coalesce(old.amount / 1000000000, 0),
    amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
  INSERT INTO deal_totals SELECT new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0)
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount_high = amount_high - coalesce(old.amount / 1000000000, 0),
    amount_low = amount_low - coalesce(old.amount % 1000000000, 0)
  WHERE workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
END;
