#!/usr/bin/env bash
# The support inbox at N tickets (default 1,000,000) on SQLite or PostgreSQL (issue 15's quality bar:
# the inbox, filtered by team and status and sorted by SLA due time, p99 under 20 ms at 16
# connections). Seeds the tickets by set-based SQL (bench/tickets/seed.<engine>.sql: 20 teams, 200
# agents, statuses, priorities, tags, ticket_sla rows with due dates), then drives `rapport serve`
# with wrk, one request kind a row, each cycling through its values:
#   inbox          a team's new and open tickets by SLA due time (each of the 20 teams), as an admin;
#   inbox (agent)  the same as an agent of team 0, whose role's team scope adds its own condition;
#   my tickets     an agent's open tickets, latest change first (each of the 200 agents);
#   breaching soon open tickets with an SLA due time, soonest first (the web inbox's queue);
#   rare tag       filter[tags][eq] on a tag of 0.01% of the tickets, and on a tag no ticket has;
#   common tag     filter[tags][eq] on a tag of a third of the tickets;
#   KPIs           GET /api/v1/reports/support: the last 30 days, the year (366 days), the year of one
#                  team (each of the 20), the year of urgent tickets.
# p50/p99 and requests/s, against hello-world from the same run and server; writes
# bench/results/tickets-<engine>.md.
# Usage: bash bench/tickets.sh [--engine sqlite|postgres] [--tickets N] [--connections C]
#                              [--duration SECONDS] [--data DIR] [--database URL]
#   --data DIR (SQLite) / --database URL (PostgreSQL; RAPPORT_MASTER_KEY must be its key): kept
#   after the run; seeded when new (no such directory / no Bench workspace), else migrated and reused.
#   BENCH_BIN=PATH runs another build of rapport (bench/lib.sh). BENCH_SEED_ONLY=1 stops after
#   seeding (with --data: a data directory to time another build on). BENCH_NO_KPI=1: no KPI rows.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; tickets=1000000; connections=16; duration=15; data=""; database=""
bench_args "engine tickets connections duration data database" "$@"
[ -n "$database" ] && engine=postgres
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin rapport-tickets
bench_database "$engine" "$data" "$database"
data=${bench_data:-}
# Seeded unless the data directory exists, or the database (--database) holds the Bench workspace.
fresh=1
if [ "$engine" = sqlite ] && [ -e "$data/rapport.db" ]; then fresh=0
elif [ -n "$database" ] && [ "$(sql "SELECT count(*) FROM workspaces WHERE name = 'Bench'" 2>/dev/null || echo 0)" != 0 ]; then fresh=0; fi
if [ "$fresh" = 1 ]; then
  bench_workspace
  workspace=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
  start=$(date +%s)
  sed -e "s/@WS@/$workspace/g" -e "s/@N@/$tickets/g" -e "s/@NOW@/$start/g" "bench/tickets/seed.$engine.sql" > "$work/seed.sql"
  if [ "$engine" = postgres ]; then psql -q -v ON_ERROR_STOP=1 "$pg_url" -f "$work/seed.sql" >/dev/null
  else sqlite3 -bail "$data/rapport.db" < "$work/seed.sql" >/dev/null; fi
  seeded="seeded in $(( $(date +%s) - start )) s by bench/tickets/seed.$engine.sql, then ANALYZE"
else
  start=$(date +%s)
  "$bin" migrate "${db_args[@]}" >/dev/null
  seeded="an existing $([ -n "$database" ] && echo database || echo "data directory") (migrated in $(( $(date +%s) - start )) s)"
fi
[ -n "${BENCH_SEED_ONLY:-}" ] && { echo "$seeded"; exit 0; }
tickets=$(sql "SELECT count(*) FROM tickets WHERE deleted_at IS NULL")
token=$(bench_token "tickets-$RANDOM")
agent_token=$(bench_token "tickets-agent-$RANDOM" agent0@bench.local)

# The request kinds' paths, one file each (filter[a][b] percent-encoded as the web UI sends it).
team() { printf '0190aaaa-0000-7000-8000-%012d' "$1"; }
agent() { printf '0190bbbb-0000-7000-8000-%012d' "$1"; }
list=/api/v1/tickets
for t in $(seq 0 19); do
  echo "$list?filter%5Bteam_id%5D%5Beq%5D=$(team "$t")&filter%5Bstatus%5D%5Bin%5D=new%2Copen&sort=sla_due_at&limit=50"
done > "$work/inbox"
echo "$list?filter%5Bteam_id%5D%5Beq%5D=$(team 0)&filter%5Bstatus%5D%5Bin%5D=new%2Copen&sort=sla_due_at&limit=50" > "$work/inbox_agent"
for a in $(seq 0 199); do
  echo "$list?filter%5Bassignee_id%5D%5Beq%5D=$(agent "$a")&filter%5Bstatus%5D%5Bin%5D=new%2Copen%2Cpending%2Con_hold&sort=-updated_at&limit=50"
done > "$work/mine"
echo "$list?filter%5Bstatus%5D%5Bin%5D=new%2Copen%2Cpending%2Con_hold&filter%5Bsla_due_at%5D%5Bis_null%5D=false&sort=sla_due_at&limit=50" > "$work/breaching"
printf '%s\n' "$list?filter%5Btags%5D%5Beq%5D=legal-hold&limit=50" "$list?filter%5Btags%5D%5Beq%5D=no-such-tag&limit=50" > "$work/rare_tag"
echo "$list?filter%5Btags%5D%5Beq%5D=billing&limit=50" > "$work/common_tag"
# The support KPIs (issue 15's target: under 100 ms at 1M tickets). The seed spreads the tickets over
# the past year, so the year range holds all of them.
kinds="inbox inbox_agent mine breaching rare_tag common_tag"
report=/api/v1/reports/support
from=$(date -u -d '30 days ago' +%Y-%m-%d); to=$(date -u +%Y-%m-%d)
echo "$report?from=$from&to=$to" > "$work/kpi"
year="from=$(date -u -d '365 days ago' +%Y-%m-%d)&to=$(date -u -d tomorrow +%Y-%m-%d)"
echo "$report?$year" > "$work/kpi_year"
for t in $(seq 0 19); do echo "$report?$year&team_id=$(team "$t")"; done > "$work/kpi_team"
echo "$report?$year&priority=urgent" > "$work/kpi_urgent"

bench_serve --no-access-log
status_of() { curl -s -o "$work/answer" -w '%{http_code}' "$url$1" -H "Authorization: Bearer $2"; }
kpi_status=$(status_of "$(cat "$work/kpi")" "$token")
# BENCH_NO_KPI=1 leaves the KPI rows out (at 1M tickets on a loaded machine a year's report takes
# seconds of wall time a request; bench/kpi_report.sh times the report in-process instead).
[ "$kpi_status" = 404 ] || [ -n "${BENCH_NO_KPI:-}" ] || kinds="$kinds kpi kpi_year kpi_team kpi_urgent"
# Every path answered once (200, and the page's size noted) before timing: the page cache warm, a
# wrong path caught. Then the server's CPU time per request over a second pass, one request at a
# time (at most 20 paths a kind): the figure other processes on the machine distort least, with the
# wall time of that pass per request. The agent's inbox uses its own key. A report's rows: the
# tickets it counted as created.
: > "$work/failed"
declare -A rows cpu wall
for kind in $kinds; do
  key=$token; [ "$kind" = inbox_agent ] && key=$agent_token
  while read -r path; do
    code=$(status_of "$path" "$key")
    [ "$code" = 200 ] || echo "$code $path" >> "$work/failed"
  done < "$work/$kind"
  rows[$kind]=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["data"]) if "data" in d else d["volume"]["created"] if "volume" in d else "-")' "$work/answer" 2>/dev/null || echo "?")
  head -20 "$work/$kind" > "$work/$kind.cpu"
  before=$(server_cpu_ns "$server"); began=$(date +%s%N)
  while read -r path; do status_of "$path" "$key" > /dev/null; done < "$work/$kind.cpu"
  cpu[$kind]=$(echo "scale=2; ($(server_cpu_ns "$server") - $before) / 1000000 / $(wc -l < "$work/$kind.cpu")" | bc)
  wall[$kind]=$(echo "scale=2; ($(date +%s%N) - $began) / 1000000 / $(wc -l < "$work/$kind.cpu")" | bc)
done

declare -A res load
res[hello]=$(bench_wrk hello "$url" "$connections" "$duration" "$work"); load[hello]=$(cut -d' ' -f1 /proc/loadavg)
for kind in $kinds; do
  key=$token; [ "$kind" = inbox_agent ] && key=$agent_token
  res[$kind]=$(BENCH_TOKEN=$key BENCH_PATHS=$work/$kind bench_wrk paths "$url" "$connections" "$duration" "$work")
  load[$kind]=$(cut -d' ' -f1 /proc/loadavg)
done

{
  echo "| request | rows | server CPU ms/request | wall ms/request, one at a time | requests/s | p50 ms | p99 ms | errors | non-2xx | req/s ratio to hello | load average (1 min) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  declare -A label=([inbox]="inbox: a team's new+open by sla_due_at (20 teams)" [inbox_agent]="inbox as an agent (team scope)"
                    [mine]="my tickets: an agent's open, -updated_at (200 agents)" [breaching]="breaching soon: open with a due time, by sla_due_at"
                    [rare_tag]="rare tag (100 tickets) and an absent tag" [common_tag]="common tag (a third of the tickets)"
                    [kpi]="KPIs: GET /api/v1/reports/support, 30 days" [kpi_year]="KPIs: the year (366 days)"
                    [kpi_team]="KPIs: the year, one team (20 teams)" [kpi_urgent]="KPIs: the year, urgent only")
  r=${res[hello]}
  echo "| hello-world | - | - | - | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) | 1 | ${load[hello]} |"
  for kind in $kinds; do
    r=${res[$kind]}
    echo "| ${label[$kind]} | ${rows[$kind]} | ${cpu[$kind]} | ${wall[$kind]} | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) | $(ratio "$(field "$r" rps)" "$(field "${res[hello]}" rps)") | ${load[$kind]} |"
  done
  echo
  echo "- $engine, $tickets tickets ($seeded); admin caller unless said; limit 50; rows: the last page's size"
  [ "$kpi_status" = 404 ] && echo "- KPIs: not timed, this server has no GET /api/v1/reports/support (404)"
  if [ -s "$work/failed" ]; then
    echo "- **not 200** when warming (status, path): $(sort -u "$work/failed" | head -5 | tr '\n' ';')"
    grep -m3 '"level":"error"' "$work/server.out" | sed 's/^/  - server: /' || true
  fi
  echo "- wrk: 1 thread, $connections connections, ${duration} s per row; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/tickets-$engine.md"
