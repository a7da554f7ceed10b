-- The support report's backlog without reading every open ticket (src/modules/support/kpi_backlog.cpp):
-- the live open tickets (new, open, pending, on hold) counted per status, priority and UTC day of
-- creation, kept by the triggers below in the same transaction as every write of a ticket (an
-- insert, a change of status, priority, creation time or workspace, a soft delete or restore, a
-- purge). A group brought to zero is removed, so the table holds at most 4 statuses x 4 priorities
-- per day that still has open tickets. The backlog of 270k open tickets read 270k index entries
-- (~45 ms at 1M tickets, docs/benchmarks.md "Support KPIs"); it now reads these groups and, raw, the
-- tickets of the four days an age bound falls in. Never copied by migrate-data (as deal_totals):
-- the target's triggers rebuild it as the tickets arrive.
CREATE TABLE ticket_open_days (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  status       TEXT NOT NULL,
  priority     TEXT NOT NULL,
  created_day  TEXT NOT NULL,  -- substr(created_at, 1, 10): the UTC day
  tickets      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, status, priority, created_day)
);
INSERT INTO ticket_open_days (workspace_id, status, priority, created_day, tickets)
SELECT workspace_id, status, priority, substr(created_at, 1, 10), count(*) FROM tickets
WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold')
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER ticket_open_days_insert AFTER INSERT ON tickets
WHEN new.deleted_at IS NULL AND new.status IN ('new', 'open', 'pending', 'on_hold') BEGIN
  INSERT INTO ticket_open_days (workspace_id, status, priority, created_day, tickets)
  VALUES (new.workspace_id, new.status, new.priority, substr(new.created_at, 1, 10), 1)
  ON CONFLICT(workspace_id, status, priority, created_day) DO UPDATE SET tickets = tickets + 1;
END;

CREATE TRIGGER ticket_open_days_update AFTER UPDATE OF workspace_id, status, priority, created_at, deleted_at ON tickets BEGIN
  UPDATE ticket_open_days SET tickets = tickets - 1
  WHERE old.deleted_at IS NULL AND old.status IN ('new', 'open', 'pending', 'on_hold') AND workspace_id = old.workspace_id
    AND status = old.status AND priority = old.priority AND created_day = substr(old.created_at, 1, 10);
  DELETE FROM ticket_open_days WHERE workspace_id = old.workspace_id AND status = old.status AND priority = old.priority
    AND created_day = substr(old.created_at, 1, 10) AND tickets = 0;
  INSERT INTO ticket_open_days (workspace_id, status, priority, created_day, tickets)
  SELECT new.workspace_id, new.status, new.priority, substr(new.created_at, 1, 10), 1
  WHERE new.deleted_at IS NULL AND new.status IN ('new', 'open', 'pending', 'on_hold')
  ON CONFLICT(workspace_id, status, priority, created_day) DO UPDATE SET tickets = tickets + 1;
END;

CREATE TRIGGER ticket_open_days_delete AFTER DELETE ON tickets
WHEN old.deleted_at IS NULL AND old.status IN ('new', 'open', 'pending', 'on_hold') BEGIN
  UPDATE ticket_open_days SET tickets = tickets - 1 WHERE workspace_id = old.workspace_id AND status = old.status
    AND priority = old.priority AND created_day = substr(old.created_at, 1, 10);
  DELETE FROM ticket_open_days WHERE workspace_id = old.workspace_id AND status = old.status AND priority = old.priority
    AND created_day = substr(old.created_at, 1, 10) AND tickets = 0;
END;
