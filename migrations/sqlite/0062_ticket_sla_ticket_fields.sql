-- The support report's SLA section without the join to tickets (src/modules/support/kpi_report.cpp):
-- each SLA target carries the fields of its ticket that the report filters and scopes by (priority,
-- team, assignee, channel, owner) and whether the ticket is deleted, kept by the triggers below in
-- the same transaction as every write of the ticket or the target. The unmet targets past due in a
-- range (30k a month at 1M tickets) were each a lookup of their ticket's row (docs/benchmarks.md,
-- "Support KPIs"); they are now one range of the covering index ticket_sla_kpi_unmet.
ALTER TABLE ticket_sla ADD COLUMN ticket_priority TEXT;
ALTER TABLE ticket_sla ADD COLUMN ticket_team_id TEXT;
ALTER TABLE ticket_sla ADD COLUMN ticket_assignee_id TEXT;
ALTER TABLE ticket_sla ADD COLUMN ticket_channel TEXT;
ALTER TABLE ticket_sla ADD COLUMN ticket_owner_id TEXT;
ALTER TABLE ticket_sla ADD COLUMN ticket_deleted_at TEXT;
UPDATE ticket_sla SET (ticket_priority, ticket_team_id, ticket_assignee_id, ticket_channel, ticket_owner_id, ticket_deleted_at) =
  (SELECT t.priority, t.team_id, t.assignee_id, t.channel, t.owner_id, t.deleted_at FROM tickets t WHERE t.id = ticket_sla.ticket_id);

DROP INDEX ticket_sla_unmet_due;
CREATE INDEX ticket_sla_kpi_unmet ON ticket_sla(workspace_id, due_at, target, policy_id, ticket_priority, minutes, ticket_team_id,
  ticket_assignee_id, ticket_channel, ticket_owner_id, ticket_deleted_at) WHERE met_at IS NULL AND due_at IS NOT NULL;

-- A target written before its ticket (a new ticket's hook times it first) gets the fields when the
-- ticket's row is inserted; one written after, from the ticket's row.
CREATE TRIGGER ticket_sla_ticket_fields AFTER INSERT ON ticket_sla BEGIN
  UPDATE ticket_sla SET (ticket_priority, ticket_team_id, ticket_assignee_id, ticket_channel, ticket_owner_id, ticket_deleted_at) =
    (SELECT t.priority, t.team_id, t.assignee_id, t.channel, t.owner_id, t.deleted_at FROM tickets t WHERE t.id = new.ticket_id)
  WHERE ticket_id = new.ticket_id AND target = new.target;
END;
CREATE TRIGGER tickets_sla_fields_insert AFTER INSERT ON tickets BEGIN
  UPDATE ticket_sla SET ticket_priority = new.priority, ticket_team_id = new.team_id, ticket_assignee_id = new.assignee_id,
    ticket_channel = new.channel, ticket_owner_id = new.owner_id, ticket_deleted_at = new.deleted_at
  WHERE ticket_id = new.id;
END;
CREATE TRIGGER tickets_sla_fields_update AFTER UPDATE OF priority, team_id, assignee_id, channel, owner_id, deleted_at ON tickets
  WHEN old.priority IS NOT new.priority OR old.team_id IS NOT new.team_id OR old.assignee_id IS NOT new.assignee_id
    OR old.channel IS NOT new.channel OR old.owner_id IS NOT new.owner_id OR old.deleted_at IS NOT new.deleted_at BEGIN
  UPDATE ticket_sla SET ticket_priority = new.priority, ticket_team_id = new.team_id, ticket_assignee_id = new.assignee_id,
    ticket_channel = new.channel, ticket_owner_id = new.owner_id, ticket_deleted_at = new.deleted_at
  WHERE ticket_id = new.id;
END;
