-- The live deals with an amount, counted and summed per bucket of amounts, pipeline, stage and
-- currency (issue 17 §1, report speed). A deals report filtered by an amount range ("deals of 50,000
-- or more, by stage") read every matching deal and sorted them for GROUP BY: at 500,000 deals a
-- quarter of them, ~60 ms of CPU a request. With these counts the buckets wholly inside the range are
-- read as kept rows and only the deals of the one or two buckets the range's ends cut are read from
-- `deals_amount` (modules/analytics/kept_range.cpp). Exact: a bucket either lies inside the range or is
-- read deal by deal.
--
-- Buckets are 0084's (the amount truncated toward zero to two significant digits; -99..99 are their
-- own), so a bucket is at most a hundredth of its amounts' magnitude wide. The bucket leads the key:
-- a range of amounts is one range of the key. The owner is not kept: with it the rows were ten times
-- as many (73,305 at 500,000 deals and ten owners; "50,000 or more" read 18,973 of them and sorted
-- them, ~11 ms of CPU), so a caller whose scope is narrower than the workspace, or a definition on the
-- owner, reads the deals. The amount's sum is kept in two parts (high · 10^9 + low, as deal_totals).
-- Kept by triggers in every deal write's transaction, whoever writes; '' stands for NULL in currency;
-- a row brought to zero may stay (the reader skips it). Never copied by migrate-data: the target's
-- triggers rebuild it as the deals arrive.
CREATE TABLE deal_stage_amount_buckets (
  workspace_id TEXT NOT NULL,
  bucket       INTEGER NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  deals        INTEGER NOT NULL,
  amount_high  INTEGER NOT NULL,
  amount_low   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, bucket, pipeline_id, stage_id, currency)
) WITHOUT ROWID;

INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
SELECT workspace_id,
       CASE WHEN amount BETWEEN -99 AND 99 THEN amount
            ELSE amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(amount) AS TEXT)) - 2) AS INTEGER)
                        * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(amount) AS TEXT)) - 2) AS INTEGER) END,
       pipeline_id, stage_id, coalesce(currency, ''), count(*), sum(amount / 1000000000), sum(amount % 1000000000)
FROM deals WHERE deleted_at IS NULL AND amount IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER deal_stage_amount_buckets_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL AND new.amount IS NOT NULL BEGIN
  INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
  VALUES (new.workspace_id,
    CASE WHEN new.amount BETWEEN -99 AND 99 THEN new.amount
         ELSE new.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER)
                         * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER) END,
    new.pipeline_id, new.stage_id, coalesce(new.currency, ''), 1, new.amount / 1000000000,
    new.amount % 1000000000)
  ON CONFLICT(workspace_id, bucket, pipeline_id, stage_id, currency)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low;
END;

-- Only when the deal is or was counted and its key, amount or liveness changed (a deal's other writes
-- leave the buckets alone).
CREATE TRIGGER deal_stage_amount_buckets_update AFTER UPDATE OF workspace_id, pipeline_id, stage_id, currency, amount, deleted_at ON deals
  WHEN ((old.deleted_at IS NULL AND old.amount IS NOT NULL) OR (new.deleted_at IS NULL AND new.amount IS NOT NULL))
   AND (old.amount IS NOT new.amount OR old.stage_id IS NOT new.stage_id OR old.pipeline_id IS NOT new.pipeline_id
        OR old.currency IS NOT new.currency OR old.workspace_id IS NOT new.workspace_id
        OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)) BEGIN
  UPDATE deal_stage_amount_buckets SET deals = deals - 1, amount_high = amount_high - old.amount / 1000000000,
    amount_low = amount_low - old.amount % 1000000000
  WHERE old.deleted_at IS NULL AND old.amount IS NOT NULL AND workspace_id = old.workspace_id
    AND bucket = CASE WHEN old.amount BETWEEN -99 AND 99 THEN old.amount
                      ELSE old.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER)
                                      * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER) END
    AND pipeline_id = old.pipeline_id AND stage_id = old.stage_id AND currency = coalesce(old.currency, '');
  INSERT INTO deal_stage_amount_buckets (workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low)
  SELECT new.workspace_id,
    CASE WHEN new.amount BETWEEN -99 AND 99 THEN new.amount
         ELSE new.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER)
                         * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER) END,
    new.pipeline_id, new.stage_id, coalesce(new.currency, ''), 1, new.amount / 1000000000,
    new.amount % 1000000000
  WHERE new.deleted_at IS NULL AND new.amount IS NOT NULL
  ON CONFLICT(workspace_id, bucket, pipeline_id, stage_id, currency)
  DO UPDATE SET deals = deals + 1, amount_high = amount_high + excluded.amount_high, amount_low = amount_low + excluded.amount_low;
END;

CREATE TRIGGER deal_stage_amount_buckets_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL AND old.amount IS NOT NULL BEGIN
  UPDATE deal_stage_amount_buckets SET deals = deals - 1, amount_high = amount_high - old.amount / 1000000000,
    amount_low = amount_low - old.amount % 1000000000
  WHERE workspace_id = old.workspace_id
    AND bucket = CASE WHEN old.amount BETWEEN -99 AND 99 THEN old.amount
                      ELSE old.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER)
                                      * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER) END
    AND pipeline_id = old.pipeline_id AND stage_id = old.stage_id AND currency = coalesce(old.currency, '');
END;
