-- The support report's volume and SLA sections from kept counts (src/modules/support/kpi_kept.cpp)
-- instead of a pass over every ticket and unmet target of the range, when nothing narrows the
-- tickets (no filter but a priority for the SLA, none for the volume, and a ticket scope that limits
-- nothing). Kept by the triggers below in the same transaction as every write of a ticket or an SLA
-- target (an insert, a change of a counted field, a soft delete or restore, a purge); a group
-- brought to zero is removed. The report reads the whole buckets of its range from these and the
-- parts of the range outside whole buckets (its edges) from the tickets, so its figures stay exact:
--   ticket_volume_quarters: live tickets created / solved per UTC quarter-hour of created_at /
--     solved_at ('YYYY-MM-DDTHH:' and the quarter's digit 0-3): the volume's totals and local days (every
--     time zone's offset is whole quarter-hours, so a local day is whole quarter-hours);
--   ticket_volume_days: the same per UTC day and channel, assignee or team (value '' for none):
--     the volume's breakdowns, which need no local day (a day's edges are read from the tickets);
--   ticket_sla_unmet_quarters: the SLA targets unmet with a due time, of live tickets, per UTC
--     quarter-hour of due_at, target, policy and ticket priority (the report counts those past due
--     as breached).
-- Never copied by migrate-data (as ticket_open_days): the target's triggers rebuild them as the
-- tickets and targets arrive.
CREATE TABLE ticket_volume_quarters (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  quarter      TEXT NOT NULL,
  kind         TEXT NOT NULL,  -- created, solved
  tickets      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, quarter, kind)
);
CREATE TABLE ticket_volume_days (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  day          TEXT NOT NULL,
  dimension    TEXT NOT NULL,  -- channel, assignee, team
  value        TEXT NOT NULL,  -- '' for none
  kind         TEXT NOT NULL,  -- created, solved
  tickets      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, day, dimension, value, kind)
);
CREATE TABLE ticket_sla_unmet_quarters (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  quarter      TEXT NOT NULL,
  target       TEXT NOT NULL,
  policy_id    TEXT NOT NULL,
  priority     TEXT NOT NULL,
  targets      INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, quarter, target, policy_id, priority)
);

-- The quarter-hour of an instant stored as RFC 3339 text ('YYYY-MM-DDTHH:MM...') is written out in
-- each statement (SQLite has no SQL functions of its own): substr(x, 1, 14) || (minutes / 15).

-- The tickets' rows, counted: created and solved instants of live tickets.
CREATE TEMP VIEW kpi_seed_volume AS
SELECT workspace_id, 'created' AS kind, created_at AS at, channel, COALESCE(assignee_id, '') AS assignee, COALESCE(team_id, '') AS team
FROM tickets WHERE deleted_at IS NULL
UNION ALL
SELECT workspace_id, 'solved', solved_at, channel, COALESCE(assignee_id, ''), COALESCE(team_id, '')
FROM tickets WHERE deleted_at IS NULL AND solved_at IS NOT NULL;

INSERT INTO ticket_volume_quarters (workspace_id, quarter, kind, tickets)
SELECT workspace_id, substr(at, 1, 14) || (CAST(substr(at, 15, 2) AS INTEGER) / 15), kind, count(*)
FROM kpi_seed_volume GROUP BY 1, 2, 3;
INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
SELECT workspace_id, substr(at, 1, 10), 'channel', channel, kind, count(*) FROM kpi_seed_volume GROUP BY 1, 2, 4, 5;
INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
SELECT workspace_id, substr(at, 1, 10), 'assignee', assignee, kind, count(*) FROM kpi_seed_volume GROUP BY 1, 2, 4, 5;
INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
SELECT workspace_id, substr(at, 1, 10), 'team', team, kind, count(*) FROM kpi_seed_volume GROUP BY 1, 2, 4, 5;
DROP VIEW kpi_seed_volume;

INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
SELECT workspace_id, substr(due_at, 1, 14) || (CAST(substr(due_at, 15, 2) AS INTEGER) / 15), target, policy_id, ticket_priority, count(*)
FROM ticket_sla WHERE met_at IS NULL AND due_at IS NOT NULL AND minutes IS NOT NULL AND ticket_deleted_at IS NULL
  AND ticket_priority IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

-- Volume: a ticket adds to its groups when inserted live; an update moves it from its old groups to
-- its new ones (only when a counted field changed); a purge of a live ticket takes it out.
CREATE TRIGGER ticket_volume_insert AFTER INSERT ON tickets WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO ticket_volume_quarters (workspace_id, quarter, kind, tickets)
  SELECT new.workspace_id, substr(x.at, 1, 14) || (CAST(substr(x.at, 15, 2) AS INTEGER) / 15), x.kind, 1
  FROM (SELECT 'created' AS kind, new.created_at AS at UNION ALL SELECT 'solved', new.solved_at) x WHERE x.at IS NOT NULL
  ON CONFLICT (workspace_id, quarter, kind) DO UPDATE SET tickets = tickets + 1;
  INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
  SELECT new.workspace_id, substr(x.at, 1, 10), d.dimension, d.value, x.kind, 1
  FROM (SELECT 'created' AS kind, new.created_at AS at UNION ALL SELECT 'solved', new.solved_at) x,
       (SELECT 'channel' AS dimension, new.channel AS value UNION ALL SELECT 'assignee', COALESCE(new.assignee_id, '')
        UNION ALL SELECT 'team', COALESCE(new.team_id, '')) d
  WHERE x.at IS NOT NULL
  ON CONFLICT (workspace_id, day, dimension, value, kind) DO UPDATE SET tickets = tickets + 1;
END;

-- Only the groups whose key changed are touched: a new assignee moves the ticket's two assignee
-- groups (created and solved), not its channel's, team's or quarters'.
CREATE TRIGGER ticket_volume_update AFTER UPDATE OF workspace_id, created_at, solved_at, deleted_at, channel, assignee_id, team_id ON tickets
WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL) AND (old.workspace_id IS NOT new.workspace_id
  OR old.created_at IS NOT new.created_at OR old.solved_at IS NOT new.solved_at OR old.deleted_at IS NOT new.deleted_at
  OR old.channel IS NOT new.channel OR old.assignee_id IS NOT new.assignee_id OR old.team_id IS NOT new.team_id) BEGIN
  UPDATE ticket_volume_quarters SET tickets = tickets - 1
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND (quarter, kind) IN (
    SELECT substr(x.at, 1, 14) || (CAST(substr(x.at, 15, 2) AS INTEGER) / 15), x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at, old.created_at IS NOT new.created_at AS changed UNION ALL SELECT 'solved', old.solved_at, old.solved_at IS NOT new.solved_at) x WHERE x.at IS NOT NULL AND (x.changed OR (old.workspace_id IS NOT new.workspace_id OR old.deleted_at IS NOT new.deleted_at)));
  UPDATE ticket_volume_days SET tickets = tickets - 1
  WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND (day, dimension, value, kind) IN (
    SELECT substr(x.at, 1, 10), d.dimension, d.value, x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at, old.created_at IS NOT new.created_at AS changed UNION ALL SELECT 'solved', old.solved_at, old.solved_at IS NOT new.solved_at) x,
         (SELECT 'channel' AS dimension, old.channel AS value, old.channel IS NOT new.channel AS changed
          UNION ALL SELECT 'assignee', COALESCE(old.assignee_id, ''), old.assignee_id IS NOT new.assignee_id
          UNION ALL SELECT 'team', COALESCE(old.team_id, ''), old.team_id IS NOT new.team_id) d
    WHERE x.at IS NOT NULL AND (x.changed OR d.changed OR (old.workspace_id IS NOT new.workspace_id OR old.deleted_at IS NOT new.deleted_at)));
  DELETE FROM ticket_volume_quarters WHERE workspace_id = old.workspace_id AND tickets = 0
    AND quarter IN (substr(old.created_at, 1, 14) || (CAST(substr(old.created_at, 15, 2) AS INTEGER) / 15), substr(old.solved_at, 1, 14) || (CAST(substr(old.solved_at, 15, 2) AS INTEGER) / 15));
  DELETE FROM ticket_volume_days WHERE workspace_id = old.workspace_id AND tickets = 0 AND (day, dimension, value, kind) IN (
    SELECT substr(x.at, 1, 10), d.dimension, d.value, x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at, old.created_at IS NOT new.created_at AS changed UNION ALL SELECT 'solved', old.solved_at, old.solved_at IS NOT new.solved_at) x,
         (SELECT 'channel' AS dimension, old.channel AS value, old.channel IS NOT new.channel AS changed
          UNION ALL SELECT 'assignee', COALESCE(old.assignee_id, ''), old.assignee_id IS NOT new.assignee_id
          UNION ALL SELECT 'team', COALESCE(old.team_id, ''), old.team_id IS NOT new.team_id) d
    WHERE x.at IS NOT NULL AND (x.changed OR d.changed OR (old.workspace_id IS NOT new.workspace_id OR old.deleted_at IS NOT new.deleted_at)));
  INSERT INTO ticket_volume_quarters (workspace_id, quarter, kind, tickets)
  SELECT new.workspace_id, substr(x.at, 1, 14) || (CAST(substr(x.at, 15, 2) AS INTEGER) / 15), x.kind, 1
  FROM (SELECT 'created' AS kind, new.created_at AS at, old.created_at IS NOT new.created_at AS changed UNION ALL SELECT 'solved', new.solved_at, old.solved_at IS NOT new.solved_at) x
  WHERE x.at IS NOT NULL AND new.deleted_at IS NULL AND (x.changed OR (old.workspace_id IS NOT new.workspace_id OR old.deleted_at IS NOT new.deleted_at))
  ON CONFLICT (workspace_id, quarter, kind) DO UPDATE SET tickets = tickets + 1;
  INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
  SELECT new.workspace_id, substr(x.at, 1, 10), d.dimension, d.value, x.kind, 1
  FROM (SELECT 'created' AS kind, new.created_at AS at, old.created_at IS NOT new.created_at AS changed UNION ALL SELECT 'solved', new.solved_at, old.solved_at IS NOT new.solved_at) x,
       (SELECT 'channel' AS dimension, new.channel AS value, old.channel IS NOT new.channel AS changed
          UNION ALL SELECT 'assignee', COALESCE(new.assignee_id, ''), old.assignee_id IS NOT new.assignee_id
          UNION ALL SELECT 'team', COALESCE(new.team_id, ''), old.team_id IS NOT new.team_id) d
  WHERE x.at IS NOT NULL AND new.deleted_at IS NULL AND (x.changed OR d.changed OR (old.workspace_id IS NOT new.workspace_id OR old.deleted_at IS NOT new.deleted_at))
  ON CONFLICT (workspace_id, day, dimension, value, kind) DO UPDATE SET tickets = tickets + 1;
END;

CREATE TRIGGER ticket_volume_delete AFTER DELETE ON tickets WHEN old.deleted_at IS NULL BEGIN
  UPDATE ticket_volume_quarters SET tickets = tickets - 1
  WHERE workspace_id = old.workspace_id AND (quarter, kind) IN (
    SELECT substr(x.at, 1, 14) || (CAST(substr(x.at, 15, 2) AS INTEGER) / 15), x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at UNION ALL SELECT 'solved', old.solved_at) x WHERE x.at IS NOT NULL);
  UPDATE ticket_volume_days SET tickets = tickets - 1
  WHERE workspace_id = old.workspace_id AND (day, dimension, value, kind) IN (
    SELECT substr(x.at, 1, 10), d.dimension, d.value, x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at UNION ALL SELECT 'solved', old.solved_at) x,
         (SELECT 'channel' AS dimension, old.channel AS value UNION ALL SELECT 'assignee', COALESCE(old.assignee_id, '')
          UNION ALL SELECT 'team', COALESCE(old.team_id, '')) d
    WHERE x.at IS NOT NULL);
  DELETE FROM ticket_volume_quarters WHERE workspace_id = old.workspace_id AND tickets = 0
    AND quarter IN (substr(old.created_at, 1, 14) || (CAST(substr(old.created_at, 15, 2) AS INTEGER) / 15), substr(old.solved_at, 1, 14) || (CAST(substr(old.solved_at, 15, 2) AS INTEGER) / 15));
  DELETE FROM ticket_volume_days WHERE workspace_id = old.workspace_id AND tickets = 0 AND (day, dimension, value, kind) IN (
    SELECT substr(x.at, 1, 10), d.dimension, d.value, x.kind
    FROM (SELECT 'created' AS kind, old.created_at AS at UNION ALL SELECT 'solved', old.solved_at) x,
         (SELECT 'channel' AS dimension, old.channel AS value UNION ALL SELECT 'assignee', COALESCE(old.assignee_id, '')
          UNION ALL SELECT 'team', COALESCE(old.team_id, '')) d
    WHERE x.at IS NOT NULL);
END;

-- SLA: a target counts while unmet with a due time, timed (minutes), of a live ticket with a priority
-- (the copies of migration 0062, themselves kept by triggers that update ticket_sla).
CREATE TRIGGER ticket_sla_unmet_insert AFTER INSERT ON ticket_sla
WHEN new.met_at IS NULL AND new.due_at IS NOT NULL AND new.minutes IS NOT NULL AND new.ticket_deleted_at IS NULL
  AND new.ticket_priority IS NOT NULL BEGIN
  INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
  VALUES (new.workspace_id, substr(new.due_at, 1, 14) || (CAST(substr(new.due_at, 15, 2) AS INTEGER) / 15),
          new.target, new.policy_id, new.ticket_priority, 1)
  ON CONFLICT (workspace_id, quarter, target, policy_id, priority) DO UPDATE SET targets = targets + 1;
END;

CREATE TRIGGER ticket_sla_unmet_update AFTER UPDATE OF workspace_id, target, policy_id, minutes, due_at, met_at, ticket_priority,
  ticket_deleted_at ON ticket_sla
WHEN old.workspace_id IS NOT new.workspace_id OR old.target IS NOT new.target OR old.policy_id IS NOT new.policy_id
  OR old.minutes IS NOT new.minutes OR old.due_at IS NOT new.due_at OR old.met_at IS NOT new.met_at
  OR old.ticket_priority IS NOT new.ticket_priority OR old.ticket_deleted_at IS NOT new.ticket_deleted_at BEGIN
  UPDATE ticket_sla_unmet_quarters SET targets = targets - 1
  WHERE old.met_at IS NULL AND old.due_at IS NOT NULL AND old.minutes IS NOT NULL AND old.ticket_deleted_at IS NULL
    AND old.ticket_priority IS NOT NULL AND workspace_id = old.workspace_id
    AND quarter = substr(old.due_at, 1, 14) || (CAST(substr(old.due_at, 15, 2) AS INTEGER) / 15)
    AND target = old.target AND policy_id = old.policy_id AND priority = old.ticket_priority;
  DELETE FROM ticket_sla_unmet_quarters WHERE workspace_id = old.workspace_id AND targets = 0 AND quarter = substr(old.due_at, 1, 14) || (CAST(substr(old.due_at, 15, 2) AS INTEGER) / 15);
  INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
  SELECT new.workspace_id, substr(new.due_at, 1, 14) || (CAST(substr(new.due_at, 15, 2) AS INTEGER) / 15),
         new.target, new.policy_id, new.ticket_priority, 1
  WHERE new.met_at IS NULL AND new.due_at IS NOT NULL AND new.minutes IS NOT NULL AND new.ticket_deleted_at IS NULL
    AND new.ticket_priority IS NOT NULL
  ON CONFLICT (workspace_id, quarter, target, policy_id, priority) DO UPDATE SET targets = targets + 1;
END;

CREATE TRIGGER ticket_sla_unmet_delete AFTER DELETE ON ticket_sla
WHEN old.met_at IS NULL AND old.due_at IS NOT NULL AND old.minutes IS NOT NULL AND old.ticket_deleted_at IS NULL
  AND old.ticket_priority IS NOT NULL BEGIN
  UPDATE ticket_sla_unmet_quarters SET targets = targets - 1
  WHERE workspace_id = old.workspace_id
    AND quarter = substr(old.due_at, 1, 14) || (CAST(substr(old.due_at, 15, 2) AS INTEGER) / 15)
    AND target = old.target AND policy_id = old.policy_id AND priority = old.ticket_priority;
  DELETE FROM ticket_sla_unmet_quarters WHERE workspace_id = old.workspace_id AND targets = 0 AND quarter = substr(old.due_at, 1, 14) || (CAST(substr(old.due_at, 15, 2) AS INTEGER) / 15);
END;
