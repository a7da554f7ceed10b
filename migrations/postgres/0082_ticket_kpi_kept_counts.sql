-- The support report's volume and SLA sections from kept counts: see
-- migrations/sqlite/0082_ticket_kpi_kept_counts.sql for why and what. Same tables and figures here.
-- Inserts and deletes are counted per statement with transition tables (as 0077: one upsert per
-- group and statement, so that a bulk insert such as migrate-data's does not update the same few
-- rows thousands of times in one transaction); updates per row, only when a counted field changed
-- (the WHEN clauses, as 0071: most writes of a ticket or a target change none, and a per-statement
-- trigger cost every one of them ~0.1 ms). The changes are netted per group and applied in key order
-- (two writers moving tickets between the same groups lock them in the same order). A group brought
-- to zero may stay (as deal_created_totals); the report reads only groups with tickets.
LOCK TABLE tickets IN SHARE MODE;
LOCK TABLE ticket_sla IN SHARE MODE;

CREATE TABLE ticket_volume_quarters (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  quarter      TEXT NOT NULL,
  kind         TEXT NOT NULL,  -- created, solved
  tickets      BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, quarter, kind)
);
CREATE TABLE ticket_volume_days (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  day          TEXT NOT NULL,
  dimension    TEXT NOT NULL,  -- channel, assignee, team
  value        TEXT NOT NULL,  -- '' for none
  kind         TEXT NOT NULL,  -- created, solved
  tickets      BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, day, dimension, value, kind)
);
CREATE TABLE ticket_sla_unmet_quarters (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  quarter      TEXT NOT NULL,
  target       TEXT NOT NULL,
  policy_id    TEXT NOT NULL,
  priority     TEXT NOT NULL,
  targets      BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, quarter, target, policy_id, priority)
);

-- The UTC quarter-hour of an instant stored as RFC 3339 text: 'YYYY-MM-DDTHH:' and the quarter's digit
-- (0-3); '0' when the text has no minutes there, as SQLite's CAST gives (never an error in a write).
CREATE FUNCTION ticket_kpi_quarter(at TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(at, 1, 14) || CASE WHEN substr(at, 15, 2) ~ '^[0-9][0-9]$' THEN (CAST(substr(at, 15, 2) AS INTEGER) / 15)::text ELSE '0' END
$$;

-- The counted rows of the tickets: live ones, created, and solved when solved.
CREATE VIEW ticket_volume_seed AS
SELECT workspace_id, 'created' AS kind, created_at AS at, channel, coalesce(assignee_id, '') AS assignee, coalesce(team_id, '') AS team
FROM tickets WHERE deleted_at IS NULL
UNION ALL
SELECT workspace_id, 'solved', solved_at, channel, coalesce(assignee_id, ''), coalesce(team_id, '')
FROM tickets WHERE deleted_at IS NULL AND solved_at IS NOT NULL;

INSERT INTO ticket_volume_quarters (workspace_id, quarter, kind, tickets)
SELECT workspace_id, ticket_kpi_quarter(at), kind, count(*) FROM ticket_volume_seed GROUP BY 1, 2, 3;
INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
SELECT workspace_id, substr(at, 1, 10), d.dimension, d.value, kind, count(*)
FROM ticket_volume_seed s CROSS JOIN LATERAL (VALUES ('channel', s.channel), ('assignee', s.assignee), ('team', s.team)) d(dimension, value)
GROUP BY 1, 2, 3, 4, 5;
DROP VIEW ticket_volume_seed;

INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
SELECT workspace_id, ticket_kpi_quarter(due_at), target, policy_id, ticket_priority, count(*)
FROM ticket_sla WHERE met_at IS NULL AND due_at IS NOT NULL AND minutes IS NOT NULL AND ticket_deleted_at IS NULL
  AND ticket_priority IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

-- One ticket's row counted (created or solved at `at`), signed: -1 as it was, +1 as it is.
CREATE TYPE ticket_volume_change AS (workspace_id TEXT, kind TEXT, at TEXT, channel TEXT, assignee TEXT, team TEXT, n BIGINT);

-- Adds a statement's changes to both volume tables, netted per group and in key order.
CREATE FUNCTION ticket_volume_add(changes ticket_volume_change[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_volume_quarters (workspace_id, quarter, kind, tickets)
  SELECT c.workspace_id, ticket_kpi_quarter(c.at), c.kind, sum(c.n) FROM unnest(changes) c
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (workspace_id, quarter, kind) DO UPDATE SET tickets = ticket_volume_quarters.tickets + excluded.tickets;
  INSERT INTO ticket_volume_days (workspace_id, day, dimension, value, kind, tickets)
  SELECT c.workspace_id, substr(c.at, 1, 10), d.dimension, d.value, c.kind, sum(c.n)
  FROM unnest(changes) c CROSS JOIN LATERAL (VALUES ('channel', c.channel), ('assignee', c.assignee), ('team', c.team)) d(dimension, value)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(c.n) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, day, dimension, value, kind) DO UPDATE SET tickets = ticket_volume_days.tickets + excluded.tickets;
END
$$;

-- The trigger functions: the live rows before (-1) and after (+1), created and solved.
CREATE FUNCTION ticket_volume_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_volume_add(ARRAY(
    SELECT ROW(r.workspace_id, x.kind, x.at, r.channel, coalesce(r.assignee_id, ''), coalesce(r.team_id, ''), 1)::ticket_volume_change
    FROM new_rows r CROSS JOIN LATERAL (VALUES ('created', r.created_at), ('solved', r.solved_at)) x(kind, at)
    WHERE r.deleted_at IS NULL AND x.at IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE FUNCTION ticket_volume_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_volume_add(ARRAY(
    SELECT ROW(OLD.workspace_id, x.kind, x.at, OLD.channel, coalesce(OLD.assignee_id, ''), coalesce(OLD.team_id, ''), -1)::ticket_volume_change
    FROM (VALUES ('created', OLD.created_at), ('solved', OLD.solved_at)) x(kind, at)
    WHERE OLD.deleted_at IS NULL AND x.at IS NOT NULL
    UNION ALL
    SELECT ROW(NEW.workspace_id, x.kind, x.at, NEW.channel, coalesce(NEW.assignee_id, ''), coalesce(NEW.team_id, ''), 1)::ticket_volume_change
    FROM (VALUES ('created', NEW.created_at), ('solved', NEW.solved_at)) x(kind, at)
    WHERE NEW.deleted_at IS NULL AND x.at IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE FUNCTION ticket_volume_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_volume_add(ARRAY(
    SELECT ROW(r.workspace_id, x.kind, x.at, r.channel, coalesce(r.assignee_id, ''), coalesce(r.team_id, ''), -1)::ticket_volume_change
    FROM old_rows r CROSS JOIN LATERAL (VALUES ('created', r.created_at), ('solved', r.solved_at)) x(kind, at)
    WHERE r.deleted_at IS NULL AND x.at IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_volume_inserted AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_volume_inserted();
CREATE TRIGGER ticket_volume_updated AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.solved_at IS DISTINCT FROM NEW.solved_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
    OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
    OR OLD.team_id IS DISTINCT FROM NEW.team_id)
  EXECUTE FUNCTION ticket_volume_updated();
CREATE TRIGGER ticket_volume_deleted AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_volume_deleted();

-- SLA: the unmet, timed targets with a due time of live tickets with a priority, before (-1) and after (+1).
CREATE FUNCTION ticket_sla_unmet_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
  SELECT workspace_id, ticket_kpi_quarter(due_at), target, policy_id, ticket_priority, count(*) FROM new_rows
  WHERE met_at IS NULL AND due_at IS NOT NULL AND minutes IS NOT NULL AND ticket_deleted_at IS NULL AND ticket_priority IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, quarter, target, policy_id, priority) DO UPDATE SET targets = ticket_sla_unmet_quarters.targets + excluded.targets;
  RETURN NULL;
END
$$;

CREATE FUNCTION ticket_sla_unmet_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_sla_unmet_quarters (workspace_id, quarter, target, policy_id, priority, targets)
  SELECT workspace_id, quarter, target, policy_id, priority, sum(n) FROM (
    SELECT OLD.workspace_id AS workspace_id, ticket_kpi_quarter(OLD.due_at) AS quarter, OLD.target AS target, OLD.policy_id AS policy_id,
           OLD.ticket_priority AS priority, -1 AS n
    WHERE OLD.met_at IS NULL AND OLD.due_at IS NOT NULL AND OLD.minutes IS NOT NULL AND OLD.ticket_deleted_at IS NULL
      AND OLD.ticket_priority IS NOT NULL
    UNION ALL
    SELECT NEW.workspace_id, ticket_kpi_quarter(NEW.due_at), NEW.target, NEW.policy_id, NEW.ticket_priority, 1
    WHERE NEW.met_at IS NULL AND NEW.due_at IS NOT NULL AND NEW.minutes IS NOT NULL AND NEW.ticket_deleted_at IS NULL
      AND NEW.ticket_priority IS NOT NULL
  ) change
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, quarter, target, policy_id, priority) DO UPDATE SET targets = ticket_sla_unmet_quarters.targets + excluded.targets;
  RETURN NULL;
END
$$;

CREATE FUNCTION ticket_sla_unmet_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_sla_unmet_quarters q SET targets = q.targets - d.n
  FROM (SELECT workspace_id, ticket_kpi_quarter(due_at) AS quarter, target, policy_id, ticket_priority AS priority, count(*) AS n
        FROM old_rows WHERE met_at IS NULL AND due_at IS NOT NULL AND minutes IS NOT NULL AND ticket_deleted_at IS NULL
          AND ticket_priority IS NOT NULL GROUP BY 1, 2, 3, 4, 5) d
  WHERE q.workspace_id = d.workspace_id AND q.quarter = d.quarter AND q.target = d.target AND q.policy_id = d.policy_id
    AND q.priority = d.priority;
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_sla_unmet_inserted AFTER INSERT ON ticket_sla REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_sla_unmet_inserted();
CREATE TRIGGER ticket_sla_unmet_updated AFTER UPDATE ON ticket_sla FOR EACH ROW
  WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.target IS DISTINCT FROM NEW.target
    OR OLD.policy_id IS DISTINCT FROM NEW.policy_id OR OLD.minutes IS DISTINCT FROM NEW.minutes
    OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.met_at IS DISTINCT FROM NEW.met_at
    OR OLD.ticket_priority IS DISTINCT FROM NEW.ticket_priority OR OLD.ticket_deleted_at IS DISTINCT FROM NEW.ticket_deleted_at)
  EXECUTE FUNCTION ticket_sla_unmet_updated();
CREATE TRIGGER ticket_sla_unmet_deleted AFTER DELETE ON ticket_sla REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_sla_unmet_deleted();
