-- Support KPIs (src/modules/support/kpi_*): when a ticket was last solved (or closed without being
-- solved first), kept by track_sla (ticket_sla.cpp) with its status: set when the ticket enters solved
-- or closed, kept while it stays there, cleared when it reopens. The resolution and volume figures
-- read a range of it. Existing tickets: the start of their trailing run of solved/closed status
-- intervals (migration 0037), else their last update.
ALTER TABLE tickets ADD COLUMN solved_at TEXT;
UPDATE tickets SET solved_at = COALESCE(
  (SELECT min(i.started_at) FROM ticket_status_intervals i
    WHERE i.ticket_id = tickets.id AND i.status IN ('solved', 'closed')
      AND i.started_at >= COALESCE((SELECT max(j.started_at) FROM ticket_status_intervals j
                                     WHERE j.ticket_id = tickets.id AND j.status NOT IN ('solved', 'closed')), '')),
  updated_at)
WHERE status IN ('solved', 'closed');
CREATE INDEX tickets_solved ON tickets(workspace_id, solved_at, id) WHERE deleted_at IS NULL;
-- SLA attainment over a range: the targets met in it, and the targets still unmet whose due time fell in it.
CREATE INDEX ticket_sla_met ON ticket_sla(workspace_id, met_at) WHERE met_at IS NOT NULL;
CREATE INDEX ticket_sla_unmet_due ON ticket_sla(workspace_id, due_at) WHERE met_at IS NULL AND due_at IS NOT NULL;
