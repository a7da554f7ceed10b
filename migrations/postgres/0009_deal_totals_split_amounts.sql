-- Money without overflow (issue 10, item 3). In deal_totals a group's amount sum could leave bigint (the deal's
-- write then failed), so each amount a is kept as two sums that always fit: amount_high = Σ a / 10^9
-- and amount_low = Σ a % 10^9 (both engines truncate toward zero, so a = high·10^9 + low exactly);
-- readers join them in 128 bits (platform/money.hpp, sum_sql, explains why they fit). Same key,
-- indexes and trigger as 0007 otherwise.
-- Money columns were INTEGER (32 bits: any amount above 21,474,836.47 in a two-decimal currency
-- failed to store); they become BIGINT like SQLite's INTEGER, holding up to money::kMax (10^15).
-- (The type of a column a trigger names cannot change while the trigger exists: dropped first.)
DROP TRIGGER deal_totals_change ON deals;
DROP FUNCTION deal_totals_apply();
DROP TABLE deal_totals;
ALTER TABLE deals ALTER COLUMN amount TYPE BIGINT;
ALTER TABLE products ALTER COLUMN unit_price TYPE BIGINT;
ALTER TABLE line_items ALTER COLUMN unit_price TYPE BIGINT, ALTER COLUMN total TYPE BIGINT;

CREATE TABLE deal_totals (
  workspace_id TEXT NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  close_month  TEXT NOT NULL,
  closed_month TEXT NOT NULL,
  deals        BIGINT NOT NULL,
  amount_high  BIGINT NOT NULL,
  amount_low   BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
);
CREATE INDEX deal_totals_close ON deal_totals(workspace_id, close_month);
CREATE INDEX deal_totals_closed ON deal_totals(workspace_id, pipeline_id, closed_month);
CREATE INDEX deal_totals_closed_all ON deal_totals(workspace_id, closed_month);

INSERT INTO deal_totals
SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
       coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*),
       coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE FUNCTION deal_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD.deleted_at IS NULL THEN
      UPDATE deal_totals SET deals = deals - 1, amount_high = amount_high - coalesce(OLD.amount / 1000000000, 0),
        amount_low = amount_low - coalesce(OLD.amount % 1000000000, 0)
      WHERE workspace_id = OLD.workspace_id AND pipeline_id = OLD.pipeline_id AND stage_id = OLD.stage_id
        AND owner_id = coalesce(OLD.owner_id, '') AND currency = coalesce(OLD.currency, '')
        AND close_month = coalesce(substr(OLD.expected_close_date, 1, 7), '')
        AND closed_month = coalesce(substr(OLD.closed_at, 1, 7), '');
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.deleted_at IS NULL THEN
      INSERT INTO deal_totals VALUES (NEW.workspace_id, NEW.pipeline_id, NEW.stage_id, coalesce(NEW.owner_id, ''),
        coalesce(NEW.currency, ''), coalesce(substr(NEW.expected_close_date, 1, 7), ''),
        coalesce(substr(NEW.closed_at, 1, 7), ''), 1, coalesce(NEW.amount / 1000000000, 0),
        coalesce(NEW.amount % 1000000000, 0))
      ON CONFLICT (workspace_id, pipeline_id, close_month, owner_id, currency, stage_id, closed_month)
      DO UPDATE SET deals = deal_totals.deals + 1, amount_high = deal_totals.amount_high + excluded.amount_high,
        amount_low = deal_totals.amount_low + excluded.amount_low;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_totals_change AFTER INSERT OR DELETE OR UPDATE OF pipeline_id, stage_id, owner_id, currency,
  amount, expected_close_date, closed_at, deleted_at ON deals FOR EACH ROW EXECUTE FUNCTION deal_totals_apply();
