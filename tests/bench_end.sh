#!/usr/bin/env bash
# bench_end (bench/lib.sh) stops the servers its run started that still run, and nothing else: a pid
# left in bench_servers by a server killed and reaped earlier may belong to another process by then
# (the system reuses pids), as the `stranger` here stands for. On the former bench_end the stranger
# was killed (a 1,000-cycle crash run's end stopped another run's server that way).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
stranger=$(setsid bash -c 'sleep 120 >/dev/null 2>&1 & echo $!')  # not a child of this shell
sleep 120 & ours=$!
sleep 120 & gone=$!
kill -9 "$gone"; wait "$gone" 2>/dev/null || true
bench_servers=("$gone" "$stranger" "$ours")
work=$(mktemp -d /tmp/rapport-bench-end-XXXXXX)
bench_end
sleep 0.3
# Running: a killed process that its parent has not reaped yet (a zombie) still answers kill -0.
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat")" != Z ]; }
fail=0
if ! alive "$stranger"; then echo "FAIL: bench_end killed a process its run did not start ($stranger)"; fail=1; fi
if alive "$ours"; then echo "FAIL: bench_end left its own server running ($ours)"; fail=1; fi
if [ -e "$work" ]; then echo "FAIL: bench_end left $work"; fail=1; fi
kill "$stranger" 2>/dev/null || true
[ "$fail" = 0 ] && echo "bench_end: stopped its own server, spared the stranger"
exit "$fail"
