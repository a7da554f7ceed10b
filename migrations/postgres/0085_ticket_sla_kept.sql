-- A ticket's `sla` kept on its row for the tickets' list pages: see the SQLite migration of the
-- same number. The same text, built from the targets with jsonb (whose key order differs; the
-- reader orders the answer itself).
ALTER TABLE tickets ADD COLUMN sla_kept TEXT;

UPDATE tickets t SET sla_kept = coalesce((
  SELECT (jsonb_object_agg(s.target, jsonb_build_object('due_at', s.due_at, 'warn_at', s.warn_at, 'met_at', s.met_at))
          || jsonb_build_object('policy_id', max(s.policy_id)))::text
  FROM ticket_sla s WHERE s.ticket_id = t.id AND s.minutes IS NOT NULL HAVING count(*) > 0), 'null');
