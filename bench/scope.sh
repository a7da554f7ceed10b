#!/usr/bin/env bash
# The cost of record scopes: a sales rep ("own" scope) who owns 1% of N contacts (default 1,000,000)
# lists their contacts, against an admin (scope "all") running the same requests on the same server
# in the same run. The scope is a SQL condition served by the index (workspace_id, owner_id,
# created_at, id), not a filter applied after loading: the rep's p99 should stay far under 20 ms.
# Writes bench/results/scope.md.
# Usage: bash bench/scope.sh [--contacts N] [--connections C] [--duration SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; connections=64; duration=15
bench_args "contacts connections duration" "$@"
bench_begin
bench_database sqlite

bench_workspace
"$bin" generate --contacts "$contacts" --activities 0 --workspace Bench --data "$work/data" >/dev/null
admin_token=$(bench_token bench)

bench_serve --no-access-log

# The rep is made through the API; the contacts are then spread over 100 owners in one SQL statement,
# the rep's share being 1% (setting up the data, like `rapport generate`, is not what is measured).
rep=$(curl -sf -X POST "$url/api/v1/users" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  -d '{"email":"rep@rapport.local","password":"rep-password-1234","role":"sales_rep"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# ANALYZE gives the planner the owners' real distribution, as a restart's PRAGMA optimize would.
sqlite3 "$work/data/rapport.db" "PRAGMA busy_timeout=10000; UPDATE contacts SET owner_id = CASE WHEN rowid % 100 = 0 THEN '$rep' ELSE 'seller-' || (rowid % 100) END; ANALYZE;" >/dev/null
rep_token=$(bench_token rep rep@rapport.local)
owned=$(curl -sf "$url/api/v1/contacts?limit=1&count=true" -H "Authorization: Bearer $rep_token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
customers=$(curl -sf "$url/api/v1/contacts?limit=1&count=true&filter%5Blifecycle_stage%5D%5Beq%5D=customer" -H "Authorization: Bearer $rep_token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')

run() { BENCH_TOKEN=$2 bench_wrk "$1" "$url" "${3:-$connections}" "$duration" "$work"; }
declare -A res
res[hello]=$(run hello "$admin_token")
res[admin_list]=$(run list_page "$admin_token")
res[rep_list]=$(run list_page "$rep_token")
res[admin_own]=$(run own_list "$admin_token")
res[rep_own]=$(run own_list "$rep_token")
# Latency of one request when the machine is not saturated (4 connections): the scope's own cost.
res[admin_list4]=$(run list_page "$admin_token" 4)
res[rep_list4]=$(run list_page "$rep_token" 4)

{
  echo "| request | caller | requests/s | p50 ms | p99 ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|"
  row() { local r=${res[$1]}; echo "| $2 | $3 | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) |"; }
  row hello "hello-world" "-"
  row admin_list "customers, newest first, 50" "admin (all)"
  row rep_list "customers, newest first, 50" "sales rep (own)"
  row admin_own "contacts, newest first, 50" "admin (all)"
  row rep_own "contacts, newest first, 50" "sales rep (own)"
  row admin_list4 "customers, newest first, 50 (4 connections)" "admin (all)"
  row rep_list4 "customers, newest first, 50 (4 connections)" "sales rep (own)"
  echo
  echo "- contacts: $contacts; the rep owns $owned of them ($customers customers)"
  echo "- rep / admin requests/s: filtered $(ratio "$(field "${res[rep_list]}" rps)" "$(field "${res[admin_list]}" rps)"), unfiltered $(ratio "$(field "${res[rep_own]}" rps)" "$(field "${res[admin_own]}" rps)")"
  echo "- wrk: 1 thread, $connections connections (4 where marked), ${duration} s per row; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/results/scope.md
