-- The kept rows of deal_stage_times (0080) taken in one order by every deal write, so that two writes
-- wait for each other instead of deadlocking (found by bench/crash.sh, docs/reliability.md: 40 of
-- 3,800 moves and deletes of one pipeline's deals from 16 clients deadlocked, each costing its
-- transaction deadlock_timeout, 1 s, and a run again). Every other kept table's upsert already takes its
-- rows in key order within one statement; two orders were left:
--
-- 1. A move wrote its stage-time rows in two statements: the new entry's row (the INSERT into
--    deal_stage_history), then the previous entry's (its left_at set by the nested UPDATE). Two deals
--    moving the opposite way between two stages took the same two rows in opposite orders. The insert
--    trigger now first locks every existing row the statement and its nested update can change (those
--    of all the entries of the deals it writes), in key order.
-- 2. A deal's delete, restore or change of owner (an UPDATE of deals) took its stage-time rows before its
--    deal_totals rows: PostgreSQL fires a statement's triggers in the order of their names, and
--    deal_stage_times_deals_updated sorts before deal_totals_updated; a move takes deal_totals first
--    (its UPDATE of deals) and its stage-time rows after (its INSERT into deal_stage_history). The
--    trigger is renamed to sort after every deal_* trigger, so that all deal writes take the other kept
--    tables first and deal_stage_times last.
--
-- Rows that do not exist yet (a first entry of a month, stage and owner) cannot be locked before; their
-- inserts still come in key order within each statement.

CREATE OR REPLACE FUNCTION deal_stage_times_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM deal_stage_times t
  WHERE (t.workspace_id, t.entered_month, t.stage_id, t.owner_id) IN (
    SELECT h.workspace_id, substr(h.changed_at, 1, 7), h.to_stage_id, coalesce(d.owner_id, '')
    FROM (SELECT DISTINCT workspace_id, deal_id FROM new_rows) k
    JOIN deal_stage_history h ON h.workspace_id = k.workspace_id AND h.deal_id = k.deal_id
    JOIN deals d ON d.id = k.deal_id AND d.deleted_at IS NULL)
  ORDER BY t.workspace_id, t.entered_month, t.stage_id, t.owner_id
  FOR UPDATE OF t;
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

ALTER TRIGGER deal_stage_times_deals_updated ON deals RENAME TO deals_stage_times_updated;
