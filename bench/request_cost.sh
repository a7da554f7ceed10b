#!/usr/bin/env bash
# What one request costs the machine, independent of how busy it is: for each of the spine's loads
# (/hello, GET /api/v1/contacts/{id}, a filtered sorted list page of 50, POST /api/v1/contacts) on
# one engine, the server's CPU time per request (all its threads, from /proc/PID/task/*/schedstat),
# on PostgreSQL also the CPU time of the cluster's processes per request, and the database round
# trips per request (libpq's send() calls counted with strace during a short separate run: each
# message libpq sends is one round trip it then waits for). Requests/s are printed too but mean
# little on a loaded machine; the CPU and round-trip figures are the ones to compare between builds.
#   1. uses --data DIR (SQLite) or --database URL (PostgreSQL) when given and already generated
#      (workspace "Bench" with bench@rapport.local), else generates --contacts N (default 100,000)
#      into a fresh database (PostgreSQL: a private cluster, scripts/pg-cluster.sh);
#   2. starts `rapport serve` (BENCH_BIN: another binary, e.g. an earlier build, to compare), drives
#      each load with wrk (1 thread, --connections, default 64) for --duration seconds (default 10);
#   3. prints a table (and writes it to --out, by default bench/results/request_cost.md); exits 1
#      when a load had errors or non-2xx answers, or served no request.
# Usage: bash bench/request_cost.sh [--engine sqlite|postgres] [--contacts N] [--data DIR] [--database URL]
#                                   [--connections C] [--duration SECONDS] [--round-trips-seconds S]
#                                   [--loads "hello get_by_id list_page create"] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=100000; data=; database=; connections=64; duration=10; round_trips_seconds=3
loads="hello get_by_id list_page create"; out=bench/results/request_cost.md
bench_args "engine contacts data database connections duration round_trips_seconds loads out" "$@"
bench_begin rapport-cost
bench_database "$engine" "$data" "$database"
[ "$engine" = postgres ] && [ -z "${RAPPORT_MASTER_KEY:-}" ] && export RAPPORT_MASTER_KEY=$("$bin" generate-key)

have_data=0
if [ "$engine" = sqlite ] && [ -s "$bench_data/rapport.db" ]; then have_data=1; fi
if [ "$engine" = postgres ] && [ -n "$database" ]; then have_data=1; fi
if [ "$have_data" = 0 ]; then
  bench_workspace
  "$bin" generate --contacts "$contacts" --workspace Bench "${db_args[@]}" >/dev/null
fi
export BENCH_TOKEN=$(bench_token "cost-$RANDOM")
sql "SELECT id FROM contacts ORDER BY random() LIMIT 2000" > "$work/ids.txt"
export BENCH_IDS=$work/ids.txt

bench_serve

# The CPU (ns) of the PostgreSQL cluster's processes: the children (backends, WAL writer,
# checkpointer) of the postmaster listening on the URL's port, when it runs on this machine; else 0.
postmaster=
if [ "$engine" = postgres ]; then
  pg_port=${pg_url##*:}; pg_port=${pg_port%%/*}
  postmaster=$(ss -ltnpH "sport = :$pg_port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
fi
pg_cpu_ns() {
  [ -n "$postmaster" ] || { echo 0; return; }
  local t=0 p
  for p in $(pgrep -P "$postmaster"); do t=$(( t + $(server_cpu_ns "$p") )); done
  echo $t
}

# round_trips NAME -> libpq send() calls per request during a short run of NAME under strace.
round_trips() {
  local name=$1
  [ "$engine" = postgres ] && command -v strace >/dev/null || { echo "-"; return; }
  strace -f -qq -c -e trace=sendto -o "$work/strace.$name" -p "$server" &
  local tracer=$!
  sleep 1
  local r
  r=$(bench_wrk "$name" "$url" 8 "$round_trips_seconds" "$work")
  sleep 0.5
  kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
  local calls
  calls=$(awk '$NF == "sendto" {print $4}' "$work/strace.$name")
  server_idle "$server"
  local served
  served=$(field "$r" requests)
  echo "scale=2; ${calls:-0} / ${served:-1}" | bc
}

declare -A row
failed=0
for name in $loads; do
  [ "$name" = create ] && export BENCH_RUN=$RANDOM
  server_idle "$server"
  a=$(server_cpu_ns "$server"); pa=$(pg_cpu_ns)
  r=$(bench_wrk "$name" "$url" "$connections" "$duration" "$work")
  server_idle "$server"
  b=$(server_cpu_ns "$server"); pb=$(pg_cpu_ns)
  n=$(field "$r" requests)
  if [ -z "$n" ] || [ "$n" = 0 ] || [ "$(field "$r" errors)" != 0 ] || [ "$(field "$r" non2xx)" != 0 ]; then
    echo "$name: ${r:-no result from wrk}" >&2
    failed=1
  fi
  [ -n "$n" ] && [ "$n" != 0 ] || n=1
  rt=$(round_trips "$name")
  row[$name]="| $name | $(field "$r" rps) | $n | $(( (b - a) / n / 1000 )) | $(( (pb - pa) / n / 1000 )) | $(( (b - a + pb - pa) / n / 1000 )) | $rt | $(field "$r" errors) | $(field "$r" non2xx) |"
done
{
  echo "| load | requests/s | requests | rapport CPU µs/request | PostgreSQL CPU µs/request | total µs/request | round trips/request | errors | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for name in $loads; do echo "${row[$name]}"; done
  echo
  echo "- engine: $engine; binary: $bin; wrk 1 thread, $connections connections, ${duration} s per load; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$out"
exit $failed
