-- The support queues at scale (issue 15's benchmark, bench/tickets.sh): each queue's tickets in its
-- sort order, so that a page is the first rows of one index range instead of every match sorted.
-- Partial on the queue's statuses: the list engine writes an Enum field's `in` values as literals in
-- the spec's order (list_query.cpp, enum_in_list), which the planner matches to these WHERE clauses.
--   (NULLS FIRST as the lists sort, migration 0002)
--   the inbox: a team's new and open tickets by SLA due time;
--   open statuses (new, open, pending, on_hold, the web inbox's queues): an agent's by last change
--   (my tickets), a team's by last change, all by SLA due time (breaching soon).
CREATE INDEX tickets_inbox_due ON tickets(workspace_id, team_id, sla_due_at NULLS FIRST, id)
  WHERE deleted_at IS NULL AND status IN ('new', 'open');
CREATE INDEX tickets_open_assignee_updated ON tickets(workspace_id, assignee_id, updated_at NULLS FIRST, id)
  WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX tickets_open_team_updated ON tickets(workspace_id, team_id, updated_at NULLS FIRST, id)
  WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX tickets_open_due ON tickets(workspace_id, sla_due_at NULLS FIRST, id)
  WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
