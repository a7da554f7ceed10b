-- The funnel's closed deals and time per stage, kept (issue 17 §1, report speed): see
-- migrations/sqlite/0080_funnel_kept_totals.sql for why and what. Same tables and figures here; the
-- stage history's triggers are per row (each entry's end is its deal's next entry), the deals'
-- closed totals per statement with transition tables (as 0077). Milliseconds are whole: the
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

-- One entry's figures in (sign 1) or out (sign -1), under its deal's owner while the deal is live.
CREATE FUNCTION deal_stage_times_add(e deal_stage_history, sign INT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  owner TEXT;
BEGIN
  SELECT coalesce(owner_id, '') INTO owner FROM deals WHERE id = e.deal_id AND deleted_at IS NULL;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  VALUES (e.workspace_id, substr(e.changed_at, 1, 7), e.to_stage_id, owner, sign, CASE WHEN e.left_at IS NULL THEN sign ELSE 0 END,
          sign * rapport_month_offset_ms(e.changed_at, e.changed_at), sign * coalesce(rapport_month_offset_ms(e.left_at, e.changed_at), 0))
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
END
$$;

-- Per entry: its old figures out, its new ones in; then the deal's previous entry ends where this
-- one begins (a new entry, or one that begins at another time), or, for a removed entry, where the
-- next one begins (NULL: it is the latest again). Those updates come back here for that entry.
CREATE FUNCTION deal_stage_times_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM deal_stage_times_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM deal_stage_times_add(NEW, 1); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.changed_at IS DISTINCT FROM OLD.changed_at) THEN
    UPDATE deal_stage_history SET left_at = NEW.changed_at
    WHERE id = (SELECT max(id) FROM deal_stage_history WHERE workspace_id = NEW.workspace_id AND deal_id = NEW.deal_id AND id < NEW.id)
      AND left_at IS DISTINCT FROM NEW.changed_at;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE deal_stage_history SET left_at = (SELECT n.changed_at FROM deal_stage_history n WHERE n.workspace_id = OLD.workspace_id
                                             AND n.deal_id = OLD.deal_id AND n.id > OLD.id ORDER BY n.id LIMIT 1)
    WHERE id = (SELECT max(id) FROM deal_stage_history WHERE workspace_id = OLD.workspace_id AND deal_id = OLD.deal_id AND id < OLD.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_times_history AFTER INSERT OR UPDATE OF deal_id, to_stage_id, changed_at, left_at OR DELETE
  ON deal_stage_history FOR EACH ROW EXECUTE FUNCTION deal_stage_times_apply();

-- A deal that changes owner, is deleted or is restored moves all its entries' figures.
CREATE FUNCTION deal_stage_times_apply_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.owner_id IS NOT DISTINCT FROM NEW.owner_id AND (OLD.deleted_at IS NULL) = (NEW.deleted_at IS NULL) THEN RETURN NULL; END IF;
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT workspace_id, entered_month, stage_id, owner_id, sum(n), sum(o), sum(s), sum(e)
  FROM (
    SELECT h.workspace_id, substr(h.changed_at, 1, 7) AS entered_month, h.to_stage_id AS stage_id, coalesce(OLD.owner_id, '') AS owner_id,
           -1 AS n, CASE WHEN h.left_at IS NULL THEN -1 ELSE 0 END AS o, -rapport_month_offset_ms(h.changed_at, h.changed_at) AS s,
           -coalesce(rapport_month_offset_ms(h.left_at, h.changed_at), 0) AS e
    FROM deal_stage_history h WHERE OLD.deleted_at IS NULL AND h.workspace_id = OLD.workspace_id AND h.deal_id = OLD.id
    UNION ALL
    SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(NEW.owner_id, ''), 1,
           CASE WHEN h.left_at IS NULL THEN 1 ELSE 0 END, rapport_month_offset_ms(h.changed_at, h.changed_at),
           coalesce(rapport_month_offset_ms(h.left_at, h.changed_at), 0)
    FROM deal_stage_history h WHERE NEW.deleted_at IS NULL AND h.workspace_id = NEW.workspace_id AND h.deal_id = NEW.id
  ) change
  GROUP BY workspace_id, entered_month, stage_id, owner_id
  ORDER BY workspace_id, entered_month, stage_id, owner_id
  ON CONFLICT (workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = deal_stage_times.entries + excluded.entries, open_entries = deal_stage_times.open_entries + excluded.open_entries,
    start_ms = deal_stage_times.start_ms + excluded.start_ms, end_ms = deal_stage_times.end_ms + excluded.end_ms;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_times_deal AFTER UPDATE OF owner_id, deleted_at ON deals
  FOR EACH ROW EXECUTE FUNCTION deal_stage_times_apply_deal();

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
