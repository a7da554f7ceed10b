-- The greatest and least amount per expected close month (issue 17 §1, report speed), as SQLite's
-- migration 0081: a deals report grouped by the expected close month, quarter or year measuring the
-- amount's minimum or maximum takes its groups from the kept deal_totals and reads each (close month,
-- currency) group's extreme by one seek into this index (modules/analytics/kept_extremes.hpp). The
-- month is the reader's expression; owner_id is included for the caller's scope and an owner group,
-- expected_close_date because PostgreSQL answers from an expression index alone (index-only) only
-- when it holds the columns the expression names.
CREATE INDEX deals_close_month_amount ON deals(workspace_id, (substr(expected_close_date, 1, 7)), currency, amount)
  INCLUDE (owner_id, expected_close_date) WHERE deleted_at IS NULL;
