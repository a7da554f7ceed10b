#!/usr/bin/env bash
# Crash cycles (issue 18 §3): a mixed write load (contacts created, renamed, deleted; deals created,
# moved between stages, given line items, deleted; tickets created, changed, deleted) against
# `rapport serve`, killed with SIGKILL at a random moment of every cycle and started again on the same data. Each cycle first checks, through
# the API, that every write the server acknowledged before the last kill is there with the acknowledged
# content (the last cycle's writes and a sample of older ones; all records after each --check-every), that a write in doubt (the connection died before its answer) is wholly there or wholly
# absent, and that a create in doubt exists at most once and its Idempotency-Key replays it
# (bench/crash/load.py). Every --check-every cycles and at the end, with the server dead, the derived
# data is recomputed and compared: record_counts with the live rows, deal_totals with the deals, the
# tickets' kept volume (ticket_volume_quarters, created) with the tickets, each
# record's version with its audit entries, each audit entry with its outbox event (a move's
# deal.stage_changed comes beside its deal.updated); and the database
# itself is checked (SQLite `PRAGMA integrity_check`, PostgreSQL amcheck on every B-tree index).
# With --kill-postgres-every K (postgres only) every K-th cycle kills the PostgreSQL server instead
# (SIGKILL to the postmaster) and restarts it: the Rapport server must recover by itself. With
# --nodes 2 (postgres only) two servers share the database, the load is spread over both and each
# cycle kills one of them at random while the other goes on serving.
# Prints a table and writes it to bench/results/crash-ENGINE.md (or --out FILE); exits 1 on any violation.
# Usage: bash bench/crash.sh [--engine sqlite|postgres] [--cycles N] [--seconds S] [--workers W]
#                            [--kill-postgres-every K] [--check-every K] [--nodes N] [--population P] [--out FILE]
#   --seconds: the kill comes at a random moment within the first S seconds of load (default 2).
#   --population: the live records the load keeps at most (default 5000; 0 lets them grow every
#     cycle): above it deletes replace creates, so a run of 1,000 cycles checks a steady set.
# The issue's run is --cycles 1000 per engine; the test suite runs a few cycles (crash_cycles_sqlite, crash_cycles_postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; cycles=20; seconds=2; workers=4; kill_postgres_every=0; check_every=10; nodes=1; population=5000; out=
bench_args "engine cycles seconds workers kill_postgres_every check_every nodes population out" "$@"
out=${out:-bench/results/crash-$engine.md}
if [ "$kill_postgres_every" -gt 0 ] && [ "$engine" != postgres ]; then echo "--kill-postgres-every needs --engine postgres" >&2; exit 2; fi
if [ "$nodes" -gt 1 ] && [ "$engine" != postgres ]; then echo "--nodes above 1 needs --engine postgres" >&2; exit 2; fi
bench_begin rapport-bench-crash
bench_database "$engine"
bench_workspace
token=$(bench_token crash)
ws=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
state=$work/state.json
violations=0

# check_derived LABEL: the server is dead; recomputes the derived data and checks the database.
check_derived() {
  local bad=0 q n
  declare -A checks=(
    [record_counts]="SELECT count(*) FROM (SELECT 'contacts' AS o, count(*) AS n FROM contacts WHERE workspace_id = '$ws' AND deleted_at IS NULL
                      UNION ALL SELECT 'deals', count(*) FROM deals WHERE workspace_id = '$ws' AND deleted_at IS NULL
                      UNION ALL SELECT 'tickets', count(*) FROM tickets WHERE workspace_id = '$ws' AND deleted_at IS NULL) live
                     WHERE n <> (SELECT coalesce(sum(live), 0) FROM record_counts r WHERE r.workspace_id = '$ws' AND r.object_type = live.o)"
    [deal_totals]="SELECT count(*) FROM (
                      SELECT pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals, amounts, amount_high, amount_low
                      FROM deal_totals WHERE workspace_id = '$ws' AND (deals <> 0 OR amount_high <> 0 OR amount_low <> 0)
                      EXCEPT
                      SELECT pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''), coalesce(substr(CAST(expected_close_date AS TEXT), 1, 7), ''),
                             coalesce(substr(CAST(closed_at AS TEXT), 1, 7), ''), count(*), count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0)
                      FROM deals WHERE workspace_id = '$ws' AND deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6) differ"
    [deal_totals_missing]="SELECT count(*) FROM (SELECT pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''),
                             coalesce(substr(CAST(expected_close_date AS TEXT), 1, 7), ''), coalesce(substr(CAST(closed_at AS TEXT), 1, 7), '')
                      FROM deals WHERE workspace_id = '$ws' AND deleted_at IS NULL
                      EXCEPT SELECT pipeline_id, stage_id, owner_id, currency, close_month, closed_month FROM deal_totals
                      WHERE workspace_id = '$ws' AND deals > 0) missing"
    [history]="SELECT count(*) FROM (SELECT id, version FROM contacts WHERE workspace_id = '$ws' UNION ALL
                      SELECT id, version FROM deals WHERE workspace_id = '$ws' UNION ALL
                      SELECT id, version FROM tickets WHERE workspace_id = '$ws'
                      EXCEPT SELECT object_id, count(*) FROM audit_log WHERE workspace_id = '$ws'
                      AND object_type IN ('contacts', 'deals', 'tickets') GROUP BY object_id) differ"
    [ticket_volume]="SELECT count(*) FROM (SELECT quarter, tickets FROM ticket_volume_quarters WHERE workspace_id = '$ws' AND kind = 'created'
                      AND tickets <> 0 EXCEPT
                      SELECT substr(created_at, 1, 14) || CAST(CAST(substr(created_at, 15, 2) AS INTEGER) / 15 AS TEXT), count(*)
                      FROM tickets WHERE workspace_id = '$ws' AND deleted_at IS NULL GROUP BY 1) differ"
    [ticket_volume_missing]="SELECT count(*) FROM (SELECT substr(created_at, 1, 14) || CAST(CAST(substr(created_at, 15, 2) AS INTEGER) / 15 AS TEXT)
                      FROM tickets WHERE workspace_id = '$ws' AND deleted_at IS NULL
                      EXCEPT SELECT quarter FROM ticket_volume_quarters WHERE workspace_id = '$ws' AND kind = 'created' AND tickets > 0) missing"
    [outbox]="SELECT count(*) FROM (SELECT object_id, count(*) FROM audit_log WHERE workspace_id = '$ws'
                      AND object_type IN ('contacts', 'deals', 'tickets') GROUP BY object_id
                      EXCEPT SELECT object_id, count(*) FROM outbox WHERE workspace_id = '$ws'
                      AND object_type IN ('contacts', 'deals', 'tickets') AND event_type <> 'deal.stage_changed' GROUP BY object_id) differ"
    [outbox_extra]="SELECT count(*) FROM (SELECT object_id, count(*) FROM outbox WHERE workspace_id = '$ws'
                      AND object_type IN ('contacts', 'deals', 'tickets') AND event_type <> 'deal.stage_changed' GROUP BY object_id
                      EXCEPT SELECT object_id, count(*) FROM audit_log WHERE workspace_id = '$ws'
                      AND object_type IN ('contacts', 'deals', 'tickets') GROUP BY object_id) differ"
  )
  for q in "${!checks[@]}"; do
    n=$(sql "${checks[$q]}")
    if [ "$n" != 0 ]; then echo "VIOLATION $1: $q differs from its recomputation in $n rows" >&2; bad=1; fi
  done
  if [ "$engine" = sqlite ]; then
    n=$(sql "PRAGMA integrity_check" | head -5)
    [ "$n" = ok ] || { echo "VIOLATION $1: integrity_check: $n" >&2; bad=1; }
  else
    sql "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null
    n=$(sql "SELECT count(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace ns ON ns.oid = c.relnamespace
             WHERE am.amname = 'btree' AND ns.nspname = current_schema() AND c.relpersistence <> 't') checked" 2>&1) \
      || { echo "VIOLATION $1: amcheck: $n" >&2; bad=1; }
  fi
  violations=$((violations + bad))
}

# kill_postgres: SIGKILL to the postmaster, then the same cluster started again (its shared memory is
# free once the killed server's backends have noticed and gone).
kill_postgres() {
  local pid
  pid=$(head -1 "$work/pg/data/postmaster.pid")
  # A postmaster that died unseen would leave its pid behind, perhaps reused by a node by now.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then
    kill -9 "$pid"
  else
    echo "VIOLATION cycle $cycle: PostgreSQL was not running (postmaster.pid names $pid)" >&2
    violations=$((violations + 1))
  fi
  for _ in $(seq 100); do
    bash scripts/pg-cluster.sh resume "$work/pg" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "PostgreSQL did not start again after its kill" >&2
  exit 1
}

random_fraction() { python3 -c "import random; print(round(random.uniform(0.05, $seconds), 3))"; }

# Nodes: node_pid[i] and node_url[i] of each live one; start_node I starts node I on the database.
declare -a node_pid node_url
start_node() { BENCH_NODE=$1 bench_serve; node_pid[$1]=$server; node_url[$1]=$url; }
# kill_node I: SIGKILL to node I. A node found dead already exited by itself, which a server must never
# do (it outlives PostgreSQL's restarts and its peer's kills): a violation, with its log kept beside --out.
kill_node() {
  if kill -0 "${node_pid[$1]}" 2>/dev/null; then
    kill -9 "${node_pid[$1]}"
    wait "${node_pid[$1]}" 2>/dev/null || true
  else
    local saved="${out%.md}-node$1-exited-cycle$cycle.log" status=0 how
    wait "${node_pid[$1]}" 2>/dev/null || status=$?
    # Above 128: killed by signal status-128 (6 an abort, 11 a segmentation fault, 9 the OOM killer).
    if [ "$status" -gt 128 ]; then how="signal $((status - 128))"; else how="exit status $status"; fi
    cp "$work/server$1.out" "$saved" 2>/dev/null || true
    echo "VIOLATION cycle $cycle: node $1 had exited by itself, $how (its log: $saved)" >&2
    tail -5 "$saved" >&2 || true
    violations=$((violations + 1))
  fi
  node_pid[$1]=
}
urls() { local IFS=,; echo "${node_url[*]}"; }
# One node: its load runs until the kill. Several: the survivors' load stops a little after the
# latest moment a kill can come.
load_seconds=60; [ "$nodes" -gt 1 ] && load_seconds=$(echo "$seconds + 2" | bc)

started=$(date +%s)
server_kills=0
postgres_kills=0
for cycle in $(seq "$cycles"); do
  for i in $(seq 0 $((nodes - 1))); do [ -n "${node_pid[$i]:-}" ] || start_node "$i"; done
  [ "$cycle" = 1 ] && python3 bench/crash/load.py setup --url "${node_url[0]}" --token "$token" --state "$state"
  rm -f "$work/ready"
  full=(); [ $((cycle % check_every)) = 1 ] || [ "$check_every" = 1 ] && full=(--full)
  python3 bench/crash/load.py cycle --url "$(urls)" --token "$token" --state "$state" --workers "$workers" \
    --seconds "$load_seconds" --population "$population" --ready "$work/ready" "${full[@]}" > "$work/cycle.out" 2> "$work/cycle.err" &
  driver=$!
  for _ in $(seq 3000); do [ -e "$work/ready" ] || ! kill -0 "$driver" 2>/dev/null && break; sleep 0.01; done
  sleep "$(random_fraction)"
  if [ "$kill_postgres_every" -gt 0 ] && [ $((cycle % kill_postgres_every)) = 0 ]; then
    kill_postgres
    postgres_kills=$((postgres_kills + 1))
  else
    kill_node $((RANDOM % nodes))
    server_kills=$((server_kills + 1))
  fi
  wait "$driver" || true
  if [ -s "$work/cycle.err" ]; then
    cat "$work/cycle.err" >&2
    grep -q '^VIOLATION' "$work/cycle.err" && violations=$((violations + 1))
    grep -q '^VIOLATION' "$work/cycle.err" || { echo "the load driver failed in cycle $cycle" >&2; exit 1; }
  fi
  echo "cycle $cycle: $(cat "$work/cycle.out")"
  # SQLite is read with the server dead; PostgreSQL also beside live nodes (the load has stopped).
  if [ $((cycle % check_every)) = 0 ] && { [ "$engine" = postgres ] || [ -z "${node_pid[0]}" ]; }; then check_derived "cycle $cycle"; fi
done

# The last writes in doubt are resolved by one more check through the nodes, then the derived data.
for i in $(seq 0 $((nodes - 1))); do [ -n "${node_pid[$i]:-}" ] || start_node "$i"; done
python3 bench/crash/load.py check --url "$(urls)" --token "$token" --state "$state" > "$work/cycle.out" 2> "$work/cycle.err" \
  || violations=$((violations + 1))
cat "$work/cycle.err" >&2
for i in $(seq 0 $((nodes - 1))); do kill_node "$i"; done
check_derived "end"
elapsed=$(( $(date +%s) - started ))
summary=$(python3 -c "import json; s = json.load(open('$state')); print(s['acked_total'], len(s['records']))")
{
  echo "| engine | nodes | cycles | server kills | PostgreSQL kills | acknowledged writes | live records at the end | violations | seconds |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| $engine | $nodes | $cycles | $server_kills | $postgres_kills | ${summary% *} | ${summary#* } | $violations | $elapsed |"
  echo
  echo "- $workers load workers keeping at most about $population live records (0: no cap); each kill at a random moment within the first $seconds s of a cycle's load; derived data checked every $check_every cycles and at the end; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$out"
[ "$violations" = 0 ]
