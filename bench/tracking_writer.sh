#!/usr/bin/env bash
# The tracking recorder's write path alone, without HTTP in front (issue 16: the PostgreSQL writer
# fell behind the routes and dropped events): bench/tracking/tracking_writer.cpp writes N events in
# transactions of --batch (2,000) through the recorder's path (one look-up of each batch's contacts,
# COPY on PostgreSQL or multi-row INSERTs on SQLite, the recipients' opens and clicks as UPDATEs from
# VALUES lists), as it was before session 24 (one UPDATE a recipient), alternating, and as the bulk
# insert alone, over contacts made by `rapport generate`, each a recipient of the campaign.
# --schema 0052 puts migration 0052's indexes and foreign key back on tracking_events first (what
# migration 0078 replaced), to compare the schemas: run it once with each.
# Prints events/s per path, this process's CPU per event and on PostgreSQL the server's (postmaster
# and children: under SCHED_IDLE or on a busy machine, judge by CPU, not events/s). Usage:
#   bash bench/tracking_writer.sh [--engine sqlite|postgres] [--contacts N] [--events N] [--rounds N]
#                                 [--batch N] [--schema now|0052]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=10000; events=100000; rounds=3; batch=2000; schema=now
bench_args "engine contacts events rounds batch schema" "$@"
bench_begin rapport-bench-tracking-writer
cmake --build build --target rapport_tracking_writer >/dev/null
bench_database "$engine"
bench_workspace
"$bin" generate --contacts "$contacts" --activities 0 --workspace Bench "${db_args[@]}" >/dev/null
if [ "$schema" = 0052 ]; then
  if [ "$engine" = postgres ]; then
    sql "ALTER TABLE tracking_events ADD CONSTRAINT tracking_events_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id)" >/dev/null
  fi
  sql "DROP INDEX tracking_events_campaign" >/dev/null
  sql "DROP INDEX tracking_events_contact" >/dev/null
  sql "CREATE INDEX tracking_events_campaign ON tracking_events(workspace_id, campaign_id, kind, contact_id)" >/dev/null
  sql "CREATE INDEX tracking_events_contact ON tracking_events(workspace_id, contact_id, kind, occurred_at)" >/dev/null
fi
server=()
[ "$engine" = postgres ] && server=(--server-pid "$(head -1 "$work/pg/data/postmaster.pid")")
out=$(build/rapport_tracking_writer "${db_args[@]}" --events "$events" --rounds "$rounds" --batch "$batch" "${server[@]}" | grep '^RESULT')
now=$(echo "$out" | sed -n 1p); before=$(echo "$out" | sed -n 2p); bare=$(echo "$out" | sed -n 3p)
get() { echo "$1" | grep -o "$2=[0-9.]*" | cut -d= -f2; }
{
  echo "| write path ($engine, $contacts contacts, schema $schema, batch $batch) | best events/s | median events/s | client CPU µs/event | server CPU µs/event |"
  echo "|---|---|---|---|---|"
  for r in "$now" "$before" "$bare"; do
    echo "| $(echo "$r" | sed 's/.*path="\([^"]*\)".*/\1/') | $(get "$r" best) | $(get "$r" median) | $(get "$r" client_cpu_us) | $(get "$r" server_cpu_us) |"
  done
  echo
  echo "- now / before (median events/s): $(ratio "$(get "$now" median)" "$(get "$before" median)")"
  [ "$engine" = postgres ] && echo "- now / before (server CPU per event): $(ratio "$(get "$now" server_cpu_us)" "$(get "$before" server_cpu_us)")"
  echo "- $events events a round in transactions of $batch, $rounds rounds each, alternating; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/tracking-writer-$engine-$schema-batch$batch.md"
