-- Next-response times in the support KPIs (src/modules/support/kpi_durations.hpp): one row per
-- answered customer message, from the customer's message that followed a reply (the next_response
-- target's start) to the agent's next public reply, written when that reply meets the target
-- (note_reply) and timed by track_sla like the first response: calendar and business seconds (on
-- the SLA calendar of the ticket's policy, without its pauses), the policy timing it and whether it
-- was met by its due time. ticket_sla keeps only a ticket's latest next_response; this keeps each.
CREATE TABLE ticket_next_responses (
  workspace_id     TEXT NOT NULL REFERENCES workspaces(id),
  ticket_id        TEXT NOT NULL REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
  started_at       TEXT NOT NULL,  -- the customer's message
  met_at           TEXT NOT NULL,  -- the agent's next public reply
  seconds          INTEGER,        -- NULL until timed (track_sla, else the KPI backfill)
  business_seconds INTEGER,
  sla_policy_id    TEXT,           -- the policy whose next_response target it was; NULL: none
  sla_met          INTEGER,        -- 1: met by its due time, 0: late, NULL: no target
  PRIMARY KEY (ticket_id, started_at)
);
-- The report's range (met in [from, to)), and the untimed ones (empty once the backfill has run).
CREATE INDEX ticket_next_responses_met ON ticket_next_responses(workspace_id, met_at);
CREATE INDEX ticket_next_responses_untimed ON ticket_next_responses(ticket_id) WHERE seconds IS NULL;
-- The next responses already met (a ticket's latest, the only one ticket_sla kept): timed in the background.
INSERT INTO ticket_next_responses (workspace_id, ticket_id, started_at, met_at)
  SELECT workspace_id, ticket_id, started_at, met_at FROM ticket_sla WHERE target = 'next_response' AND met_at IS NOT NULL;
-- The SLA section's met next responses are now read from ticket_next_responses (every one, not a ticket's latest only).
DROP INDEX ticket_sla_next_met;
