-- The greatest and least amount per expected close month (issue 17 §1, report speed): a deals report
-- grouped by the expected close month, quarter or year measuring the amount's minimum or maximum
-- takes its groups from the kept deal_totals and reads each (close month, currency) group's extreme
-- by one seek into this index (modules/analytics/kept_extremes.hpp) instead of scanning every deal.
-- The month is the same expression as the reader's (SQLite matches an indexed expression by its
-- text); owner_id is held for the caller's scope and an owner group, read from the entries;
-- expected_close_date and deleted_at (always NULL here) because SQLite (3.40) takes an index as
-- covering only when it holds every column the query names, those inside the indexed expression and
-- the partial index's own condition included (as 0074).
CREATE INDEX deals_close_month_amount ON deals(workspace_id, substr(expected_close_date, 1, 7), currency, amount, owner_id,
  expected_close_date, deleted_at) WHERE deleted_at IS NULL;
