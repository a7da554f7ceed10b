-- The support report of one team without reading every team's tickets, as SQLite's migration 0076:
-- the report's passes read a range of the indexes of migrations 0050 and 0062, keyed (workspace_id,
-- <instant>), and dropped the other teams' entries one by one; these are keyed (workspace_id,
-- team_id, <instant>) and include the same columns, so a team's report reads its own entries only
-- (index-only scans; `id` included, as the duration passes read it). Partial on `team_id IS NOT
-- NULL`, which a query's `team_id = $n` implies.
CREATE INDEX tickets_kpi_team_first_response ON tickets(workspace_id, team_id, first_response_at)
  INCLUDE (id, priority, first_response_seconds, first_response_business_seconds, sla_policy_id, first_response_sla_met, assignee_id, channel)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
CREATE INDEX tickets_kpi_team_resolution ON tickets(workspace_id, team_id, solved_at)
  INCLUDE (id, priority, resolution_seconds, resolution_business_seconds, sla_policy_id, resolution_sla_met, assignee_id, channel)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
CREATE INDEX tickets_kpi_team_created ON tickets(workspace_id, team_id, created_at) INCLUDE (channel, assignee_id, priority)
  WHERE deleted_at IS NULL AND team_id IS NOT NULL;
-- The backlog of a team: tickets_team_status (0031, the lists' team + status filter by id) with the
-- columns the backlog reads.
DROP INDEX tickets_team_status;
CREATE INDEX tickets_team_status ON tickets(workspace_id, team_id, status NULLS FIRST, id) INCLUDE (created_at, assignee_id, channel, priority)
  WHERE deleted_at IS NULL;
-- The satisfaction section's ratings in the range (tickets_satisfaction of 0043, keyed the same, so
-- lists sorted by satisfaction_at still read it in order) with the rating and the filtered columns.
DROP INDEX tickets_satisfaction;
CREATE INDEX tickets_satisfaction ON tickets(workspace_id, satisfaction_at, id) INCLUDE (satisfaction, team_id, assignee_id, channel, priority)
  WHERE deleted_at IS NULL;
