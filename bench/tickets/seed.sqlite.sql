-- The ticket benchmark's data (bench/tickets.sh), SQLite: @N@ tickets in the workspace @WS@ at the
-- time @NOW@ (Unix seconds), written by set-based INSERTs (no audit, history or outbox rows) as the
-- record engine would store them. seed.postgres.sql is the same data for PostgreSQL; the spread:
--   20 teams of 10 agents each (200 users with the support_agent role, who cannot sign in);
--   created over the past year, one ticket every 31.5 s, numbered in that order;
--   status: new 5%, open 15%, pending 5%, on_hold 2%, solved 13%, closed 60%;
--   priority: low 20%, normal 50%, high 20%, urgent 10%; channel: email 50%, web 20%, phone 20%, api 10%;
--   team: one in 20 in turn; assignee: an agent of the team (half the new tickets unassigned);
--   tags: billing ~33%, bug 20%, feature-request 10%, vip 1%, legal-hold 0.01% (the rare tag);
--   solved_at (solved and closed tickets): their last update, within three days of creation; the
--   KPI durations (migration 0050) are left to the server (its support.kpi_backfill job);
--   SLA (one calendar-time policy, first response 60 min, resolution 1 day): first_response and
--   resolution rows in ticket_sla for every ticket; the open target of a new or open ticket falls due
--   between a day ago and six days ahead (its sla_due_at), pending and on-hold tickets are paused,
--   solved and closed ones met.
-- h1, h2: two multiplicative hashes of the ticket's position (Knuth), so that the columns do not move together.
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO sla_policies(id, workspace_id, name, position, conditions, targets, business_hours_id, calendar_time, pause_statuses,
                         warning, created_at, updated_at, version)
VALUES ('0190cccc-0000-7000-8000-000000000001', '@WS@', 'Bench', 1, '{}', '{"first_response":60,"resolution":1440}', NULL, 1,
        '["pending","on_hold"]', '{"percent":80}', strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch'),
        strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch'), 1);

INSERT INTO teams(id, workspace_id, name, name_key, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i < 19)
SELECT printf('0190aaaa-0000-7000-8000-%012d', i), '@WS@', 'Team ' || i, 'team ' || i,
       strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch') FROM s;

INSERT INTO users(id, workspace_id, email, email_key, name, password_hash, role, active, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i < 199)
SELECT printf('0190bbbb-0000-7000-8000-%012d', i), '@WS@', 'agent' || i || '@bench.local', 'agent' || i || '@bench.local',
       'Agent ' || i, '!', 'support_agent', 1,
       strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%fZ', @NOW@, 'unixepoch') FROM s;

INSERT INTO team_members(workspace_id, team_id, user_id, added_at)
SELECT '@WS@', printf('0190aaaa-0000-7000-8000-%012d', CAST(substr(id, 25) AS INTEGER) / 10), id, created_at
FROM users WHERE workspace_id = '@WS@' AND id LIKE '0190bbbb-%';

CREATE TEMP TABLE seed AS
WITH RECURSIVE s(i) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i < @N@),
h AS (SELECT i, ((i * 2654435761) % 4294967296) >> 12 AS h1, ((i * 2246822519) % 4294967296) >> 10 AS h2,
             @NOW@ - ((@N@ - i) * CAST(31536000 AS BIGINT)) / @N@ AS created_s FROM s)
SELECT i, h1, h2, created_s,
       CASE WHEN h1 % 100 < 5 THEN 'new' WHEN h1 % 100 < 20 THEN 'open' WHEN h1 % 100 < 25 THEN 'pending'
            WHEN h1 % 100 < 27 THEN 'on_hold' WHEN h1 % 100 < 40 THEN 'solved' ELSE 'closed' END AS status,
       @NOW@ + ((h2 % 10080) - 1440) * 60 AS due_s
FROM h;

INSERT INTO tickets(id, workspace_id, number, subject, subject_key, description, status, priority, type, channel, assignee_id,
                    team_id, first_response_at, solved_at, custom, created_at, updated_at, version, sla_due_at, tags, tags_key)
SELECT printf('0190dddd-0000-7000-8000-%012d', i), '@WS@', i, subject, lower(subject),
       'Generated for the ticket benchmark.', status,
       CASE WHEN (h1 / 100) % 10 < 2 THEN 'low' WHEN (h1 / 100) % 10 < 7 THEN 'normal' WHEN (h1 / 100) % 10 < 9 THEN 'high' ELSE 'urgent' END,
       CASE (h2 / 7) % 4 WHEN 0 THEN 'question' WHEN 1 THEN 'incident' WHEN 2 THEN 'problem' ELSE 'task' END,
       CASE WHEN (h1 / 1000) % 10 < 5 THEN 'email' WHEN (h1 / 1000) % 10 < 7 THEN 'web' WHEN (h1 / 1000) % 10 < 9 THEN 'phone' ELSE 'api' END,
       CASE WHEN status = 'new' AND h2 % 2 = 0 THEN NULL
            ELSE printf('0190bbbb-0000-7000-8000-%012d', (i % 20) * 10 + (h1 / 10000) % 10) END,
       printf('0190aaaa-0000-7000-8000-%012d', i % 20),
       CASE WHEN status = 'new' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', created_s + (h2 % 240 + 1) * 60, 'unixepoch') END,
       CASE WHEN status IN ('solved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%fZ', min(@NOW@, created_s + h2 % 259200), 'unixepoch') END,
       '{}', strftime('%Y-%m-%dT%H:%M:%fZ', created_s, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%fZ', min(@NOW@, created_s + h2 % 259200), 'unixepoch'), 1,
       CASE WHEN status IN ('new', 'open') THEN strftime('%Y-%m-%dT%H:%M:%fZ', due_s, 'unixepoch') END,
       tags, tags
FROM (SELECT seed.*,
             CASE (h2 / 3) % 5 WHEN 0 THEN 'Cannot sign in' WHEN 1 THEN 'Invoice question' WHEN 2 THEN 'Refund request'
                               WHEN 3 THEN 'Export fails' ELSE 'Feature request' END || ' ' || i AS subject,
             '[' || substr(CASE WHEN h2 % 3 = 0 THEN ',"billing"' ELSE '' END || CASE WHEN (h2 / 3) % 5 = 0 THEN ',"bug"' ELSE '' END
                           || CASE WHEN (h2 / 15) % 10 = 0 THEN ',"feature-request"' ELSE '' END
                           || CASE WHEN (h2 / 150) % 100 = 0 THEN ',"vip"' ELSE '' END
                           || CASE WHEN i % 10000 = 7 THEN ',"legal-hold"' ELSE '' END, 2) || ']' AS tags
      FROM seed) AS t;

-- first_response: open while new; resolution: open while new or open, paused while pending or on hold.
INSERT INTO ticket_sla(workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at, warn_at, met_at, warned_at, breached_at)
SELECT '@WS@', printf('0190dddd-0000-7000-8000-%012d', i), 'first_response', '0190cccc-0000-7000-8000-000000000001', 60,
       strftime('%Y-%m-%dT%H:%M:%fZ', created_s, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%fZ', CASE WHEN status = 'new' THEN due_s ELSE created_s + 3600 END, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%fZ', CASE WHEN status = 'new' THEN due_s - 720 ELSE created_s + 2880 END, 'unixepoch'),
       CASE WHEN status = 'new' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', created_s + (h2 % 240 + 1) * 60, 'unixepoch') END,
       NULL, CASE WHEN status = 'new' AND due_s < @NOW@ THEN strftime('%Y-%m-%dT%H:%M:%fZ', due_s, 'unixepoch') END
FROM seed;
INSERT INTO ticket_sla(workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at, warn_at, met_at, warned_at, breached_at)
SELECT '@WS@', printf('0190dddd-0000-7000-8000-%012d', i), 'resolution', '0190cccc-0000-7000-8000-000000000001', 1440,
       strftime('%Y-%m-%dT%H:%M:%fZ', created_s, 'unixepoch'),
       CASE WHEN status IN ('pending', 'on_hold') THEN NULL
            ELSE strftime('%Y-%m-%dT%H:%M:%fZ', CASE WHEN status = 'new' THEN due_s + 82800 WHEN status = 'open' THEN due_s ELSE created_s + 86400 END, 'unixepoch') END,
       CASE WHEN status IN ('pending', 'on_hold') THEN NULL
            ELSE strftime('%Y-%m-%dT%H:%M:%fZ', CASE WHEN status = 'new' THEN due_s + 65520 WHEN status = 'open' THEN due_s - 17280 ELSE created_s + 69120 END, 'unixepoch') END,
       CASE WHEN status IN ('solved', 'closed') THEN strftime('%Y-%m-%dT%H:%M:%fZ', min(@NOW@, created_s + h2 % 259200), 'unixepoch') END,
       NULL, CASE WHEN status = 'open' AND due_s < @NOW@ THEN strftime('%Y-%m-%dT%H:%M:%fZ', due_s, 'unixepoch') END
FROM seed;

-- Each ticket's `sla` kept on its row, as the ticket's own writes keep it (migration 0085 builds it the same way).
UPDATE tickets SET sla_kept = coalesce((
  SELECT json_insert(json_group_object(s.target, json_object('due_at', s.due_at, 'warn_at', s.warn_at, 'met_at', s.met_at)),
                     '$.policy_id', max(s.policy_id))
  FROM ticket_sla s WHERE s.ticket_id = tickets.id AND s.minutes IS NOT NULL HAVING count(*) > 0), 'null')
WHERE workspace_id = '@WS@';

INSERT INTO ticket_numbers(workspace_id, last_number) VALUES ('@WS@', @N@)
  ON CONFLICT(workspace_id) DO UPDATE SET last_number = excluded.last_number;
INSERT INTO record_counts(workspace_id, object_type, live, slot) VALUES ('@WS@', 'tickets', @N@, 0)
  ON CONFLICT(workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live;
COMMIT;
ANALYZE;
