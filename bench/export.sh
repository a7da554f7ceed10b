#!/usr/bin/env bash
# Streamed exports (GET /api/v1/contacts/export) at N contacts (default 1,000,000): for CSV, NDJSON
# and XLSX the rows per second of one whole export read by curl as fast as it comes, the time to its
# first byte, and the server's resident memory sampled every 100 ms during it (before, peak, last),
# which must stay flat: rows are read by keyset pages of 500 and written to the socket page by page
# (XLSX: its ZIP written front to back, the sheet deflated as the rows come). The CSV and NDJSON rows
# are counted back; the XLSX is checked and its rows counted by scripts/xlsx-check.py (Python's
# zipfile and XML parser). Writes bench/results/export-<engine>.md.
# Usage: bash bench/export.sh [--engine sqlite|postgres] [--contacts N] [--formats "csv ndjson xlsx"] [--data DIR]
#   --data DIR (SQLite): the data directory of an earlier run, kept (generation is skipped; its
#   workspace Bench holds the contacts, counted). Generating a million contacts takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=1000000; formats="csv ndjson xlsx"; data=""
bench_args "engine contacts formats data" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin
if [ -n "$data" ]; then
  bench_database sqlite "$data"
  "$bin" migrate "${db_args[@]}" >/dev/null
  contacts=$(sqlite3 "$data/rapport.db" "SELECT count(*) FROM contacts c JOIN workspaces w ON w.id = c.workspace_id WHERE w.name = 'Bench' AND c.deleted_at IS NULL")
  echo "$engine: $contacts contacts in $data"
else
  bench_database "$engine"
  bench_workspace
  start=$(date +%s.%N)
  "$bin" generate --contacts "$contacts" --workspace Bench "${db_args[@]}" >/dev/null
  echo "$engine: generated $contacts contacts in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
token=$(bench_token bench)
bench_serve
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$server/status; }
# A small export first, so that the caches every export shares are warm before the figures.
curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/contacts/export?format=csv&filter[last_name][starts_with]=A" -o /dev/null

declare -A rows_s secs first size before peak after
for format in $formats; do
  before[$format]=$(rss)
  ( while kill -0 $server 2>/dev/null; do rss; sleep 0.1; done ) > "$work/rss-$format.txt" &
  sampler=$!
  read -r t ttfb bytes < <(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/contacts/export?format=$format" \
                        -o "$work/export.$format" -w '%{time_total} %{time_starttransfer} %{size_download}\n')
  kill $sampler; wait $sampler 2>/dev/null || true
  case $format in
    csv) n=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$work/export.$format") ;;
    ndjson) n=$(wc -l < "$work/export.$format") ;;
    xlsx) n=$(python3 scripts/xlsx-check.py "$work/export.$format") ;;
    *) n=$contacts ;;  # a record format: the count is the audit entry's, checked below
  esac
  [ "$n" = "$contacts" ] || { echo "$format: $n rows exported, $contacts expected" >&2; exit 1; }
  rm -f "$work/export.$format"
  secs[$format]=$t; first[$format]=$ttfb; size[$format]=$(( bytes / 1024 / 1024 ))
  rows_s[$format]=$(echo "$contacts / $t" | bc)
  peak[$format]=$(sort -n "$work/rss-$format.txt" | tail -1)
  after[$format]=$(rss)
done
audited=$(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/audit-events?object_type=contacts&action=export&limit=10" |
          jq '[.data[] | .changes[] | select(.field == "rows") | .after] | map(select(. == '"$contacts"')) | length')

{
  echo "| format | rows/s | seconds | first byte s | MiB sent | RSS before MiB | RSS peak MiB | RSS after MiB |"
  echo "|---|---|---|---|---|---|---|---|"
  for format in $formats; do
    echo "| $format | ${rows_s[$format]} | ${secs[$format]} | ${first[$format]} | ${size[$format]} | ${before[$format]} | ${peak[$format]} | ${after[$format]} |"
  done
  echo
  echo "- $engine, $contacts contacts, one export at a time read by curl on the same machine; audit entries with rows=$contacts: $audited"
  echo "- $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/export-$engine.md"
