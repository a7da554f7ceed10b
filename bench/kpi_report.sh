#!/usr/bin/env bash
# The support report's own CPU at scale, per section, read from the tickets and through kept counts:
# bench/support/kpi_report_bench.cpp on an existing SQLite data directory, e.g. the million tickets
# of `BENCH_SEED_ONLY=1 bash bench/tickets.sh --data DIR` after one `rapport serve --data DIR` has
# migrated it and its support.kpi_backfill job has finished. Prints the bench's lines.
# Usage: bash bench/kpi_report.sh --data DIR [--runs N] [--kind month|month_team|year|year_team|year_urgent]
#   Each kind is read from the tickets alone and through the kept counts (migration 0082), with each
#   section's CPU, and both ways must answer the same report.
#   --kind: that request kind only (no backlog lines), e.g. under `perf record`.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
data=""; runs=5; kind=""
bench_args "data runs kind" "$@"
[ -n "$data" ] || { echo "--data DIR is required" >&2; exit 2; }
bash scripts/build.sh --target rapport_kpi_report_bench >/dev/null
build/rapport_kpi_report_bench --sqlite "$data" --runs "$runs" ${kind:+--kind "$kind"}
