#!/usr/bin/env bash
# SQLite and PostgreSQL side by side, in one run on this machine, with the spine's endpoints:
#   1. starts a private PostgreSQL 15 cluster (scripts/pg-cluster.sh; fsync and synchronous_commit on,
#      like SQLite's synchronous=FULL) with shared_buffers=1GB;
#   2. for each engine: generates N contacts (default 1,000,000) into a fresh database and times it,
#      starts `rapport serve` on it and drives it with wrk (one thread, 64 connections) against
#      /hello, GET /api/v1/contacts/{id}, a filtered sorted list page and POST /api/v1/contacts;
#   3. prints both engines' requests/s and p50/p99 and PostgreSQL/SQLite ratios, peak RSS, and writes
#      them to bench/results/backends.md.
# With --profile it also samples the whole machine (perf, cpu-clock) during GET by id and during
# creates on each engine and prints where the CPU time went: per process, then the top symbols.
# Usage: bash bench/backends.sh [--contacts N] [--connections C] [--duration SECONDS] [--profile]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; connections=64; duration=15; profile=0
bench_args "contacts connections duration profile!" "$@"
bash scripts/build.sh --target rapport >/dev/null
bin=$PWD/build/rapport
work=$(mktemp -d /tmp/rapport-bench-XXXXXX)
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  bash scripts/pg-cluster.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
export RAPPORT_ADMIN_PASSWORD=bench-password-123
# Every command and node on PostgreSQL needs the master key (never created there); one per run.
export RAPPORT_MASTER_KEY=$("$bin" generate-key)
pg_url=$(RAPPORT_PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" bash scripts/pg-cluster.sh start "$work/pg")

# profile_during NAME LABEL: samples every CPU for 10 s while wrk runs NAME, then summarises.
profile_during() {
  local name=$1 label=$2
  bench_wrk "$name" "$url" "$connections" 14 "$work" >/dev/null &
  local load=$!
  sleep 2
  perf record -a -g -e cpu-clock -F 499 -o "$work/perf.data" -- sleep 10 >/dev/null 2>&1
  wait $load
  {
    echo "### $label: CPU by process"
    echo '```'
    perf report -i "$work/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | sed -n '1,8p'
    echo '```'
    echo "### $label: top symbols"
    echo '```'
    perf report -i "$work/perf.data" --no-children --sort comm,dso,symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -n '1,25p' | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//'
    echo '```'
  } >> "$work/profile.md"
}

declare -A res gen peak
for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then
    db_args=(--data "$work/data")
  else
    db_args=(--database "$pg_url")
  fi
  "$bin" init "${db_args[@]}" >/dev/null  # only init and serve create a database
  "$bin" workspace create --name Bench --admin-email bench@rapport.local "${db_args[@]}" >/dev/null
  start=$(date +%s.%N)
  gen_out=$("$bin" generate --contacts "$contacts" --workspace Bench "${db_args[@]}")
  gen[$backend]=$(echo "$(date +%s.%N) - $start" | bc)
  echo "$backend: $gen_out (wall ${gen[$backend]} s)"
  export BENCH_TOKEN=$("$bin" apikey create --workspace Bench --user bench@rapport.local --name bench "${db_args[@]}")
  if [ "$backend" = sqlite ]; then
    sqlite3 "$work/data/rapport.db" "SELECT id FROM contacts ORDER BY random() LIMIT 2000" > "$work/ids.txt"
  else
    psql -qAt "$pg_url" -c "ANALYZE" -c "SELECT id FROM contacts ORDER BY random() LIMIT 2000" > "$work/ids.txt"
  fi
  export BENCH_IDS=$work/ids.txt
  rm -f "$work/port"
  "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --rate-limit 0 "${db_args[@]}" > "$work/access-$backend.log" 2> "$work/server-$backend.err" &
  server=$!
  url=http://127.0.0.1:$(wait_port "$work/port")
  for name in hello get_by_id list_page; do
    res[$backend.$name]=$(bench_wrk "$name" "$url" "$connections" "$duration" "$work")
  done
  export BENCH_RUN=$RANDOM
  res[$backend.create]=$(bench_wrk create "$url" "$connections" "$duration" "$work")
  peak[$backend]=$(( $(grep VmHWM /proc/$server/status | awk '{print $2}') / 1024 ))
  if [ "$profile" = 1 ]; then
    profile_during get_by_id "$backend, GET /api/v1/contacts/{id}"
    export BENCH_RUN=$RANDOM
    profile_during create "$backend, POST /api/v1/contacts"
  fi
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done

{
  echo "| endpoint | SQLite req/s | p50 ms | p99 ms | PostgreSQL req/s | p50 ms | p99 ms | PG / SQLite req/s |"
  echo "|---|---|---|---|---|---|---|---|"
  for name in hello get_by_id list_page create; do
    s=${res[sqlite.$name]}; p=${res[postgres.$name]}
    echo "| $name | $(field "$s" rps) | $(field "$s" p50_ms) | $(field "$s" p99_ms) | $(field "$p" rps) | $(field "$p" p50_ms) | $(field "$p" p99_ms) | $(ratio "$(field "$p" rps)" "$(field "$s" rps)") |"
  done
  echo
  for b in sqlite postgres; do
    errs=0
    for name in hello get_by_id list_page create; do errs=$((errs + $(field "${res[$b.$name]}" errors) + $(field "${res[$b.$name]}" non2xx))); done
    echo "- $b: generated $contacts contacts in ${gen[$b]} s; GET-by-id / hello $(ratio "$(field "${res[$b.get_by_id]}" rps)" "$(field "${res[$b.hello]}" rps)"); peak RSS ${peak[$b]} MB; errors + non-2xx: $errs"
  done
  echo "- wrk: 1 thread, $connections connections, ${duration} s per endpoint; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
  [ -f "$work/profile.md" ] && { echo; cat "$work/profile.md"; }
} | tee bench/results/backends.md
