#!/usr/bin/env bash
# The SLA re-timing walk after a configuration change (the support.sla_refresh job): N open tickets
# (default 100,000) under no policy, then a policy that covers them all, then the walk re-times every
# one in bounded transactions (at most kSlaRefreshBatch tickets, ending early after
# kSlaRefreshBudgetMs). Prints the time, tickets/s and the longest transaction against the budget.
# Writes bench/results/sla-refresh-<engine>.md.
# Usage: bash bench/sla_refresh.sh [--engine sqlite|postgres] [--tickets N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; tickets=100000
bench_args "engine tickets" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bash scripts/build.sh --target rapport_sla_refresh_bench >/dev/null
work=$(mktemp -d /tmp/rapport-sla-refresh-XXXXXX)
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
res=$(build/rapport_sla_refresh_bench "${target[@]}" --tickets "$tickets")
get() { field "$res" "$1"; }
{
  echo "# SLA re-timing after a configuration change, $engine"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| open tickets re-timed | $(get tickets) (seeded in $(get seed_s) s) |"
  echo "| time | $(get refresh_s) s ($(get tickets_per_s) tickets/s, $(get ms_per_ticket) ms a ticket) |"
  echo "| write transactions | $(get transactions) ($(get tickets_per_transaction) tickets each on average; at most $(get batch)) |"
  echo "| longest transaction / budget | $(get longest_transaction_ms) ms / $(get budget_ms) ms = $(get longest_over_budget) |"
  echo
  echo "- 2 cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/sla-refresh-$engine.md"
