-- A ticket's `sla` kept on its row for the tickets' list pages (issue 15, the inbox at 1M tickets):
-- the page read each ticket's targets from ticket_sla (0037) in a query of its own, two or three
-- rows a ticket found through the primary key and then the table, 0.45 ms of SQLite's time for a
-- page of 50 beside 0.37 ms for the page itself. Now each write of the ticket stores its `sla` as
-- JSON text (records' kept column, modules/support/ticket_sla.hpp kept_sla), and the page judges that
-- text again at the time of reading (breached moves with time; sla_of_kept). 'null': no policy
-- applies. NULL: not kept (a row written by SQL that bypasses the ticket's writes); the page reads
-- its targets as before.
--
-- The existing tickets' text is built here from their targets: per target the times sla_of_kept
-- reads (due_at, warn_at, met_at), and the policy. A target without minutes is a row that only
-- remembers when the customer last wrote, never shown.
ALTER TABLE tickets ADD COLUMN sla_kept TEXT;

UPDATE tickets SET sla_kept = coalesce((
  SELECT json_insert(json_group_object(s.target, json_object('due_at', s.due_at, 'warn_at', s.warn_at, 'met_at', s.met_at)),
                     '$.policy_id', max(s.policy_id))
  FROM ticket_sla s WHERE s.ticket_id = tickets.id AND s.minutes IS NOT NULL HAVING count(*) > 0), 'null');
