#!/usr/bin/env bash
# Imports (POST /api/v1/imports, the import.run job) at N contacts (default 1,000,000) with companies
# by domain (one company a ten contacts, created by the import's lookups), from a generated CSV:
# the upload's time, the import's rows per second and total time (uploaded to done), the server's
# resident memory sampled every 100 ms (before, peak, after: the job reads the file as a stream), and
# the p99 of a GET list page (bench/lua/list_page.lua, one connection) and of a write (POST a contact,
# bench/lua/create.lua, one connection without pause; and one every 250 ms, as sparse writes that arrive
# while the writer is otherwise idle) while idle and during the import, one after the other, and the
# server's CPU seconds from the upload to done (the requests during the import included); on
# PostgreSQL also the database server's CPU seconds (its postmaster and backends, exited ones too).
# Writes bench/results/import-<engine>.md.
# Usage: bash bench/import.sh [--engine sqlite|postgres] [--contacts N] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=1000000; seconds=10
bench_args "engine contacts seconds" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin
bench_database "$engine"
bench_workspace
token=$(bench_token bench)
python3 bench/imports/contacts_csv.py "$contacts" > "$work/contacts.csv"
file_mib=$(( $(stat -c %s "$work/contacts.csv") / 1024 / 1024 ))
bench_serve --import-max-bytes 1073741824
export BENCH_TOKEN=$token
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$server/status; }
# The server's CPU seconds (user + system): on a shared machine the steadier figure than wall time.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' /proc/$server/stat; }
# sparse_writes N -> "p50_ms=... p99_ms=... max_ms=..." of N POSTs of a contact, one every 250 ms.
sparse_writes() {
  local i
  for i in $(seq "$1"); do
    curl -gsf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
      --data "{\"first_name\":\"Sparse\",\"last_name\":\"W$i\",\"email\":\"sparse.$2.$i@load.example\"}" "$url/api/v1/contacts"
    sleep 0.25
  done | sort -n | awk '{ v[NR] = $1 * 1000 } END { printf "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)], v[NR] }'
}
# PostgreSQL's CPU seconds: the postmaster with the backends it reaped (cutime + cstime) and those alive.
pg_cpu() {
  [ "$engine" = postgres ] || { echo 0; return; }
  local pm; pm=$(head -1 "$work/pg/data/postmaster.pid")
  { cat /proc/$pm/stat; for c in $(pgrep -P "$pm"); do cat /proc/$c/stat 2>/dev/null | awk '{$16 = 0; $17 = 0; print}'; done; } |
    awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 + $16 + $17 } END { printf "%.1f", t / hz }'
}
# Idle: the list page alone, over 5,000 contacts of another file (the page is not empty; the big
# import then finds no duplicates among them).
head -5001 "$work/contacts.csv" | sed 's/@mail/@other/' | curl -gsf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary @- \
  "$url/api/v1/imports?object=contacts" -o /dev/null
sleep 3
idle=$(bench_wrk list_page "$url" 1 "$seconds" "$work")
idle_write=$(BENCH_RUN=idle bench_wrk create "$url" 1 "$seconds" "$work")
idle_sparse=$(sparse_writes $(( seconds * 4 )) idle)
before=$(rss)
cpu_before=$(cpu)
pg_cpu_before=$(pg_cpu)
( while kill -0 $server 2>/dev/null; do rss; sleep 0.1; done ) > "$work/rss.txt" &
sampler=$!
t0=$(date +%s.%N)
id=$(curl -gsf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary @"$work/contacts.csv" \
       "$url/api/v1/imports?object=contacts" | jq -r .id)
t_upload=$(echo "$(date +%s.%N) - $t0" | bc)
during=$(bench_wrk list_page "$url" 1 "$seconds" "$work")
during_write=$(BENCH_RUN=during bench_wrk create "$url" 1 "$seconds" "$work")
during_sparse=$(sparse_writes $(( seconds * 4 )) during)
state=running
while [ "$state" = running ] || [ "$state" = queued ]; do
  sleep 0.5
  answer=$(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/imports/$id")
  state=$(echo "$answer" | jq -r .state)
done
t_total=$(echo "$(date +%s.%N) - $t0" | bc)
kill $sampler; wait $sampler 2>/dev/null || true
peak=$(sort -n "$work/rss.txt" | tail -1)
cpu_import=$(echo "$(cpu) - $cpu_before" | bc)
pg_cpu_import=$(echo "$(pg_cpu) - $pg_cpu_before" | bc)
after=$(rss)
created=$(echo "$answer" | jq .counts.created)
failed=$(echo "$answer" | jq .counts.failed)
[ "$state" = done ] && [ "$created" = "$contacts" ] || { echo "import $state: $answer" >&2; exit 1; }
companies=$(curl -gsf -H "Authorization: Bearer $token" "$url/api/v1/companies?limit=1&count=true" | jq .total)
job_rate=$(echo "$answer" | jq .progress.rows_per_second)
{
  echo "| contacts | file MiB | upload s | uploaded to done s | rows/s (job) | server CPU s | µs of server CPU a row | PostgreSQL CPU s | companies created | RSS before MiB | RSS peak MiB | RSS after MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "| $contacts | $file_mib | $t_upload | $t_total | $job_rate | $cpu_import | $(echo "scale=1; $cpu_import * 1000000 / $contacts" | bc) | $pg_cpu_import | $companies | $before | $peak | $after |"
  echo
  echo "| GET list page (1 connection) | rps | p50 ms | p99 ms |"
  echo "|---|---|---|---|"
  echo "| idle | $(field "$idle" rps) | $(field "$idle" p50_ms) | $(field "$idle" p99_ms) |"
  echo "| during the import | $(field "$during" rps) | $(field "$during" p50_ms) | $(field "$during" p99_ms) |"
  echo
  echo "| POST a contact (1 connection) | rps | p50 ms | p99 ms |"
  echo "|---|---|---|---|"
  echo "| idle | $(field "$idle_write" rps) | $(field "$idle_write" p50_ms) | $(field "$idle_write" p99_ms) |"
  echo "| during the import | $(field "$during_write" rps) | $(field "$during_write" p50_ms) | $(field "$during_write" p99_ms) |"
  echo
  echo "| POST a contact every 250 ms | p50 ms | p99 ms | max ms |"
  echo "|---|---|---|---|"
  echo "| idle | $(field "$idle_sparse" p50_ms) | $(field "$idle_sparse" p99_ms) | $(field "$idle_sparse" max_ms) |"
  echo "| during the import | $(field "$during_sparse" p50_ms) | $(field "$during_sparse" p99_ms) | $(field "$during_sparse" max_ms) |"
  echo
  echo "- $engine; failed rows: $failed; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/import-$engine.md"
