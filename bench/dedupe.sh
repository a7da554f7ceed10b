#!/usr/bin/env bash
# Duplicates at N contacts (default 100,000) on SQLite or PostgreSQL: `rapport generate`'s contacts
# plus 200 planted near-copies (same phone, the name with accents or a typo) created through the API,
# whose create answers time the check on create (Possible-Duplicates); then the dedupe.scan job of
# the contacts, timed by its log line (read, match, write) and the pairs it found, and how many of
# the planted pairs it found.
# Figures are wall time and, since a loaded machine stretches wall time, the server's CPU time.
# Usage: bash bench/dedupe.sh [--engine sqlite|postgres] [--contacts N] [--data DIR]
#   --data DIR (SQLite): a data directory an earlier run generated (generation skipped; the planted
#   copies of that run stay and more are added).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=100000; data=""; database=""
bench_args "engine contacts data database" "$@"
bench_begin rapport-bench-dedupe
bench_database "$engine" "$data" "$database"
if [ "$engine" = postgres ] || [ ! -e "${bench_data:-}/rapport.db" ]; then
  bench_workspace
  start=$(date +%s)
  "$bin" generate --contacts "$contacts" --deals 0 --workspace Bench "${db_args[@]}" >/dev/null
  echo "generated $contacts contacts in $(( $(date +%s) - start )) s"
else
  "$bin" migrate "${db_args[@]}" >/dev/null
fi
token=$(bench_token "dedupe-$RANDOM")
bench_serve --no-access-log
api() { curl -sf -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

# 200 contacts with a phone, copied with a changed name: "Müller" for "Muller", or a letter doubled.
planted=0; flagged=0; create_ms=()
while IFS=$'\t' read -r first last phone; do
  copy_last="${last}e"
  (( planted % 2 )) && copy_last=$(echo "$last" | sed 's/u/ü/; s/o/ö/; s/a/ä/')
  body=$(printf '{"first_name": "%s", "last_name": "%s", "phone": "%s"}' "$first" "$copy_last" "$phone")
  t0=$(date +%s%N)
  headers=$(curl -sf -o /dev/null -D - -X POST "$url/api/v1/contacts" -H "Authorization: Bearer $token" \
            -H 'Content-Type: application/json' -d "$body")
  create_ms+=($(( ($(date +%s%N) - t0) / 1000 )))
  echo "$headers" | grep -qi '^possible-duplicates:' && flagged=$(( flagged + 1 ))
  planted=$(( planted + 1 ))
done < <(sql "SELECT first_name, last_name, phone FROM contacts WHERE phone IS NOT NULL AND first_name IS NOT NULL
              AND last_name IS NOT NULL ORDER BY id LIMIT 200")
sorted=$(printf '%s\n' "${create_ms[@]}" | sort -n)
p50=$(echo "$sorted" | sed -n "$(( planted / 2 ))p"); p99=$(echo "$sorted" | sed -n "$(( planted * 99 / 100 ))p")
echo "create with the check: $planted creates, $flagged flagged Possible-Duplicates, p50 ${p50} µs, p99 ${p99} µs (curl round trip)"
# The same number of creates of an object without the check (notes), for the ratio.
note_ms=()
for i in $(seq "$planted"); do
  t0=$(date +%s%N)
  curl -sf -o /dev/null -X POST "$url/api/v1/activities" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
       -d "{\"type\": \"note\", \"subject\": \"bench $i\"}"
  note_ms+=($(( ($(date +%s%N) - t0) / 1000 )))
done
note_p50=$(printf '%s\n' "${note_ms[@]}" | sort -n | sed -n "$(( planted / 2 ))p")
echo "create without a check (notes): p50 ${note_p50} µs; ratio contacts/notes $(ratio "$p50" "$note_p50")"

cpu0=$(server_cpu_ns "$server")
job=$(api POST "/api/v1/duplicates/scan?object=contacts" | sed 's/.*"job_id":"\([^"]*\)".*/\1/')
t0=$(date +%s%N)
for _ in $(seq 6000); do
  state=$(api GET "/api/v1/jobs/$job" | sed 's/.*"state":"\([^"]*\)".*/\1/')
  [ "$state" = succeeded ] && break
  [ "$state" = dead ] && { echo "the scan failed"; cat "$work/server.out" | tail -5; exit 1; }
  sleep 0.1
done
wall=$(( ($(date +%s%N) - t0) / 1000000 ))
cpu=$(( ($(server_cpu_ns "$server") - cpu0) / 1000000 ))
line=$(grep -o 'dedupe: .*' "$work/server.out" | tail -1)
echo "scan: $line; job done in ${wall} ms wall (enqueue to succeeded), server CPU ${cpu} ms; load average $(cut -d' ' -f1 /proc/loadavg)"
total=$(sql "SELECT count(*) FROM duplicate_pairs WHERE object_type = 'contacts'")
found=$(sql "SELECT count(*) FROM duplicate_pairs p JOIN contacts a ON a.id = p.record_a JOIN contacts b ON b.id = p.record_b
             WHERE p.object_type = 'contacts' AND a.phone = b.phone AND a.first_name = b.first_name")
echo "pairs stored: $total; pairs of a planted copy (same phone and first name): $found of $planted"
rss=$(grep VmHWM /proc/$server/status | awk '{print $2}')
echo "server peak RSS: $(( rss / 1024 )) MB"
