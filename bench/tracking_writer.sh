#!/usr/bin/env bash
# The tracking recorder's write path alone, without HTTP in front (issue 16: the PostgreSQL writer
# fell behind the routes and dropped events): bench/tracking/tracking_writer.cpp writes N events in
# transactions of 2,000 through the recorder's path (one look-up of each batch's contacts, then COPY
# on PostgreSQL, multi-row INSERTs on SQLite) and through the statement it used before (multi-row
# INSERT with a per-row EXISTS on contacts), alternating, and as the bulk insert alone (no contacts
# look-up), over contacts made by `rapport generate`.
# Prints events/s per path and the ratio. Usage:
#   bash bench/tracking_writer.sh [--engine sqlite|postgres] [--contacts N] [--events N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=10000; events=100000; rounds=3
bench_args "engine contacts events rounds" "$@"
bench_begin rapport-bench-tracking-writer
cmake --build build --target rapport_tracking_writer >/dev/null
bench_database "$engine"
bench_workspace
"$bin" generate --contacts "$contacts" --activities 0 --workspace Bench "${db_args[@]}" >/dev/null
out=$(build/rapport_tracking_writer "${db_args[@]}" --events "$events" --rounds "$rounds" | grep '^RESULT')
now=$(echo "$out" | sed -n 1p); before=$(echo "$out" | sed -n 2p); bare=$(echo "$out" | sed -n 3p)
get() { echo "$1" | grep -o "$2=[0-9.]*" | cut -d= -f2; }
{
  echo "| write path ($engine, $contacts contacts) | best events/s | median events/s | client CPU µs/event |"
  echo "|---|---|---|---|"
  for r in "$now" "$before" "$bare"; do
    echo "| $(echo "$r" | sed 's/.*path="\([^"]*\)".*/\1/') | $(get "$r" best) | $(get "$r" median) | $(get "$r" client_cpu_us) |"
  done
  echo
  echo "- now / before (median events/s): $(ratio "$(get "$now" median)" "$(get "$before" median)")"
  echo "- $events events a round in transactions of 2,000, $rounds rounds each, alternating; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/tracking-writer-$engine.md"
