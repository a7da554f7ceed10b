-- The funnel's closed deals and time per stage, kept (issue 17 §1, report speed). At 500,000 deals
-- GET /api/v1/reports/funnel cost about 1.4 s of CPU: the deals closed in the window were read row by
-- row (no index leads with closed_at) and the time per stage was a window function over the stage
-- history since the window's start, each entry joined to its deal. Both are now kept by triggers in
-- the transaction of every write, whoever writes (moves, imports with history and their undo, deletes
-- and restores, owner changes), as deal_totals (0007) and deal_created_totals (0077) are; the funnel
-- reads a few hundred rows (modules/sales/reports_funnel.cpp). '' stands for NULL in key columns; a
-- group brought to zero may stay (the reader skips it). Neither table is copied by migrate-data: the
-- target's triggers rebuild them as the deals and their history arrive (in id order).
--
-- Durations are whole milliseconds (the timestamps' precision), offsets from the first instant of the
-- key's month, so that the sums stay small and exact: an entry's time in its stage is
-- left_at - changed_at, or now - changed_at while the deal is still in it.

-- When the deal left the stage of this entry: the changed_at of its next entry (by id), NULL while
-- it is the deal's latest. Kept by the triggers below.
ALTER TABLE deal_stage_history ADD COLUMN left_at TEXT;
UPDATE deal_stage_history SET left_at = n.next_at
FROM (SELECT id, lead(changed_at) OVER (PARTITION BY workspace_id, deal_id ORDER BY id) AS next_at FROM deal_stage_history) n
WHERE n.id = deal_stage_history.id AND n.next_at IS NOT NULL;

-- Per UTC month an entry began in, its stage and its deal's owner, over the entries of live deals:
-- how many, how many are still open (left_at NULL), the sum of their starts and the sum of the ends
-- of the closed ones (milliseconds after the month's start). Time in the stage =
-- end_ms - start_ms + open_entries * (now - month start).
CREATE TABLE deal_stage_times (
  workspace_id  TEXT NOT NULL,
  entered_month TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  entries       INTEGER NOT NULL,
  open_entries  INTEGER NOT NULL,
  start_ms      INTEGER NOT NULL,
  end_ms        INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, entered_month, stage_id, owner_id)
) WITHOUT ROWID;

INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(d.owner_id, ''), count(*), sum(h.left_at IS NULL),
       sum(CAST(round((julianday(h.changed_at) - julianday(substr(h.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)),
       coalesce(sum(CAST(round((julianday(h.left_at) - julianday(substr(h.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)), 0)
FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id AND d.deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

-- A new entry: the deal's previous one ends when it begins (that update adjusts its figures), and
-- the entry counts under its deal's owner while the deal is live.
CREATE TRIGGER deal_stage_times_insert AFTER INSERT ON deal_stage_history BEGIN
  UPDATE deal_stage_history SET left_at = new.changed_at
  WHERE id = (SELECT max(id) FROM deal_stage_history WHERE workspace_id = new.workspace_id AND deal_id = new.deal_id AND id < new.id)
    AND left_at IS NOT new.changed_at;
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT new.workspace_id, substr(new.changed_at, 1, 7), new.to_stage_id, coalesce(d.owner_id, ''), 1, new.left_at IS NULL,
    CAST(round((julianday(new.changed_at) - julianday(substr(new.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER),
    coalesce(CAST(round((julianday(new.left_at) - julianday(substr(new.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER), 0)
  FROM deals d WHERE d.id = new.deal_id AND d.deleted_at IS NULL
  ON CONFLICT(workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = entries + 1, open_entries = open_entries + excluded.open_entries, start_ms = start_ms + excluded.start_ms,
    end_ms = end_ms + excluded.end_ms;
END;

-- A changed entry: its old figures out, its new ones in.
CREATE TRIGGER deal_stage_times_update AFTER UPDATE OF deal_id, to_stage_id, changed_at, left_at ON deal_stage_history BEGIN
  UPDATE deal_stage_times SET entries = entries - 1, open_entries = open_entries - (old.left_at IS NULL),
    start_ms = start_ms - CAST(round((julianday(old.changed_at) - julianday(substr(old.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER),
    end_ms = end_ms - coalesce(CAST(round((julianday(old.left_at) - julianday(substr(old.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER), 0)
  WHERE workspace_id = old.workspace_id AND entered_month = substr(old.changed_at, 1, 7) AND stage_id = old.to_stage_id
    AND owner_id = (SELECT coalesce(owner_id, '') FROM deals WHERE id = old.deal_id AND deleted_at IS NULL);
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT new.workspace_id, substr(new.changed_at, 1, 7), new.to_stage_id, coalesce(d.owner_id, ''), 1, new.left_at IS NULL,
    CAST(round((julianday(new.changed_at) - julianday(substr(new.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER),
    coalesce(CAST(round((julianday(new.left_at) - julianday(substr(new.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER), 0)
  FROM deals d WHERE d.id = new.deal_id AND d.deleted_at IS NULL
  ON CONFLICT(workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = entries + 1, open_entries = open_entries + excluded.open_entries, start_ms = start_ms + excluded.start_ms,
    end_ms = end_ms + excluded.end_ms;
END;

-- An entry that begins at another time moves the end of the previous one (a separate trigger: SQLite
-- does not fire a trigger from within itself, and this update must reach deal_stage_times_update).
CREATE TRIGGER deal_stage_times_chain AFTER UPDATE OF changed_at ON deal_stage_history BEGIN
  UPDATE deal_stage_history SET left_at = new.changed_at
  WHERE id = (SELECT max(id) FROM deal_stage_history WHERE workspace_id = new.workspace_id AND deal_id = new.deal_id AND id < new.id)
    AND left_at IS NOT new.changed_at;
END;

-- A removed entry: its figures out; the previous one now lasts until the next one (or is open).
CREATE TRIGGER deal_stage_times_delete AFTER DELETE ON deal_stage_history BEGIN
  UPDATE deal_stage_times SET entries = entries - 1, open_entries = open_entries - (old.left_at IS NULL),
    start_ms = start_ms - CAST(round((julianday(old.changed_at) - julianday(substr(old.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER),
    end_ms = end_ms - coalesce(CAST(round((julianday(old.left_at) - julianday(substr(old.changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER), 0)
  WHERE workspace_id = old.workspace_id AND entered_month = substr(old.changed_at, 1, 7) AND stage_id = old.to_stage_id
    AND owner_id = (SELECT coalesce(owner_id, '') FROM deals WHERE id = old.deal_id AND deleted_at IS NULL);
  UPDATE deal_stage_history SET left_at = (SELECT n.changed_at FROM deal_stage_history n WHERE n.workspace_id = old.workspace_id
                                           AND n.deal_id = old.deal_id AND n.id > old.id ORDER BY n.id LIMIT 1)
  WHERE id = (SELECT max(id) FROM deal_stage_history WHERE workspace_id = old.workspace_id AND deal_id = old.deal_id AND id < old.id);
END;

-- A deal that changes owner, is deleted or is restored moves all its entries' figures.
CREATE TRIGGER deal_stage_times_deal AFTER UPDATE OF owner_id, deleted_at ON deals
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE deal_stage_times SET entries = entries - g.n, open_entries = open_entries - g.o, start_ms = start_ms - g.s, end_ms = end_ms - g.e
  FROM (SELECT substr(changed_at, 1, 7) AS m, to_stage_id AS st, count(*) AS n, sum(left_at IS NULL) AS o,
               sum(CAST(round((julianday(changed_at) - julianday(substr(changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)) AS s,
               coalesce(sum(CAST(round((julianday(left_at) - julianday(substr(changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)), 0) AS e
        FROM deal_stage_history WHERE workspace_id = old.workspace_id AND deal_id = old.id GROUP BY 1, 2) g
  WHERE old.deleted_at IS NULL AND deal_stage_times.workspace_id = old.workspace_id AND deal_stage_times.entered_month = g.m
    AND deal_stage_times.stage_id = g.st AND deal_stage_times.owner_id = coalesce(old.owner_id, '');
  INSERT INTO deal_stage_times (workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms)
  SELECT new.workspace_id, substr(changed_at, 1, 7), to_stage_id, coalesce(new.owner_id, ''), count(*), sum(left_at IS NULL),
    sum(CAST(round((julianday(changed_at) - julianday(substr(changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)),
    coalesce(sum(CAST(round((julianday(left_at) - julianday(substr(changed_at, 1, 7) || '-01')) * 86400000.0) AS INTEGER)), 0)
  FROM deal_stage_history WHERE workspace_id = new.workspace_id AND deal_id = new.id AND new.deleted_at IS NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT(workspace_id, entered_month, stage_id, owner_id)
  DO UPDATE SET entries = entries + excluded.entries, open_entries = open_entries + excluded.open_entries,
    start_ms = start_ms + excluded.start_ms, end_ms = end_ms + excluded.end_ms;
END;

-- Per UTC month a live deal closed in (closed_at set), pipeline, owner, currency and stage: the deals,
-- those with an amount, the amount's two-part sum (high · 10^9 + low, as deal_totals) and the sum of
-- their sales cycles (closed_at - created_at, milliseconds).
CREATE TABLE deal_closed_totals (
  workspace_id  TEXT NOT NULL,
  closed_month  TEXT NOT NULL,
  pipeline_id   TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  currency      TEXT NOT NULL,
  stage_id      TEXT NOT NULL,
  deals         INTEGER NOT NULL,
  amounts       INTEGER NOT NULL,
  amount_high   INTEGER NOT NULL,
  amount_low    INTEGER NOT NULL,
  cycle_ms      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
) WITHOUT ROWID;

INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                amount_low, cycle_ms)
SELECT workspace_id, substr(closed_at, 1, 7), pipeline_id, coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*),
       count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0),
       sum(CAST(round((julianday(closed_at) - julianday(created_at)) * 86400000.0) AS INTEGER))
FROM deals WHERE deleted_at IS NULL AND closed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER deal_closed_totals_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL AND new.closed_at IS NOT NULL BEGIN
  INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                  amount_low, cycle_ms)
  VALUES (new.workspace_id, substr(new.closed_at, 1, 7), new.pipeline_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    new.stage_id, 1, new.amount IS NOT NULL, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0),
    CAST(round((julianday(new.closed_at) - julianday(new.created_at)) * 86400000.0) AS INTEGER))
  ON CONFLICT(workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low, cycle_ms = cycle_ms + excluded.cycle_ms;
END;

CREATE TRIGGER deal_closed_totals_update AFTER UPDATE OF workspace_id, pipeline_id, stage_id, owner_id, currency, amount,
  created_at, closed_at, deleted_at ON deals BEGIN
  UPDATE deal_closed_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0),
    cycle_ms = cycle_ms - CAST(round((julianday(old.closed_at) - julianday(old.created_at)) * 86400000.0) AS INTEGER)
  WHERE old.deleted_at IS NULL AND old.closed_at IS NOT NULL AND workspace_id = old.workspace_id
    AND closed_month = substr(old.closed_at, 1, 7) AND pipeline_id = old.pipeline_id AND owner_id = coalesce(old.owner_id, '')
    AND currency = coalesce(old.currency, '') AND stage_id = old.stage_id;
  INSERT INTO deal_closed_totals (workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high,
                                  amount_low, cycle_ms)
  SELECT new.workspace_id, substr(new.closed_at, 1, 7), new.pipeline_id, coalesce(new.owner_id, ''), coalesce(new.currency, ''),
    new.stage_id, 1, new.amount IS NOT NULL, coalesce(new.amount / 1000000000, 0), coalesce(new.amount % 1000000000, 0),
    CAST(round((julianday(new.closed_at) - julianday(new.created_at)) * 86400000.0) AS INTEGER)
  WHERE new.deleted_at IS NULL AND new.closed_at IS NOT NULL
  ON CONFLICT(workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id)
  DO UPDATE SET deals = deals + 1, amounts = amounts + excluded.amounts, amount_high = amount_high + excluded.amount_high,
    amount_low = amount_low + excluded.amount_low, cycle_ms = cycle_ms + excluded.cycle_ms;
END;

CREATE TRIGGER deal_closed_totals_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL AND old.closed_at IS NOT NULL BEGIN
  UPDATE deal_closed_totals SET deals = deals - 1, amounts = amounts - (old.amount IS NOT NULL),
    amount_high = amount_high - coalesce(old.amount / 1000000000, 0), amount_low = amount_low - coalesce(old.amount % 1000000000, 0),
    cycle_ms = cycle_ms - CAST(round((julianday(old.closed_at) - julianday(old.created_at)) * 86400000.0) AS INTEGER)
  WHERE workspace_id = old.workspace_id AND closed_month = substr(old.closed_at, 1, 7) AND pipeline_id = old.pipeline_id
    AND owner_id = coalesce(old.owner_id, '') AND currency = coalesce(old.currency, '') AND stage_id = old.stage_id;
END;
