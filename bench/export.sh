#!/usr/bin/env bash
# Streamed exports (GET /api/v1/contacts/export) at N contacts (default 1,000,000): for CSV, NDJSON
# and XLSX the rows per second of one whole export read by curl as fast as it comes, and the server's
# resident memory sampled every 100 ms during it (before, peak, last), which must stay flat: rows are
# read by keyset pages of 500 and written to the socket page by page (XLSX through
# libxlsxwriter's constant_memory mode and a temporary file). Writes bench/results/export-<engine>.md.
# Usage: bash bench/export.sh [--engine sqlite|postgres] [--contacts N] [--formats "csv ndjson xlsx"]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=1000000; formats="csv ndjson xlsx"
bench_args "engine contacts formats" "$@"
bench_engine_setup
start=$(date +%s.%N)
"$bin" generate --contacts "$contacts" --workspace Bench "${db_args[@]}" >/dev/null
echo "$engine: generated $contacts contacts in $(echo "$(date +%s.%N) - $start" | bc) s"
token=$("$bin" apikey create --workspace Bench --user bench@rapport.local --name bench "${db_args[@]}")
"$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --rate-limit 0 "${db_args[@]}" > "$work/access.log" 2> "$work/server.err" &
server=$!
url=http://127.0.0.1:$(wait_port "$work/port")
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$server/status; }
# A small export first, so that the caches every export shares are warm before the figures.
curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/contacts/export?format=csv&filter[last_name][starts_with]=A" -o /dev/null

declare -A rows_s secs size before peak after
for format in $formats; do
  before[$format]=$(rss)
  ( while kill -0 $server 2>/dev/null; do rss; sleep 0.1; done ) > "$work/rss-$format.txt" &
  sampler=$!
  read -r t bytes < <(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/contacts/export?format=$format" \
                        -o "$work/export.$format" -w '%{time_total} %{size_download}\n')
  kill $sampler; wait $sampler 2>/dev/null || true
  case $format in
    csv) n=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$work/export.$format") ;;
    ndjson) n=$(wc -l < "$work/export.$format") ;;
    *) n=$contacts ;;  # a zip: the count is the audit entry's, checked below
  esac
  [ "$n" = "$contacts" ] || { echo "$format: $n rows exported, $contacts expected" >&2; exit 1; }
  rm -f "$work/export.$format"
  secs[$format]=$t; size[$format]=$(( bytes / 1024 / 1024 ))
  rows_s[$format]=$(echo "$contacts / $t" | bc)
  peak[$format]=$(sort -n "$work/rss-$format.txt" | tail -1)
  after[$format]=$(rss)
done
audited=$(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/audit-events?object_type=contacts&action=export&limit=10" |
          jq '[.data[] | .changes[] | select(.field == "rows") | .after] | map(select(. == '"$contacts"')) | length')

{
  echo "| format | rows/s | seconds | MiB sent | RSS before MiB | RSS peak MiB | RSS after MiB |"
  echo "|---|---|---|---|---|---|---|"
  for format in $formats; do
    echo "| $format | ${rows_s[$format]} | ${secs[$format]} | ${size[$format]} | ${before[$format]} | ${peak[$format]} | ${after[$format]} |"
  done
  echo
  echo "- $engine, $contacts contacts, one export at a time read by curl on the same machine; audit entries with rows=$contacts: $audited"
  echo "- $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/export-$engine.md"
