-- Deal totals for the sales reports: per (pipeline, stage, owner, currency, expected close month,
-- closed month) the number of live deals and the sum of their amounts, kept by triggers in the same
-- transaction as every change of a deal (API, board moves, imports, `rapport generate`). The forecast
-- and open-pipeline reports read these few thousand rows instead of aggregating every deal (at 500k
-- deals a scan costs tens of milliseconds per request). '' stands for NULL in the key columns.
CREATE TABLE deal_totals (
  workspace_id TEXT NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  close_month  TEXT NOT NULL,
  closed_month TEXT NOT NULL,
  deals        INTEGER NOT NULL,
  amount       INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
) WITHOUT ROWID;
-- One pipeline's forecast is a range of the primary key; all pipelines' by close_month; won deals by
-- the month they closed.
CREATE INDEX deal_totals_close ON deal_totals(workspace_id, close_month);
CREATE INDEX deal_totals_closed ON deal_totals(workspace_id, pipeline_id, closed_month);
CREATE INDEX deal_totals_closed_all ON deal_totals(workspace_id, closed_month);

INSERT INTO deal_totals
SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
       coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*),
       coalesce(sum(amount), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deal_totals VALUES (new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount, 0))
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER deal_totals_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, currency, amount,
  expected_close_date, closed_at, deleted_at ON deals BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount = amount - coalesce(old.amount, 0)
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
  INSERT INTO deal_totals SELECT new.workspace_id, new.pipeline_id, new.stage_id, coalesce(new.owner_id, ''),
    coalesce(new.currency, ''), coalesce(substr(new.expected_close_date, 1, 7), ''),
    coalesce(substr(new.closed_at, 1, 7), ''), 1, coalesce(new.amount, 0)
  WHERE new.deleted_at IS NULL
  ON CONFLICT(workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
  DO UPDATE SET deals = deals + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  UPDATE deal_totals SET deals = deals - 1, amount = amount - coalesce(old.amount, 0)
  WHERE workspace_id = old.workspace_id AND pipeline_id = old.pipeline_id
    AND stage_id = old.stage_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND close_month = coalesce(substr(old.expected_close_date, 1, 7), '')
    AND closed_month = coalesce(substr(old.closed_at, 1, 7), '');
END;
