-- The support report's SLA section without the join to tickets (src/modules/support/kpi_report.cpp):
-- each SLA target carries the fields of its ticket that the report filters and scopes by (priority,
-- team, assignee, channel, owner) and whether the ticket is deleted, kept by the triggers below in
-- the same transaction as every write of the ticket or the target. The unmet targets past due in a
-- range (30k a month at 1M tickets) were each a lookup of their ticket's row (docs/benchmarks.md,
-- "Support KPIs"); they are now one range of the covering index ticket_sla_kpi_unmet.
ALTER TABLE ticket_sla ADD COLUMN ticket_priority TEXT, ADD COLUMN ticket_team_id TEXT, ADD COLUMN ticket_assignee_id TEXT,
  ADD COLUMN ticket_channel TEXT, ADD COLUMN ticket_owner_id TEXT, ADD COLUMN ticket_deleted_at TEXT;
UPDATE ticket_sla s SET ticket_priority = t.priority, ticket_team_id = t.team_id, ticket_assignee_id = t.assignee_id,
  ticket_channel = t.channel, ticket_owner_id = t.owner_id, ticket_deleted_at = t.deleted_at
FROM tickets t WHERE t.id = s.ticket_id;

DROP INDEX ticket_sla_unmet_due;
CREATE INDEX ticket_sla_kpi_unmet ON ticket_sla(workspace_id, due_at, target, policy_id, ticket_priority, minutes, ticket_team_id,
  ticket_assignee_id, ticket_channel, ticket_owner_id, ticket_deleted_at) WHERE met_at IS NULL AND due_at IS NOT NULL;

-- A target written before its ticket (a new ticket's hook times it first) gets the fields when the
-- ticket's row is inserted; one written after, from the ticket's row.
CREATE FUNCTION ticket_sla_ticket_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT t.priority, t.team_id, t.assignee_id, t.channel, t.owner_id, t.deleted_at
    INTO NEW.ticket_priority, NEW.ticket_team_id, NEW.ticket_assignee_id, NEW.ticket_channel, NEW.ticket_owner_id, NEW.ticket_deleted_at
    FROM tickets t WHERE t.id = NEW.ticket_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER ticket_sla_ticket_fields BEFORE INSERT ON ticket_sla FOR EACH ROW EXECUTE FUNCTION ticket_sla_ticket_fields();

CREATE FUNCTION tickets_sla_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_sla SET ticket_priority = NEW.priority, ticket_team_id = NEW.team_id, ticket_assignee_id = NEW.assignee_id,
    ticket_channel = NEW.channel, ticket_owner_id = NEW.owner_id, ticket_deleted_at = NEW.deleted_at
  WHERE ticket_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_sla_fields_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_sla_fields();
CREATE TRIGGER tickets_sla_fields_update AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.priority IS DISTINCT FROM NEW.priority OR OLD.team_id IS DISTINCT FROM NEW.team_id
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.channel IS DISTINCT FROM NEW.channel
    OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION tickets_sla_fields();
