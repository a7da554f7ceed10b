-- The support report's backlog without reading every open ticket (src/modules/support/kpi_backlog.cpp):
-- the live open tickets (new, open, pending, on hold) counted per status, priority and UTC day of
-- creation, kept by the trigger below in the same transaction as every write of a ticket (an
-- insert, a change of status, priority, creation time or workspace, a soft delete or restore, a
-- purge). A group brought to zero is removed, so the table holds at most 4 statuses x 4 priorities
-- per day that still has open tickets. Never copied by migrate-data (as deal_totals): the target's
-- triggers rebuild it as the tickets arrive. Row triggers (not per statement as deal_totals since
-- 0015): the bulk writes of tickets (SLA re-timing) change none of the columns watched, and the
-- WHEN clauses keep the trigger from running for them at all.
CREATE TABLE ticket_open_days (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  status       TEXT NOT NULL,
  priority     TEXT NOT NULL,
  created_day  TEXT NOT NULL,  -- substr(created_at, 1, 10): the UTC day
  tickets      BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, status, priority, created_day)
);
INSERT INTO ticket_open_days (workspace_id, status, priority, created_day, tickets)
SELECT workspace_id, status, priority, substr(created_at, 1, 10), count(*) FROM tickets
WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold')
GROUP BY 1, 2, 3, 4;

-- Adds n (1 or -1) to a group; a group brought to zero is removed.
CREATE FUNCTION ticket_open_days_add(w TEXT, s TEXT, p TEXT, d TEXT, n BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF n > 0 THEN
    INSERT INTO ticket_open_days (workspace_id, status, priority, created_day, tickets) VALUES (w, s, p, d, n)
    ON CONFLICT (workspace_id, status, priority, created_day) DO UPDATE SET tickets = ticket_open_days.tickets + excluded.tickets;
  ELSE
    UPDATE ticket_open_days SET tickets = tickets + n WHERE workspace_id = w AND status = s AND priority = p AND created_day = d;
    DELETE FROM ticket_open_days WHERE workspace_id = w AND status = s AND priority = p AND created_day = d AND tickets = 0;
  END IF;
END
$$;

-- The ticket's old group loses it, its new group gains it; both rows touched in key order, so two
-- writers moving tickets between the same two groups (new -> open and open -> new) lock them in
-- the same order instead of deadlocking.
CREATE FUNCTION ticket_open_days_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_open BOOLEAN := false;
  is_open BOOLEAN := false;
  old_key TEXT[];
  new_key TEXT[];
BEGIN
  IF TG_OP <> 'INSERT' THEN
    was_open := OLD.deleted_at IS NULL AND OLD.status IN ('new', 'open', 'pending', 'on_hold');
    old_key := ARRAY[OLD.workspace_id, OLD.status, OLD.priority, substr(OLD.created_at, 1, 10)];
  END IF;
  IF TG_OP <> 'DELETE' THEN
    is_open := NEW.deleted_at IS NULL AND NEW.status IN ('new', 'open', 'pending', 'on_hold');
    new_key := ARRAY[NEW.workspace_id, NEW.status, NEW.priority, substr(NEW.created_at, 1, 10)];
  END IF;
  IF was_open AND is_open AND old_key = new_key THEN
    RETURN NULL;
  END IF;
  IF was_open AND (NOT is_open OR old_key < new_key) THEN
    PERFORM ticket_open_days_add(old_key[1], old_key[2], old_key[3], old_key[4], -1);
    was_open := false;
  END IF;
  IF is_open THEN
    PERFORM ticket_open_days_add(new_key[1], new_key[2], new_key[3], new_key[4], 1);
  END IF;
  IF was_open THEN
    PERFORM ticket_open_days_add(old_key[1], old_key[2], old_key[3], old_key[4], -1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_open_days_insert AFTER INSERT ON tickets FOR EACH ROW
  WHEN (NEW.deleted_at IS NULL AND NEW.status IN ('new', 'open', 'pending', 'on_hold'))
  EXECUTE FUNCTION ticket_open_days_change();
CREATE TRIGGER ticket_open_days_update AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.priority IS DISTINCT FROM NEW.priority OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION ticket_open_days_change();
CREATE TRIGGER ticket_open_days_delete AFTER DELETE ON tickets FOR EACH ROW
  WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('new', 'open', 'pending', 'on_hold'))
  EXECUTE FUNCTION ticket_open_days_change();
