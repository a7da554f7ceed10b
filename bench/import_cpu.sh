#!/usr/bin/env bash
# The CPU an import costs a row, without the server: `rapport import` of N generated contacts (the
# file of bench/import.sh: companies by domain, created by the import's lookups) into a new SQLite
# workspace, under /usr/bin/time. On a machine shared with other work the CPU time (user + system)
# is the steadier figure; the wall time and the load average are printed beside it. SQLite's own
# time per statement text (RAPPORT_SQLITE_PROFILE) goes to bench/results/import-cpu-statements.md,
# the figures to bench/results/import-cpu.md. In the same run the same rows go straight into another
# new database through bench/imports/sqlite_floor.cpp (SQLite's own cost for this schema, nothing of
# Rapport's): the import's time is printed as a ratio to that floor.
# Usage: bash bench/import_cpu.sh [--contacts N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=100000
bench_args "contacts" "$@"
bench_begin rapport-import-cpu
bench_database sqlite
bench_workspace
python3 bench/imports/contacts_csv.py "$contacts" > "$work/contacts.csv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
RAPPORT_SQLITE_PROFILE="$work/profile.md" /usr/bin/time -f "%U %S %M %e" -o "$work/time" \
  "$bin" import "$work/contacts.csv" --object contacts "${db_args[@]}" > "$work/import.json" 2> "$work/import.err" || {
  tail -5 "$work/import.err" >&2; cat "$work/import.json" >&2; exit 1; }
read -r user sys rss_kb wall < "$work/time"
cmake --build build --target rapport_import_sqlite_floor >/dev/null
"$bin" init --data "$work/floor" >/dev/null 2>&1
floor=$(build/rapport_import_sqlite_floor "$work/floor/rapport.db" "$contacts")
floor_cpu=$(jq .cpu_s <<< "$floor"); floor_wall=$(jq .wall_s <<< "$floor")
state=$(jq -r .state "$work/import.json")
created=$(jq .counts.created "$work/import.json")
[ "$state" = done ] && [ "$created" = "$contacts" ] || { echo "import $state, $created created: $(cat "$work/import.json")" >&2; exit 1; }
cpu=$(echo "$user + $sys" | bc)
us_row=$(echo "scale=1; $cpu * 1000000 / $contacts" | bc)
# 1M rows at this CPU a row, were the import to have a whole core to itself.
projected=$(echo "scale=0; $cpu * 1000000 / $contacts / 1" | bc)
{
  echo "| contacts | CPU s (user + system) | µs of CPU a row | wall s | peak RSS MiB | 1M rows at this rate, one free core | SQLite floor CPU s / wall s | import ÷ floor (CPU, wall) | load (1, 5, 15 min) before |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| $contacts | $user + $sys = $cpu | $us_row | $wall | $(( rss_kb / 1024 )) | ~$projected s | $floor_cpu / $floor_wall | $(echo "scale=2; $cpu / $floor_cpu" | bc), $(echo "scale=2; $wall / $floor_wall" | bc) | $load_before |"
  echo
  echo "- sqlite; companies created: $(sql "SELECT count(*) FROM companies"); audit rows: $(sql "SELECT count(*) FROM audit_log"); outbox rows: $(sql "SELECT count(*) FROM outbox"); database $(( $(stat -c %s "$bench_data/rapport.db") / 1024 / 1024 )) MiB; $(nproc) cores, load after $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/results/import-cpu.md
{
  echo "# SQLite statement times of \`bash bench/import_cpu.sh --contacts $contacts\` ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  cat "$work/profile.md"
} > bench/results/import-cpu-statements.md
