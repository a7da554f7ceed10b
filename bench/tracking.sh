#!/usr/bin/env bash
# The tracking routes' throughput (issue 16 §4: at least 20,000 requests/s with p99 under 5 ms on
# this machine): the open pixel GET /t/o/{token} and a tracked link GET /t/c/{token} (302 to the
# stored link), each driven by wrk over the tokens of one campaign's messages to N contacts
# (bench/tracking/tracking_paths.cpp prepares them through register_links), beside /hello on the
# same server and, when g++ can build it, ../shared/bench/hello_beast.cpp (the cheapest answer
# Boost.Beast gives) in the same run. Then checks that every request the server answered was
# written to tracking_events (the recorder's batches) once the server stopped gracefully, the
# events /metrics counted dropped, and the server's CPU time.
# Prints a table and the ratios to /hello and to the bare Beast server.
# Usage: bash bench/tracking.sh [--engine sqlite|postgres] [--contacts N] [--connections C] [--duration SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=10000; connections=64; duration=10
bench_args "engine contacts connections duration" "$@"
bench_begin rapport-bench-tracking
cmake --build build --target rapport_tracking_paths >/dev/null
bench_database "$engine"
bench_workspace
"$bin" generate --contacts "$contacts" --activities 0 --workspace Bench "${db_args[@]}" >/dev/null
build/rapport_tracking_paths "${db_args[@]}" --count "$contacts" --out "$work/paths"
[ -s "$work/paths.opens" ] || { echo "no tokens were prepared" >&2; exit 1; }

bench_serve
run() { BENCH_PATHS=$2 bench_wrk "$1" "$url" "$connections" "$duration" "$work"; }
declare -A res
res[hello]=$(run hello "")
res[open]=$(run public_paths "$work/paths.opens")
res[click]=$(run public_paths "$work/paths.clicks")
cpu_ns=$(server_cpu_ns "$server")
metric() { curl -s "$url/metrics" | awk -v n="$1" '$1 == n { print $2 }'; }
dropped=$(metric rapport_tracking_events_dropped_total)
kill -TERM "$server"
wait "$server" 2>/dev/null || true
answered=$(( $(field "${res[open]}" requests) + $(field "${res[click]}" requests) ))
written=$(sql "SELECT COUNT(*) FROM tracking_events")

beast=$(bench_bare_beast "$connections" "$duration")

{
  echo "| endpoint ($engine) | requests/s | p50 ms | p99 ms | errors | non-2xx/3xx |"
  echo "|---|---|---|---|---|---|"
  for name in hello open click; do
    r=${res[$name]}
    echo "| $name | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) |"
  done
  [ -n "$beast" ] && echo "| bare Beast hello | $(field "$beast" rps) | $(field "$beast" p50_ms) | $(field "$beast" p99_ms) | $(field "$beast" errors) | $(field "$beast" non2xx) |"
  echo
  echo "- open / hello requests/s: $(ratio "$(field "${res[open]}" rps)" "$(field "${res[hello]}" rps)"); click / hello: $(ratio "$(field "${res[click]}" rps)" "$(field "${res[hello]}" rps)")"
  [ -n "$beast" ] && echo "- open / bare Beast: $(ratio "$(field "${res[open]}" rps)" "$(field "$beast" rps)"); click / bare Beast: $(ratio "$(field "${res[click]}" rps)" "$(field "$beast" rps)")"
  echo "- events answered: $answered, written to tracking_events after a graceful stop: $written; dropped (rapport_tracking_events_dropped_total): ${dropped:-?}"
  echo "- server CPU over the three runs: $(echo "scale=1; $cpu_ns / 1000000000" | bc) s ($(echo "scale=1; $cpu_ns / 1000 / ($answered + $(field "${res[hello]}" requests))" | bc) µs a request); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $contacts messages (3 links each); wrk: 1 thread, $connections connections, ${duration} s per endpoint; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/tracking-$engine.md"
