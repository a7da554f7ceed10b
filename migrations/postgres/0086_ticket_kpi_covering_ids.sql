-- The support report's duration passes (kpi_report.cpp) read `id` beside the durations, and the
-- workspace-wide covering indexes of 0050 left it out (the team-keyed ones of 0076 have it; SQLite's
-- index entries carry it in their keys). PostgreSQL could not answer those passes from the index
-- and read every ticket of the range from the table instead, through the narrower
-- tickets_first_response / tickets_solved: at 1M tickets the 30-day report's two passes took 132-166
-- ms each (78,085 and about as many heap rows), the whole request 240-370 ms. With `id` included they
-- are index-only scans.
DROP INDEX tickets_kpi_first_response;
CREATE INDEX tickets_kpi_first_response ON tickets(workspace_id, first_response_at)
  INCLUDE (id, priority, first_response_seconds, first_response_business_seconds, sla_policy_id, first_response_sla_met, team_id,
           assignee_id, channel) WHERE deleted_at IS NULL;
DROP INDEX tickets_kpi_resolution;
CREATE INDEX tickets_kpi_resolution ON tickets(workspace_id, solved_at)
  INCLUDE (id, priority, resolution_seconds, resolution_business_seconds, sla_policy_id, resolution_sla_met, team_id, assignee_id,
           channel) WHERE deleted_at IS NULL;
