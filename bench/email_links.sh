#!/usr/bin/env bash
# The list of a record's emails (GET /api/v1/emails?contact_id=|company_id=|lead_id=, first page of
# 50) at N emails (default 100,000: half sent, half received) in one workspace, on SQLite or
# PostgreSQL. The contacts and companies are `rapport generate`'s; the mail is written here by SQL
# (the sent half names a contact, every fifth its company too, every tenth a lead; the received half
# matched to one contact, every fourth to two), threads of one message. When the schema has
# email_record_links (migration 0069) its rows are filled as the migration's backfill fills them;
# an older binary (BENCH_BIN=...) reads the JSON as it did. Each list is asked --runs times one at a
# time after a warm-up; median wall time and the server's CPU time a request (the machine may be
# shared: CPU is the figure to compare). Writes bench/results/email-links-<engine>.md.
# Usage: bash bench/email_links.sh [--engine sqlite|postgres] [--emails N] [--contacts N] [--runs R]
#   BENCH_BIN=/path/to/older/rapport bash bench/email_links.sh   # the figures before the link table
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; emails=100000; contacts=10000; runs=30
bench_args "engine emails contacts runs" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin rapport-bench-email-links
bench_database "$engine" "" ""
bench_workspace
start=$(date +%s)
"$bin" generate --contacts "$contacts" --activities 0 --workspace Bench "${db_args[@]}" >/dev/null
ws=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
user=$(sql "SELECT id FROM users WHERE workspace_id = '$ws' ORDER BY id LIMIT 1")
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
half=$(( emails / 2 ))
leads=$(( contacts / 10 ))
if [ "$engine" = postgres ]; then
  series() { echo "generate_series(0::bigint, $(( $1 - 1 ))) AS g(n)"; }
  hex() { echo "lpad(to_hex($1), $2, '0')"; }
  has_links=$(sql "SELECT count(*) FROM information_schema.tables WHERE table_name = 'email_record_links'")
else
  series() { echo "(WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < $(( $1 - 1 ))) SELECT n FROM s) AS g"; }
  hex() { echo "printf('%0$2x', $1)"; }
  has_links=$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'email_record_links'")
fi
# Rows numbered 0.. to pick by arithmetic; ids in time order (UUIDv7-like), sent and received interleaved.
sql "CREATE TABLE bench_c AS SELECT id, company_id, row_number() OVER (ORDER BY id) - 1 AS n FROM contacts WHERE workspace_id = '$ws'" >/dev/null
sql "INSERT INTO leads(id, workspace_id, last_name, status, created_at, updated_at, version)
     SELECT '01900000-0000-7000-9000-' || $(hex g.n 12), '$ws', 'Lead ' || g.n, 'new', '$now', '$now', 1 FROM $(series $leads)" >/dev/null
email_id() { echo "'01900000-' || $(hex "$1" 8) || '-7000-8000-000000000000'"; }
sql "INSERT INTO emails(id, workspace_id, created_by, status, sender, recipients, subject, text_body, html_body, links, message_id,
                        created_at, thread_id)
     SELECT $(email_id '2 * g.n'), '$ws', '$user', 'sent', 'bench@rapport.local', '{\"to\":[\"x@example.org\"],\"cc\":[]}',
            'Sent ' || g.n, 'Hello.', '',
            '{\"contact_id\":\"' || c.id || '\"' ||
              CASE WHEN g.n % 5 = 0 AND c.company_id IS NOT NULL THEN ',\"company_id\":\"' || c.company_id || '\"' ELSE '' END ||
              CASE WHEN g.n % 10 = 0 THEN ',\"lead_id\":\"01900000-0000-7000-9000-' || $(hex "(g.n / 10) % $leads" 12) || '\"' ELSE '' END || '}',
            'sent-' || g.n || '@bench', '$now', $(email_id '2 * g.n')
     FROM $(series $half) JOIN bench_c c ON c.n = (g.n * 7919) % $contacts" >/dev/null
sql "INSERT INTO received_emails(id, workspace_id, direction, message_id, thread_id, sender, recipients, subject, text_body,
                                 html_body, contact_ids, size, received_at)
     SELECT $(email_id '2 * g.n + 1'), '$ws', 'inbound', 'received-' || g.n || '@bench', $(email_id '2 * g.n + 1'),
            'x@example.org', '{\"to\":[\"bench@rapport.local\"],\"cc\":[]}', 'Received ' || g.n, 'Hello.', '',
            '[\"' || c.id || '\"' || CASE WHEN g.n % 4 = 0 THEN ',\"' || d.id || '\"' ELSE '' END || ']', 100, '$now'
     FROM $(series $half) JOIN bench_c c ON c.n = (g.n * 104729) % $contacts JOIN bench_c d ON d.n = (g.n * 13) % $contacts" >/dev/null
if [ "$has_links" = 1 ]; then  # what migration 0069 fills for existing mail (and the store writes for new mail)
  if [ "$engine" = postgres ]; then
    sql "INSERT INTO email_record_links (workspace_id, object, record_id, email_id)
         SELECT m.workspace_id, k.object, m.links::jsonb ->> k.key, m.id FROM emails m
         CROSS JOIN (VALUES ('contact_id', 'contacts'), ('company_id', 'companies'), ('lead_id', 'leads'), ('deal_id', 'deals')) AS k(key, object)
         WHERE jsonb_typeof(m.links::jsonb -> k.key) = 'string' ON CONFLICT DO NOTHING" >/dev/null
    sql "INSERT INTO email_record_links (workspace_id, object, record_id, email_id)
         SELECT r.workspace_id, 'contacts', e.value, r.id FROM received_emails r
         CROSS JOIN LATERAL jsonb_array_elements_text(r.contact_ids::jsonb) AS e(value) ON CONFLICT DO NOTHING" >/dev/null
  else
    sql "INSERT OR IGNORE INTO email_record_links (workspace_id, object, record_id, email_id)
         SELECT m.workspace_id, k.object, json_extract(m.links, '$.' || k.key), m.id
         FROM emails m, (SELECT 'contact_id' AS key, 'contacts' AS object UNION ALL SELECT 'company_id', 'companies'
                         UNION ALL SELECT 'lead_id', 'leads' UNION ALL SELECT 'deal_id', 'deals') k
         WHERE json_type(m.links, '$.' || k.key) = 'text'" >/dev/null
    sql "INSERT OR IGNORE INTO email_record_links (workspace_id, object, record_id, email_id)
         SELECT r.workspace_id, 'contacts', e.value, r.id FROM received_emails r, json_each(r.contact_ids) e" >/dev/null
  fi
fi
sql "ANALYZE" >/dev/null
generated=$(( $(date +%s) - start ))
total=$(( $(sql "SELECT count(*) FROM emails") + $(sql "SELECT count(*) FROM received_emails") ))
# The contact, company and lead named most (the fullest first page), as the web UI's Emails tab asks.
contact=$(sql "SELECT c.id FROM bench_c c ORDER BY c.n LIMIT 1 OFFSET 1")
company=$(sql "SELECT company_id FROM contacts WHERE workspace_id = '$ws' AND company_id IS NOT NULL GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT 1")
lead="01900000-0000-7000-9000-000000000001"
token=$(bench_token "email-links-$RANDOM")
bench_serve --no-access-log

# The CPU time (ns) of the private PostgreSQL cluster's processes (the server's connections), 0 on SQLite.
db_cpu_ns() {
  local t=0 p pm
  if [ "$engine" = postgres ]; then
    pm=$(pgrep -o -f -- "-D $work/pg/data" || true)
    for p in $pm $(pgrep -P "${pm:-0}" || true); do t=$(( t + $(server_cpu_ns "$p") )); done
  fi
  echo $t
}
time_path() {  # time_path PATH -> "listed median_ms server_cpu_ms db_cpu_ms" (CPU a request)
  local path=$1 before after db_before db_after
  local listed
  listed=$(curl -sf "$url$path" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')
  : > "$work/times"
  before=$(server_cpu_ns "$server")
  db_before=$(db_cpu_ns)
  for _ in $(seq "$runs"); do
    curl -s -o /dev/null -w '%{time_total}\n' "$url$path" -H "Authorization: Bearer $token" >> "$work/times"
  done
  after=$(server_cpu_ns "$server")
  db_after=$(db_cpu_ns)
  python3 - "$work/times" "$listed" "$(( (after - before) / runs ))" "$(( (db_after - db_before) / runs ))" <<'PY'
import statistics, sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]))
print(sys.argv[2], round(statistics.median(t), 2), round(int(sys.argv[3]) / 1e6, 2), round(int(sys.argv[4]) / 1e6, 2))
PY
}
{
  echo "| list (first page of 50) | listed | median ms | server CPU ms a request | PostgreSQL CPU ms a request |"
  echo "|---|---|---|---|---|"
  for q in "contact_id=$contact" "company_id=$company" "lead_id=$lead"; do
    read -r listed median cpu db_cpu < <(time_path "/api/v1/emails?$q&limit=50")
    echo "| ${q%%=*} | $listed | $median | $cpu | $( [ "$engine" = postgres ] && echo "$db_cpu" || echo -) |"
  done
  echo
  echo "- $engine, $total emails ($half sent, $half received), $contacts contacts; $( [ "$has_links" = 1 ] && echo "email_record_links (migration 0069)" || echo "no email_record_links: the JSON read (before 0069)"); generated in $generated s"
  echo "- binary $bin; admin caller, $runs runs each after a warm-up, one at a time with curl"
  echo "- $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/email-links-$engine$( [ "$has_links" = 1 ] || echo -before).md"
