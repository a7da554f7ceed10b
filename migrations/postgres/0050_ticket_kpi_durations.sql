-- Support KPIs at scale (src/modules/support/kpi_durations.hpp): a ticket's first response and
-- resolution times, in calendar and in business seconds, written by track_sla when first_response_at
-- or solved_at is set (and cleared with them), so that the report reads numbers instead of re-timing
-- every ticket of its range on the SLA clock. Existing tickets are timed at the server's next start,
-- in transactions of 500 (fill_kpi_durations_at_start), found through tickets_kpi_untimed, which is
-- empty once they are.
ALTER TABLE tickets ADD COLUMN first_response_seconds BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_business_seconds BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_seconds BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_business_seconds BIGINT;
-- The SLA's outcome (the policy timing the ticket; first response / resolution met by its due time:
-- 1, late: 0, no such target or not met yet: null), so that the report's attainment of these two
-- targets reads the same index ranges as their durations instead of joining ticket_sla to tickets.
ALTER TABLE tickets ADD COLUMN sla_policy_id TEXT;
ALTER TABLE tickets ADD COLUMN first_response_sla_met INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_sla_met INTEGER;
-- The report's duration sections: one range of one index each, covering what they read (the filters
-- team, assignee, channel and priority included).
CREATE INDEX tickets_kpi_first_response ON tickets(workspace_id, first_response_at)
  INCLUDE (priority, first_response_seconds, first_response_business_seconds, sla_policy_id, first_response_sla_met, team_id,
           assignee_id, channel) WHERE deleted_at IS NULL;
CREATE INDEX tickets_kpi_resolution ON tickets(workspace_id, solved_at)
  INCLUDE (priority, resolution_seconds, resolution_business_seconds, sla_policy_id, resolution_sla_met, team_id, assignee_id,
           channel) WHERE deleted_at IS NULL;
-- Volume (created per day, channel, agent, team) and the backlog (the open tickets by status and age),
-- each read from one index without the table.
CREATE INDEX tickets_kpi_created ON tickets(workspace_id, created_at) INCLUDE (channel, assignee_id, team_id, priority)
  WHERE deleted_at IS NULL;
CREATE INDEX tickets_kpi_open ON tickets(workspace_id, status, created_at) INCLUDE (team_id, assignee_id, channel, priority)
  WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
-- Next responses met in a range (the other targets' are read from the tickets above).
CREATE INDEX ticket_sla_next_met ON ticket_sla(workspace_id, met_at) WHERE target = 'next_response' AND met_at IS NOT NULL;
CREATE INDEX tickets_kpi_untimed ON tickets(id)
  WHERE ((first_response_at IS NOT NULL AND first_response_seconds IS NULL) OR (solved_at IS NOT NULL AND resolution_seconds IS NULL));
