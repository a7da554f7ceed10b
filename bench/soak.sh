#!/usr/bin/env bash
# Soak (issue 18 §5): steady mixed load on `rapport serve` for a long time — reads, writes, deal moves,
# WebSocket clients that stay connected, small CSV imports and webhook deliveries (background jobs) —
# with the server's resident memory, open descriptors (and sockets), threads, PostgreSQL backends, the
# database's size and the load's latency percentiles sampled every --every seconds (bench/soak/load.py).
# Judges the run: memory flat, descriptors flat, p99 steady, no errors (exit 1 otherwise). Writes the
# samples to bench/results/soak-ENGINE.csv and their plot to bench/results/soak-ENGINE.svg (or --out
# PREFIX.csv/.svg).
# Usage: bash bench/soak.sh [--engine sqlite|postgres] [--minutes M] [--every S] [--rate R] [--workers W]
#                           [--ws N] [--out PREFIX]
#   --rate: requests a second offered by all workers together (default 200; paced, not closed-loop).
# The issue's run is --minutes 30 on each engine; the test suite runs a short one (soak_short).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; minutes=30; every=10; rate=200; workers=8; ws=8; out=
bench_args "engine minutes every rate workers ws out" "$@"
out=${out:-bench/results/soak-$engine}
bench_begin rapport-bench-soak
bench_database "$engine"
bench_workspace
token=$(bench_token soak)
bench_serve --no-access-log --webhook-allow-host 127.0.0.1
echo "soak: $engine, $minutes min, $rate req/s offered by $workers workers, $ws WebSocket clients, a sample every $every s"
db_file=; pg=
if [ "$engine" = sqlite ]; then db_file=$bench_data/rapport.db; else pg=$pg_url; fi
seconds=$(echo "$minutes * 60" | bc)
python3 bench/soak/load.py --url "$url" --token "$token" --pid "$server" --seconds "$seconds" --every "$every" \
  --rate "$rate" --workers "$workers" --ws "$ws" --pg-url "$pg" --sqlite-file "$db_file" \
  --csv "$out.csv" --svg "$out.svg" --title "Soak on $engine: $minutes min at $rate req/s, $ws WebSockets, imports and webhooks"
