#!/usr/bin/env bash
# The spine's load benchmark, all in one run on this machine:
#   1. generates N contacts (default 1,000,000) into a fresh SQLite data directory and times it;
#   2. starts `rapport serve` and drives it with wrk (64 connections by default) against
#      /hello (hello-world on the same server stack), GET /api/v1/contacts/{id}, a filtered sorted
#      list page and POST /api/v1/contacts, and a bare Boost.Beast hello-world
#      (../shared/bench/hello_beast.cpp, the physical limit of the stack) in the same run;
#   3. prints requests/s, p50/p99 and the ratios, the server's peak memory, and writes them to
#      bench/results/latest.md.
# Usage: bash bench/run.sh [--contacts N] [--connections C] [--duration SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; connections=64; duration=15
bench_args "contacts connections duration" "$@"
bench_begin
bench_database sqlite

bench_workspace
gen_start=$(date +%s.%N)
gen_out=$("$bin" generate --contacts "$contacts" --workspace Bench --data "$work/data")
gen_end=$(date +%s.%N)
gen_secs=$(echo "$gen_end - $gen_start" | bc)
echo "$gen_out (wall ${gen_secs} s)"
export BENCH_TOKEN=$(bench_token bench)
sqlite3 "$work/data/rapport.db" "SELECT id FROM contacts ORDER BY random() LIMIT 2000" > "$work/ids.txt"
export BENCH_IDS=$work/ids.txt

bench_serve

run() { bench_wrk "$1" "$url" "$connections" "$duration" "$work"; }

declare -A res
for name in hello get_by_id list_page; do
  res[$name]=$(run "$name")
done
export BENCH_RUN=$RANDOM
res[create]=$(run create)
peak_kb=$(grep VmHWM /proc/$server/status | awk '{print $2}')
beast=$(bench_bare_beast "$connections" "$duration")

ratio=$(ratio "$(field "${res[get_by_id]}" rps)" "$(field "${res[hello]}" rps)")
{
  echo "| endpoint | requests/s | p50 ms | p99 ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|"
  for name in hello get_by_id list_page create; do
    r=${res[$name]}
    echo "| $name | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) |"
  done
  [ -n "$beast" ] && echo "| bare Beast hello | $(field "$beast" rps) | $(field "$beast" p50_ms) | $(field "$beast" p99_ms) | $(field "$beast" errors) | $(field "$beast" non2xx) |"
  echo
  echo "- contacts: $contacts (generated in ${gen_secs} s wall: $gen_out)"
  echo "- GET-by-id / hello-world requests/s: $ratio"
  if [ -n "$beast" ]; then
    echo "- Rapport's hello / bare Beast hello: $(ratio "$(field "${res[hello]}" rps)" "$(field "$beast" rps)"); GET-by-id / bare Beast hello: $(ratio "$(field "${res[get_by_id]}" rps)" "$(field "$beast" rps)")"
  fi
  echo "- peak RSS of rapport serve: $((peak_kb / 1024)) MB"
  echo "- wrk: 1 thread (so it takes at most one of the two cores from the server), $connections connections, ${duration} s per endpoint; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/results/latest.md
