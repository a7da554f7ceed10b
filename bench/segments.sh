#!/usr/bin/env bash
# Segment counts (GET /api/v1/segments/{id}/members?count=true&limit=1: the count and the first
# page, one query each) at N contacts (default 1,000,000) on SQLite or PostgreSQL, for conditions an
# index serves (the target is under 100 ms) and, for reference, some no index serves. The data is
# `rapport generate`'s (contacts, companies, activities, deals), plus, written by SQL here since the
# generator makes none: each deal linked to a contact, an email_marketing consent for about 31% of
# the contacts (a withdrawal for a tenth of them afterwards), and a static list of about 4,000.
# Each segment is asked `--runs` times one at a time after a warm-up pass; median and slowest.
# Writes bench/results/segments-<engine>.md.
# Usage: bash bench/segments.sh [--engine sqlite|postgres] [--contacts N] [--runs R] [--data DIR]
#   --data DIR (SQLite) / --database URL (PostgreSQL; RAPPORT_MASTER_KEY must be its key): kept after
#   the run; generated when new (no such directory / no Bench workspace), else migrated and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=1000000; runs=15; data=""; database=""
bench_args "engine contacts runs data database" "$@"
[ -n "$database" ] && engine=postgres
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin rapport-bench-segments
bench_database "$engine" "$data" "$database"
data=${bench_data:-}
# Generated unless the data directory exists, or the database (--database) holds the Bench workspace.
fresh=1
if [ "$engine" = sqlite ] && [ -e "$data/rapport.db" ]; then fresh=0
elif [ -n "$database" ] && [ "$(sql "SELECT count(*) FROM workspaces WHERE name = 'Bench'" 2>/dev/null || echo 0)" != 0 ]; then fresh=0; fi
if [ "$fresh" = 1 ]; then
  bench_workspace
  start=$(date +%s)
  "$bin" generate --contacts "$contacts" --deals $(( contacts / 20 )) --workspace Bench "${db_args[@]}" >/dev/null
  ws=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
  now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
  # One contact per deal, spread over the table; consents by the random last digit of the ids.
  sql "WITH d AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM deals WHERE workspace_id = '$ws'),
            c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM contacts WHERE workspace_id = '$ws')
       INSERT INTO deal_contacts(workspace_id, deal_id, contact_id) SELECT '$ws', d.id, c.id FROM d JOIN c ON c.n = d.n * 17" >/dev/null
  sql "INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, recorded_at)
       SELECT 'g' || id, workspace_id, id, 'email_marketing', 'granted', 'import', '2026-01-01T00:00:00.000Z' FROM contacts
       WHERE workspace_id = '$ws' AND substr(id, 36, 1) IN ('0', '1', '2', '3', '4')" >/dev/null
  sql "INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, recorded_at)
       SELECT 'w' || id, workspace_id, id, 'email_marketing', 'withdrawn', 'unsubscribe_link', '2026-02-01T00:00:00.000Z' FROM contacts
       WHERE workspace_id = '$ws' AND substr(id, 36, 1) = '0' AND substr(id, 35, 1) IN ('0', '1', '2')" >/dev/null
  sql "INSERT INTO marketing_lists(id, workspace_id, name, name_key, created_at, updated_at)
       VALUES ('01900000-0000-7000-8000-00000000b001', '$ws', 'Bench list', 'bench list', '$now', '$now')" >/dev/null
  sql "INSERT INTO marketing_list_members(workspace_id, list_id, contact_id, added_at)
       SELECT workspace_id, '01900000-0000-7000-8000-00000000b001', id, '$now' FROM contacts
       WHERE workspace_id = '$ws' AND substr(id, 35, 2) = '00'" >/dev/null
  sql "ANALYZE" >/dev/null
  generated="generated with the extra rows in $(( $(date +%s) - start )) s"
else
  "$bin" migrate "${db_args[@]}" >/dev/null
  generated="an existing data directory"
fi
contacts=$(sql "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
token=$(bench_token "segments-$RANDOM")
pipeline=$(sql "SELECT id FROM pipelines ORDER BY id LIMIT 1")
stage=$(sql "SELECT id FROM pipeline_stages WHERE pipeline_id = '$pipeline' ORDER BY position LIMIT 1")
bench_serve --no-access-log

api() {  # api METHOD PATH [BODY] -> the answer's body (fails on a non-2xx)
  curl -sf -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
declare -a names filters
add() { names+=("$1"); filters+=("$2"); }
add "lifecycle_stage eq customer (index contacts_stage)" '{"lifecycle_stage": {"eq": "customer"}}'
add "lifecycle_stage in lead, customer" '{"lifecycle_stage": {"in": ["lead", "customer"]}}'
add "created_at in the last 30 days (index contacts_created)" "{\"created_at\": {\"gte\": \"$(date -u -d '30 days ago' +%Y-%m-%d)\"}}"
add "has_open_deal" '{"has_open_deal": true}'
add "has_open_deal in a pipeline" "{\"has_open_deal\": {\"pipeline_id\": \"$pipeline\"}}"
add "has_open_deal in a stage" "{\"has_open_deal\": {\"stage_id\": \"$stage\"}}"
add "customer with an open deal" '{"lifecycle_stage": {"eq": "customer"}, "has_open_deal": true}'
add "last_name starts_with Sm (index contacts_last_name)" '{"last_name": {"starts_with": "Sm"}}'
add "consent email_marketing granted" '{"consent": {"channel": "email_marketing", "state": "granted"}}'
add "activity within 30 days" '{"activity_within_days": 30}'
add "no index: country eq DE" '{"country": {"eq": "DE"}}'
add "no index: company.country eq DE (companies scanned)" '{"company.country": {"eq": "DE"}}'
add "no index: any of country DE, FR" '{"any": [{"country": {"eq": "DE"}}, {"country": {"eq": "FR"}}]}'

ms() { python3 -c 'import sys; print(round(float(sys.argv[1]) * 1000, 1))' "$1"; }
time_path() {  # time_path PATH -> "count median_ms max_ms"
  local path=$1 total t
  total=$(api GET "$path" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  curl -s -o /dev/null "$url$path" -H "Authorization: Bearer $token"  # warm-up
  : > "$work/times"
  for _ in $(seq "$runs"); do
    curl -s -o /dev/null -w '%{time_total}\n' "$url$path" -H "Authorization: Bearer $token" >> "$work/times"
  done
  python3 - "$work/times" "$total" <<'PY'
import statistics, sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]))
print(sys.argv[2], round(statistics.median(t), 1), round(t[-1], 1))
PY
}
{
  echo "| segment | members | median ms | slowest ms |"
  echo "|---|---|---|---|"
  for i in "${!names[@]}"; do
    # Named per run and deleted after: a kept data directory is run again (names are unique).
    id=$(api POST /api/v1/segments "{\"name\": \"bench $$ $i\", \"filter\": ${filters[$i]}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    read -r total median slowest < <(time_path "/api/v1/segments/$id/members?count=true&limit=1")
    api DELETE "/api/v1/segments/$id" >/dev/null
    echo "| ${names[$i]} | $total | $median | $slowest |"
  done
  read -r total median slowest < <(time_path "/api/v1/lists/01900000-0000-7000-8000-00000000b001/members?count=true&limit=1")
  echo "| static list members (primary key) | $total | $median | $slowest |"
  echo
  echo "- $engine, $contacts contacts ($generated); admin caller; GET .../members?count=true&limit=1 (count and first page), $runs runs each after a warm-up, one at a time with curl"
  echo "- $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/segments-$engine.md"
