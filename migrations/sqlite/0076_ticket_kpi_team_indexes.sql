-- The support report of one team (GET /api/v1/reports/support?team_id=..., src/modules/support/
-- kpi_report.cpp) without reading every team's tickets, and its SLA pass from its index alone. Its passes read a range of the covering
-- indexes of migrations 0050 and 0062, keyed (workspace_id, <instant>), and dropped the other teams'
-- entries one by one: a year of one team of 20 read the year's 2.7M entries to keep 135k
-- (docs/benchmarks.md, "Support KPIs at 1M tickets (session 24)"). These hold the same columns keyed
-- (workspace_id, team_id, <instant>), so a team's report reads its own entries only. Partial on
-- `team_id IS NOT NULL` (a query's `team_id = ?` implies it; tickets without a team are not read by
-- team). `deleted_at` is a column because SQLite takes an index as covering only when it holds
-- every column the query names, the partial index's own `deleted_at IS NULL` included.
CREATE INDEX tickets_kpi_team_first_response ON tickets(workspace_id, team_id, first_response_at, id, priority, first_response_seconds,
  first_response_business_seconds, sla_policy_id, first_response_sla_met, assignee_id, channel, deleted_at)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
CREATE INDEX tickets_kpi_team_resolution ON tickets(workspace_id, team_id, solved_at, id, priority, resolution_seconds,
  resolution_business_seconds, sla_policy_id, resolution_sla_met, assignee_id, channel, deleted_at)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
CREATE INDEX tickets_kpi_team_created ON tickets(workspace_id, team_id, created_at, id, channel, assignee_id, priority, deleted_at)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
-- The backlog of a team: tickets_team_status (0031, the lists' team + status filter by id) with the
-- columns the backlog reads, so that its open tickets are read from the index alone.
DROP INDEX tickets_team_status;
CREATE INDEX tickets_team_status ON tickets(workspace_id, team_id, status, id, created_at, assignee_id, channel, priority, deleted_at)
  WHERE deleted_at IS NULL;
-- The SLA's unmet targets: ticket_sla_kpi_unmet of 0062 was not covering after all (SQLite wants
-- `met_at`, which the partial index's WHERE names, as a column too), so each target in the range was
-- looked up in its row (~44k a month at 1M tickets, about as many in a year: open tickets' targets
-- fall due recently). Rebuilt with `met_at`. No twin keyed by team: a team's report reads the range's
-- entries of every team from the index (tens of thousands, a few ms) rather than a fifth index per write.
DROP INDEX ticket_sla_kpi_unmet;
CREATE INDEX ticket_sla_kpi_unmet ON ticket_sla(workspace_id, due_at, target, policy_id, ticket_priority, minutes, ticket_team_id,
  ticket_assignee_id, ticket_channel, ticket_owner_id, ticket_deleted_at, met_at) WHERE met_at IS NULL AND due_at IS NOT NULL;
-- The satisfaction section's ratings in the range (tickets_satisfaction of 0043, keyed the same, so
-- lists sorted by satisfaction_at still read it in order) with the rating and the filtered columns:
-- read from the index instead of each rated ticket's row.
DROP INDEX tickets_satisfaction;
CREATE INDEX tickets_satisfaction ON tickets(workspace_id, satisfaction_at, id, satisfaction, team_id, assignee_id, channel, priority, deleted_at)
  WHERE deleted_at IS NULL;
