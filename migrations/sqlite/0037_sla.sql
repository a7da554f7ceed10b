-- SLA (src/modules/support: business_hours.*, sla_policy.*, ticket_sla.*, sla_scan.*): business-hours
-- calendars, SLA policies, each ticket's SLA targets and the status intervals that pause them.
-- Times are TEXT as clock::format_ms writes them (RFC 3339 UTC with milliseconds), so they compare
-- as text in time order.
CREATE TABLE business_hours (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  calendar     TEXT NOT NULL,   -- JSON {"time_zone", "week", "holidays"} as read_calendar accepts it
  team_id      TEXT,            -- the team whose tickets it times (no foreign key: teams are configuration)
  is_default   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX business_hours_name ON business_hours(workspace_id, name);
CREATE UNIQUE INDEX business_hours_team ON business_hours(workspace_id, team_id) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX business_hours_default ON business_hours(workspace_id) WHERE is_default = 1;

CREATE TABLE sla_policies (
  id                TEXT PRIMARY KEY,
  workspace_id      TEXT NOT NULL REFERENCES workspaces(id),
  name              TEXT NOT NULL,
  position          INTEGER NOT NULL,
  conditions        TEXT NOT NULL,  -- JSON {"priority": [...], "company_id": [...], "tags": [...]}
  targets           TEXT NOT NULL,  -- JSON {"first_response": minutes | {priority: minutes}, ...}
  business_hours_id TEXT REFERENCES business_hours(id),
  calendar_time     INTEGER NOT NULL DEFAULT 0,
  pause_statuses    TEXT NOT NULL,  -- JSON array of ticket statuses
  warning           TEXT,           -- JSON {"percent": n} or {"minutes_before": n}; NULL: no warning
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies(workspace_id, name);
CREATE INDEX sla_policies_order ON sla_policies(workspace_id, position, id);

-- A ticket's SLA targets under its policy. minutes NULL: a row that only remembers when the customer
-- last wrote (next_response's start) under a policy without that target.
CREATE TABLE ticket_sla (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  -- Deferred: a new ticket's hook times it before the ticket's row is inserted, in the same transaction.
  ticket_id    TEXT NOT NULL REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
  target       TEXT NOT NULL CHECK (target IN ('first_response', 'next_response', 'resolution')),
  policy_id    TEXT NOT NULL,
  minutes      INTEGER,
  started_at   TEXT NOT NULL,
  due_at       TEXT,            -- NULL while paused (the clock stopped) or when no target
  warn_at      TEXT,
  met_at       TEXT,
  warned_at    TEXT,
  breached_at  TEXT,
  PRIMARY KEY (ticket_id, target)
);
-- The scan's questions (sla_scan.cpp): targets falling due, warnings coming up, across workspaces.
CREATE INDEX ticket_sla_due ON ticket_sla(due_at) WHERE met_at IS NULL AND breached_at IS NULL AND due_at IS NOT NULL;
CREATE INDEX ticket_sla_warn ON ticket_sla(warn_at) WHERE met_at IS NULL AND warned_at IS NULL AND warn_at IS NOT NULL;

-- A ticket's statuses over time (written by the ticket's resolve hook): the pauses of its SLA.
CREATE TABLE ticket_status_intervals (
  id           TEXT PRIMARY KEY,  -- UUIDv7: in order of writing
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  ticket_id    TEXT NOT NULL REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
  status       TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  ended_at     TEXT
);
CREATE INDEX ticket_status_intervals_ticket ON ticket_status_intervals(ticket_id, started_at);

-- The earliest due time of a ticket's open targets: the inbox sorts and filters by it.
ALTER TABLE tickets ADD COLUMN sla_due_at TEXT;
CREATE INDEX tickets_sla_due ON tickets(workspace_id, sla_due_at, id) WHERE deleted_at IS NULL;
