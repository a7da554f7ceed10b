-- The funnel's closed deals and time per stage, kept (issue 17 §1, report speed): see
-- migrations/sqlite/0080_funnel_kept_totals.sql for why and what. Same tables and figures here; the
-- triggers run per statement with transition tables (as 0077). Milliseconds are whole: the
-- timestamps carry milliseconds, and an interval's epoch counts its days as 86,400 s, as julianday does.

ALTER TABLE deal_stage_history ADD COLUMN left_at TEXT;
UPDATE deal_stage_history h SET left_at = n.next_at
FROM (SELECT id, lead(changed_at) OVER (PARTITION BY workspace_id, deal_id ORDER BY id) AS next_at FROM deal_stage_history) n
WHERE n.id = h.id AND n.next_at IS NOT NULL;

-- Milliseconds from the first instant of the UTC month of `began` (text, as stored) to `at`.
CREATE FUNCTION rapport_month_offset_ms(at TEXT, began TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST(round(extract(epoch from (CAST(at AS timestamptz) - CAST(substr(began, 1, 7) || '-01T00:00:00Z' AS timestamptz))) * 1000) AS BIGINT)
$$;

CREATE TABLE deal_stage_times (
  workspace_id  TEXT NOT NULL,
  entered_month TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  entries       BIGINT NOT NULL,
  open_entries  BIGINT NOT NULL,
  start_ms      BIGINT NOT NULL,
  end_ms        BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, entered_month, stage_id, owner_id)
);

INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(d.owner_id, ''), count(*),
       count(*) FILTER (WHERE h.left_at IS NULL), sum(rapport_month_offset_ms(h.changed_at, h.changed_at)),
       coalesce(sum(rapport_month_offset_ms(h.left_at, h.changed_at)), 0)
FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id AND d.deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

-- Per statement (as 0077: one upsert per group and statement, not per row, so that a bulk write does
-- not update the same few rows thousands of times in one transaction, where PostgreSQL must walk
-- every version it made), from the transition tables: the figures of the rows before (out) and
-- after (in), under the deal's owner while it is live; then the ends of the affected deals' entries
-- are set again from their next entries, read per deal through deal_stage_history_deal (only those
-- that differ are written: that update comes back here with nothing more to re-end).
CREATE FUNCTION deal_stage_times_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT workspace_id, entered_month, stage_id, owner_id, sum(n), sum(o), sum(s), sum(e)
  FROM (
    SELECT r.workspace_id, substr(r.changed_at, 1, 7) AS entered_month, r.to_stage_id AS stage_id, coalesce(d.owner_id, '') AS owner_id,
           1 AS n, CASE WHEN r.left_at IS NULL THEN 1 ELSE 0 END AS o, rapport_month_offset_ms(r.changed_at, r.changed_at) AS s,
           coalesce(rapport_month_offset_ms(r.left_at, r.changed_at), 0) AS e
    FROM new_rows r JOIN deals d ON d.id = r.deal_id AND d.deleted_at IS NULL
  ) change
  GROUP BY workspace_id, entered_month, stage_id, owner_id
  HAVING sum(n) <> 0 OR sum(o) <> 0 OR sum(s) <> 0 OR sum(e) <> 0
  ORDER BY workspace_id, entered_month, stage_id, owner_id
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
  UPDATE deal_stage_history h SET left_at = n.next_at
  FROM (SELECT DISTINCT workspace_id, deal_id FROM new_rows) k
  CROSS JOIN LATERAL (SELECT e.id, lead(e.changed_at) OVER (ORDER BY e.id) AS next_at FROM deal_stage_history e
                      WHERE e.workspace_id = k.workspace_id AND e.deal_id = k.deal_id) n
  WHERE h.id = n.id AND h.left_at IS DISTINCT FROM n.next_at;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_stage_times_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT workspace_id, entered_month, stage_id, owner_id, sum(n), sum(o), sum(s), sum(e)
  FROM (
    SELECT r.workspace_id, substr(r.changed_at, 1, 7) AS entered_month, r.to_stage_id AS stage_id, coalesce(d.owner_id, '') AS owner_id,
           -1 AS n, CASE WHEN r.left_at IS NULL THEN -1 ELSE 0 END AS o, -rapport_month_offset_ms(r.changed_at, r.changed_at) AS s,
           -coalesce(rapport_month_offset_ms(r.left_at, r.changed_at), 0) AS e
    FROM (SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.deal_id, o.to_stage_id, o.changed_at, o.left_at) IS DISTINCT FROM (n.deal_id, n.to_stage_id, n.changed_at, n.left_at)) r JOIN deals d ON d.id = r.deal_id AND d.deleted_at IS NULL
    UNION ALL
    SELECT r.workspace_id, substr(r.changed_at, 1, 7) AS entered_month, r.to_stage_id AS stage_id, coalesce(d.owner_id, '') AS owner_id,
           1 AS n, CASE WHEN r.left_at IS NULL THEN 1 ELSE 0 END AS o, rapport_month_offset_ms(r.changed_at, r.changed_at) AS s,
           coalesce(rapport_month_offset_ms(r.left_at, r.changed_at), 0) AS e
    FROM (SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.deal_id, o.to_stage_id, o.changed_at, o.left_at) IS DISTINCT FROM (n.deal_id, n.to_stage_id, n.changed_at, n.left_at)) r JOIN deals d ON d.id = r.deal_id AND d.deleted_at IS NULL
  ) change
  GROUP BY workspace_id, entered_month, stage_id, owner_id
  HAVING sum(n) <> 0 OR sum(o) <> 0 OR sum(s) <> 0 OR sum(e) <> 0
  ORDER BY workspace_id, entered_month, stage_id, owner_id
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
  -- Only when an entry began at another time or moved to another deal: an update of ends alone (as
  -- this one's) stops here, and so does a statement that updated no row.
  -- (A set difference, hashed: as an EXISTS over a join the planner would loop over both tables.)
  IF EXISTS (SELECT id, deal_id, changed_at FROM old_rows EXCEPT SELECT id, deal_id, changed_at FROM new_rows) THEN
    UPDATE deal_stage_history h SET left_at = n.next_at
    FROM (SELECT o.workspace_id, o.deal_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.changed_at IS DISTINCT FROM n.changed_at OR o.deal_id IS DISTINCT FROM n.deal_id
          UNION SELECT n.workspace_id, n.deal_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.changed_at IS DISTINCT FROM n.changed_at OR o.deal_id IS DISTINCT FROM n.deal_id) k
    CROSS JOIN LATERAL (SELECT e.id, lead(e.changed_at) OVER (ORDER BY e.id) AS next_at FROM deal_stage_history e
                        WHERE e.workspace_id = k.workspace_id AND e.deal_id = k.deal_id) n
    WHERE h.id = n.id AND h.left_at IS DISTINCT FROM n.next_at;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_stage_times_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT workspace_id, entered_month, stage_id, owner_id, sum(n), sum(o), sum(s), sum(e)
  FROM (
    SELECT r.workspace_id, substr(r.changed_at, 1, 7) AS entered_month, r.to_stage_id AS stage_id, coalesce(d.owner_id, '') AS owner_id,
           -1 AS n, CASE WHEN r.left_at IS NULL THEN -1 ELSE 0 END AS o, -rapport_month_offset_ms(r.changed_at, r.changed_at) AS s,
           -coalesce(rapport_month_offset_ms(r.left_at, r.changed_at), 0) AS e
    FROM old_rows r JOIN deals d ON d.id = r.deal_id AND d.deleted_at IS NULL
  ) change
  GROUP BY workspace_id, entered_month, stage_id, owner_id
  HAVING sum(n) <> 0 OR sum(o) <> 0 OR sum(s) <> 0 OR sum(e) <> 0
  ORDER BY workspace_id, entered_month, stage_id, owner_id
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
  UPDATE deal_stage_history h SET left_at = n.next_at
  FROM (SELECT DISTINCT workspace_id, deal_id FROM old_rows) k
  CROSS JOIN LATERAL (SELECT e.id, lead(e.changed_at) OVER (ORDER BY e.id) AS next_at FROM deal_stage_history e
                      WHERE e.workspace_id = k.workspace_id AND e.deal_id = k.deal_id) n
  WHERE h.id = n.id AND h.left_at IS DISTINCT FROM n.next_at;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_times_inserted AFTER INSERT ON deal_stage_history REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_times_inserted();
CREATE TRIGGER deal_stage_times_updated AFTER UPDATE ON deal_stage_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_times_updated();
CREATE TRIGGER deal_stage_times_deleted AFTER DELETE ON deal_stage_history REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_times_deleted();

-- Deals that change owner, are deleted or are restored move all their entries' figures: out under
-- the old owner (when the deal was live), in under the new one (when it is).
CREATE FUNCTION deal_stage_times_deals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT workspace_id, entered_month, stage_id, owner_id, sum(n), sum(o), sum(s), sum(e)
  FROM (
    SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(k.owner_id, ''),
           -1, CASE WHEN h.left_at IS NULL THEN -1 ELSE 0 END, -rapport_month_offset_ms(h.changed_at, h.changed_at),
           -coalesce(rapport_month_offset_ms(h.left_at, h.changed_at), 0)
    FROM (SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.deleted_at IS NULL AND (o.owner_id IS DISTINCT FROM n.owner_id OR (o.deleted_at IS NULL) <> (n.deleted_at IS NULL))) k JOIN deal_stage_history h ON h.workspace_id = k.workspace_id AND h.deal_id = k.id
    UNION ALL
    SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(k.owner_id, ''),
           1, CASE WHEN h.left_at IS NULL THEN 1 ELSE 0 END, rapport_month_offset_ms(h.changed_at, h.changed_at),
           coalesce(rapport_month_offset_ms(h.left_at, h.changed_at), 0)
    FROM (SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.deleted_at IS NULL AND (o.owner_id IS DISTINCT FROM n.owner_id OR (o.deleted_at IS NULL) <> (n.deleted_at IS NULL))) k JOIN deal_stage_history h ON h.workspace_id = k.workspace_id AND h.deal_id = k.id
  ) change (workspace_id, entered_month, stage_id, owner_id, n, o, s, e)
  GROUP BY workspace_id, entered_month, stage_id, owner_id
  HAVING sum(n) <> 0 OR sum(o) <> 0 OR sum(s) <> 0 OR sum(e) <> 0
  ORDER BY workspace_id, entered_month, stage_id, owner_id
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_times_deals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_times_deals_updated();

CREATE TABLE deal_closed_totals (
  workspace_id  TEXT NOT NULL,
  closed_month  TEXT NOT NULL,
  pipeline_id   TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  currency      TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  deals         BIGINT NOT NULL,
  amounts       BIGINT NOT NULL,
  amount_high   BIGINT NOT NULL,
  amount_low    BIGINT NOT NULL,
  cycle_ms      BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
);

-- A deal's sales cycle, closed_at - created_at, in milliseconds.
CREATE FUNCTION rapport_cycle_ms(created TEXT, closed TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST(round(extract(epoch from (CAST(closed AS timestamptz) - CAST(created AS timestamptz))) * 1000) AS BIGINT)
$$;

INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                amount_low, cycle_ms)
SELECT workspace_id, substr(closed_at, 1, 7), pipeline_id, coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*),
       count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0),
       sum(rapport_cycle_ms(created_at, closed_at))
FROM deals WHERE deleted_at IS NULL AND closed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

-- The deals' rows after (in) and before (out) a statement, added up per group (as 0077).
CREATE FUNCTION deal_closed_totals_apply_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                  amount_low, cycle_ms)
  SELECT workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, sum(n), sum(a), sum(high), sum(low), sum(cycle)
  FROM (
    SELECT workspace_id, substr(closed_at, 1, 7) AS closed_month, pipeline_id, coalesce(owner_id, '') AS owner_id,
           coalesce(currency, '') AS currency, stage_id, 1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE 1 END AS a,
           coalesce(amount / 1000000000, 0) AS high, coalesce(amount % 1000000000, 0) AS low,
           rapport_cycle_ms(created_at, closed_at) AS cycle
    FROM new_rows WHERE deleted_at IS NULL AND closed_at IS NOT NULL
  ) change
  GROUP BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0 OR sum(cycle) <> 0
  ORDER BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  ON CONFLICT (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
  DO UPDATE SET deals = deal_closed_totals.deals + excluded.deals, amounts = deal_closed_totals.amounts + excluded.amounts,
    amount_high = deal_closed_totals.amount_high + excluded.amount_high, amount_low = deal_closed_totals.amount_low + excluded.amount_low,
    cycle_ms = deal_closed_totals.cycle_ms + excluded.cycle_ms;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_closed_totals_apply_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                  amount_low, cycle_ms)
  SELECT workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, sum(n), sum(a), sum(high), sum(low), sum(cycle)
  FROM (
    SELECT workspace_id, substr(closed_at, 1, 7) AS closed_month, pipeline_id, coalesce(owner_id, '') AS owner_id,
           coalesce(currency, '') AS currency, stage_id, -1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a,
           -coalesce(amount / 1000000000, 0) AS high, -coalesce(amount % 1000000000, 0) AS low,
           -rapport_cycle_ms(created_at, closed_at) AS cycle
    FROM old_rows WHERE deleted_at IS NULL AND closed_at IS NOT NULL
    UNION ALL
    SELECT workspace_id, substr(closed_at, 1, 7) AS closed_month, pipeline_id, coalesce(owner_id, '') AS owner_id,
           coalesce(currency, '') AS currency, stage_id, 1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE 1 END AS a,
           coalesce(amount / 1000000000, 0) AS high, coalesce(amount % 1000000000, 0) AS low,
           rapport_cycle_ms(created_at, closed_at) AS cycle
    FROM new_rows WHERE deleted_at IS NULL AND closed_at IS NOT NULL
  ) change
  GROUP BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0 OR sum(cycle) <> 0
  ORDER BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  ON CONFLICT (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
  DO UPDATE SET deals = deal_closed_totals.deals + excluded.deals, amounts = deal_closed_totals.amounts + excluded.amounts,
    amount_high = deal_closed_totals.amount_high + excluded.amount_high, amount_low = deal_closed_totals.amount_low + excluded.amount_low,
    cycle_ms = deal_closed_totals.cycle_ms + excluded.cycle_ms;
  RETURN NULL;
END
$$;

CREATE FUNCTION deal_closed_totals_apply_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                  amount_low, cycle_ms)
  SELECT workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, sum(n), sum(a), sum(high), sum(low), sum(cycle)
  FROM (
    SELECT workspace_id, substr(closed_at, 1, 7) AS closed_month, pipeline_id, coalesce(owner_id, '') AS owner_id,
           coalesce(currency, '') AS currency, stage_id, -1 AS n, CASE WHEN amount IS NULL THEN 0 ELSE -1 END AS a,
           -coalesce(amount / 1000000000, 0) AS high, -coalesce(amount % 1000000000, 0) AS low,
           -rapport_cycle_ms(created_at, closed_at) AS cycle
    FROM old_rows WHERE deleted_at IS NULL AND closed_at IS NOT NULL
  ) change
  GROUP BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(high) <> 0 OR sum(low) <> 0 OR sum(cycle) <> 0
  ORDER BY workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id
  ON CONFLICT (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
  DO UPDATE SET deals = deal_closed_totals.deals + excluded.deals, amounts = deal_closed_totals.amounts + excluded.amounts,
    amount_high = deal_closed_totals.amount_high + excluded.amount_high, amount_low = deal_closed_totals.amount_low + excluded.amount_low,
    cycle_ms = deal_closed_totals.cycle_ms + excluded.cycle_ms;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_closed_totals_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_closed_totals_apply_inserted();
CREATE TRIGGER deal_closed_totals_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_closed_totals_apply_updated();
CREATE TRIGGER deal_closed_totals_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_closed_totals_apply_deleted();
