#!/usr/bin/env bash
# The job queue (issue 13): no-op jobs enqueued and completed per second, against the most one-row
# write transactions per second the same database takes from the same producer threads (the
# baseline, measured in the same run), and the time from an enqueue's commit to its handler's start
# when the queue is idle (p50/p99). SQLite: one runner; PostgreSQL: two runners with their own
# connection pools on one queue, woken by LISTEN/NOTIFY as `rapport serve` nodes are. Targets: at
# least 5,000 jobs/s on SQLite, p99 start latency under 50 ms. Writes bench/results/jobs-<engine>.md.
# Usage: bash bench/jobs.sh [--engine sqlite|postgres] [--jobs N] [--producers P] [--batch B]
#   --producers P: threads enqueueing at once (default 32; `rapport serve` runs 64 write workers).
#   --batch B: jobs enqueued per transaction (1: every job its own transaction, as a request's write).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; jobs=20000; producers=32; batch=1
bench_args "engine jobs producers batch" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bash scripts/build.sh --target rapport_jobs_bench >/dev/null
work=$(mktemp -d /tmp/rapport-jobs-XXXXXX)
chmod 755 "$work"
cleanup() {
  [ "$engine" = postgres ] && bash scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$engine" = postgres ]; then
  url=$(bash scripts/pg-cluster.sh start "$work/pg")
  target=(--postgres "$url")
else
  target=(--sqlite "$work/data")
fi
out=bench/results/jobs-$engine.md
{
  echo "# Job queue, $engine"
  echo
  for b in 1 $([ "$batch" = 1 ] && echo 10 || echo "$batch"); do
    res=$(build/rapport_jobs_bench "${target[@]}" --jobs "$jobs" --producers "$producers" --batch "$b")
    get() { echo "$res" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
    echo "## $b job(s) per enqueue transaction, $producers producer threads, $(get jobs) jobs"
    echo
    echo "| measure | value |"
    echo "|---|---|"
    echo "| baseline: one-row write transactions/s | $(get baseline_commits_per_s) |"
    echo "| jobs enqueued/s | $(get enqueue_per_s) |"
    echo "| jobs enqueued and completed/s | $(get completed_per_s) |"
    echo "| completed / baseline | $(ratio "$(get completed_per_s)" "$(get baseline_commits_per_s)") |"
    echo "| runner passes (write transactions of the runners) | $(get runner_passes) |"
    echo "| idle: commit to handler start, p50 / p99 / max ms ($(get samples) samples) | $(get latency_p50_ms) / $(get latency_p99_ms) / $(get latency_max_ms) |"
    echo
  done
  echo "- 2 cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$out"
