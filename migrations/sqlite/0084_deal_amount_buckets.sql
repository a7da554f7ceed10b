-- How many live deals of each owner and currency have an amount in each bucket of amounts (issue 17
-- §1, report speed). The report builder's median of the amount by owner (or of every deal) knew each
-- group's count from deal_totals and read its amounts in index order up to the middle: half of every
-- group's entries (at 500,000 deals about 109 ms of CPU a request). With these counts the reader sums
-- a group's buckets in order to the one that holds the middle, then reads the deals' index from that
-- bucket's least amount, skipping only the entries of that bucket before the middle
-- (modules/analytics/kept_median.cpp). Exact: the buckets only say where to start reading.
--
-- A bucket is the amount truncated toward zero to two significant digits (-99..99 are their own
-- bucket; 1,234,567 is in 1,200,000, -1,234 in -1,200): its order is the amounts' order, each bucket
-- holds the amounts of one interval, and a bucket is at most a hundredth of its amounts' magnitude
-- wide, whatever the currency's scale. Per owner and currency there are at most 90 buckets a decade
-- (a few hundred for usual amounts). The same expression on PostgreSQL (deal_amount_bucket, 0084);
-- the reader computes a bucket's least amount from its value (amount_bucket_floor).
--
-- Kept by triggers in every deal write's transaction, whoever writes, as deal_totals (0007) and
-- deal_created_totals (0077) are; '' stands for NULL in owner_id and currency; a bucket brought to
-- zero may stay (the reader skips it). Never copied by migrate-data: the target's triggers rebuild it
-- as the deals arrive.
CREATE TABLE deal_amount_buckets (
  workspace_id TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  bucket       INTEGER NOT NULL,
  deals        INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, owner_id, currency, bucket)
) WITHOUT ROWID;

INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''),
       CASE WHEN amount BETWEEN -99 AND 99 THEN amount
            ELSE amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(amount) AS TEXT)) - 2) AS INTEGER)
                        * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(amount) AS TEXT)) - 2) AS INTEGER) END,
       count(*)
FROM deals WHERE deleted_at IS NULL AND amount IS NOT NULL
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER deal_amount_buckets_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL AND new.amount IS NOT NULL BEGIN
  INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
  VALUES (new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    CASE WHEN new.amount BETWEEN -99 AND 99 THEN new.amount
         ELSE new.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER)
                         * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER) END, 1)
  ON CONFLICT(workspace_id, owner_id, currency, bucket) DO UPDATE SET deals = deals + 1;
END;

-- Only when the deal is or was counted and its key, amount or liveness changed (a deal's other
-- writes leave the buckets alone).
CREATE TRIGGER deal_amount_buckets_update AFTER UPDATE OF workspace_id, owner_id, currency, amount, deleted_at ON deals
  WHEN ((old.deleted_at IS NULL AND old.amount IS NOT NULL) OR (new.deleted_at IS NULL AND new.amount IS NOT NULL))
   AND (old.amount IS NOT new.amount OR old.owner_id IS NOT new.owner_id OR old.currency IS NOT new.currency
        OR old.workspace_id IS NOT new.workspace_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)) BEGIN
  UPDATE deal_amount_buckets SET deals = deals - 1
  WHERE old.deleted_at IS NULL AND old.amount IS NOT NULL AND workspace_id = old.workspace_id
    AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND bucket = CASE WHEN old.amount BETWEEN -99 AND 99 THEN old.amount
                      ELSE old.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER)
                                      * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER) END;
  INSERT INTO deal_amount_buckets (workspace_id, owner_id, currency, bucket, deals)
  SELECT new.workspace_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    CASE WHEN new.amount BETWEEN -99 AND 99 THEN new.amount
         ELSE new.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER)
                         * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(new.amount) AS TEXT)) - 2) AS INTEGER) END, 1
  WHERE new.deleted_at IS NULL AND new.amount IS NOT NULL
  ON CONFLICT(workspace_id, owner_id, currency, bucket) DO UPDATE SET deals = deals + 1;
END;

CREATE TRIGGER deal_amount_buckets_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL AND old.amount IS NOT NULL BEGIN
  UPDATE deal_amount_buckets SET deals = deals - 1
  WHERE workspace_id = old.workspace_id AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '')
    AND bucket = CASE WHEN old.amount BETWEEN -99 AND 99 THEN old.amount
                      ELSE old.amount / CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER)
                                      * CAST('1' || substr('000000000000000000', 1, length(CAST(abs(old.amount) AS TEXT)) - 2) AS INTEGER) END;
END;
