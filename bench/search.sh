#!/usr/bin/env bash
# Global search (GET /api/v1/search) at N contacts (default 1,000,000) on SQLite or PostgreSQL:
# p50/p99 latency of a mix of queries drawn from the generated data (first-name prefixes of 1 to 4
# letters, a first name and a last name's prefix, e-mail address prefixes, phone numbers by their
# digits, in E.164 and as typed with spaces), by an admin (every record readable), against the
# hello-world baseline on the same server, and the server's CPU time per query (all its threads'
# time on CPU over the mix run once after the warm-up, divided by the queries). The target is p99
# under 20 ms. Then each kind of query alone (`--classes 0` skips them), as the mix's p99 tells
# only the slowest kind. Writes bench/results/search-<engine>.md.
# Usage: bash bench/search.sh [--engine sqlite|postgres] [--contacts N] [--connections C]
#                             [--duration SECONDS] [--data DIR] [--classes 1|0]
#   --engine postgres: a private PostgreSQL cluster (scripts/pg-cluster.sh) made for the run.
#   --data DIR (SQLite): a data directory made by an earlier run (`rapport generate` is skipped; the
#   workspace is "Bench", its admin bench@rapport.local), migrated first if it predates the indexes.
#   --database URL (PostgreSQL): the same for a database an earlier run filled (RAPPORT_MASTER_KEY
#   must be its key); no private cluster is made.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=1000000; connections=4; duration=15; data=""; database=""; classes=1
bench_args "engine contacts connections duration data database classes" "$@"
[ -n "$database" ] && engine=postgres
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin
bench_database "$engine" "$data" "$database"
data=${bench_data:-}
if [ -z "$database" ] && { [ "$engine" = postgres ] || [ ! -e "$data/rapport.db" ]; }; then
  bench_workspace
  start=$(date +%s)
  "$bin" generate --contacts "$contacts" --activities 0 --workspace Bench "${db_args[@]}" >/dev/null
  generated="generated in $(( $(date +%s) - start )) s, search indexes kept by the triggers or GIN"
  [ "$engine" = postgres ] && sql "ANALYZE" >/dev/null
else
  start=$(date +%s)
  "$bin" migrate "${db_args[@]}" >/dev/null
  generated="an existing $([ -n "$database" ] && echo database || echo "data directory") (migrated in $(( $(date +%s) - start )) s)"
fi
contacts=$(sql "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
token=$(bench_token "search-$RANDOM")

# The queries, from the data itself so that they find something: 50 of each kind.
# 2,000 contacts ordered by the random tail of their UUIDv7 ids: spread over the table, the same on
# both engines for the same data.
sql "SELECT first_name, last_name, email, coalesce(phone, '') FROM contacts WHERE deleted_at IS NULL
     AND first_name IS NOT NULL AND last_name IS NOT NULL AND email IS NOT NULL
     ORDER BY substr(id, 25, 12) LIMIT 2000" > "$work/sample"
python3 - "$work/sample" "$work" > "$work/queries" <<'PY'
import random, sys, urllib.parse
random.seed(7)
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
with_phone = [r for r in rows if r[3]]
out = []
kinds = {"first": [], "name": [], "email": [], "phone": []}  # the same queries by kind, for a row each
for _ in range(50):
    first, last, email, _p = random.choice(rows)
    kinds["first"].append(first[:random.randint(1, 4)])                 # a first name's prefix
    kinds["name"].append(f"{first} {last[:random.randint(2, 5)]}")      # a name and a last name's prefix
    kinds["email"].append(email[:random.randint(8, 20)])                # an e-mail address's prefix
    phone = random.choice(with_phone)[3]                                # E.164: +12125550133
    digits = phone[1:random.randint(7, len(phone))]
    kinds["phone"].append(digits if random.random() < 0.5 else "+" + digits[:1] + " " + digits[1:4] + " " + digits[4:])
    out += [kinds[k][-1] for k in kinds]
random.shuffle(out)
for q in out:
    print(urllib.parse.quote(q, safe=""))
for kind, queries in kinds.items():
    with open(f"{sys.argv[2]}/queries-{kind}", "w", encoding="utf-8") as f:
        f.writelines(urllib.parse.quote(q, safe="") + "\n" for q in queries)
PY

bench_serve --no-access-log
# Warm the page cache (a server that has run for a while has its indexes in memory), then the CPU
# time of one pass over the mix, one query at a time: the figure a loaded machine distorts least.
# A query answered with anything but 200 is listed in the report (and counted by wrk below).
ask_all() {
  while read -r q; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/search?q=$q" -H "Authorization: Bearer $token")
    [ "$code" = 200 ] || echo "$code $q" >> "$work/failed"
  done < "$work/queries"
}
: > "$work/failed"
cpu_ns() { server_cpu_ns "$server"; }
ask_all
before=$(cpu_ns); ask_all; after=$(cpu_ns)

# Each row with the load average at its end: other processes on the machine skew every figure.
declare -A res load
res[hello]=$(bench_wrk hello "$url" "$connections" "$duration" "$work"); load[hello]=$(cut -d' ' -f1 /proc/loadavg)
res[search]=$(BENCH_TOKEN=$token BENCH_QUERIES=$work/queries bench_wrk search "$url" "$connections" "$duration" "$work")
load[search]=$(cut -d' ' -f1 /proc/loadavg)
kinds="first name email phone"
[ "$classes" = 1 ] || kinds=""
for kind in $kinds; do
  res[$kind]=$(BENCH_TOKEN=$token BENCH_QUERIES=$work/queries-$kind bench_wrk search "$url" "$connections" "$duration" "$work")
  load[$kind]=$(cut -d' ' -f1 /proc/loadavg)
done
results=$(wc -l < "$work/queries")

{
  echo "| request | requests/s | p50 ms | p99 ms | errors | non-2xx | load average (1 min) |"
  echo "|---|---|---|---|---|---|---|"
  row() {
    local r=${res[$1]}
    echo "| $2 | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) | ${load[$1]} |"
  }
  row hello "hello-world"
  row search "GET /api/v1/search (mix of $results queries)"
  declare -A label=([first]="first-name prefixes of 1–4 letters" [name]="a first name and a last name's 2–5 letters"
                    [email]="e-mail address prefixes of 8–20 characters" [phone]="phone numbers by 6–11 digits")
  for kind in $kinds; do row "$kind" "… only ${label[$kind]} (50)"; done
  echo
  echo "- $engine, $contacts contacts ($generated); admin caller (all records readable); limit 20"
  if [ -s "$work/failed" ]; then
    echo "- **not 200** in the passes one at a time (status, query): $(sort -u "$work/failed" | head -5 | tr '\n' ';')"
    grep -m3 '"level":"error"' "$work/server.out" | sed 's/^/  - server: /' || true
  fi
  echo "- server CPU per query, one at a time over the mix: $(echo "scale=2; ($after - $before) / 1000000 / $results" | bc) ms"
  echo "- search / hello: requests/s $(ratio "$(field "${res[search]}" rps)" "$(field "${res[hello]}" rps)"), p99 $(ratio "$(field "${res[search]}" p99_ms)" "$(field "${res[hello]}" p99_ms)")"
  echo "- wrk: 1 thread, $connections connections, ${duration} s per row; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/search-$engine.md"
