#!/usr/bin/env bash
# Global search (GET /api/v1/search) at N contacts (default 1,000,000) on SQLite: p50/p99 latency of
# a mix of queries drawn from the generated data (first-name prefixes of 1 to 4 letters, a first name
# and a last name's prefix, e-mail address prefixes, phone numbers by their digits, in E.164 and as
# typed with spaces), by an admin (every record readable), against the hello-world baseline on the
# same server. The target is p99 under 20 ms. Writes bench/results/search.md.
# Usage: bash bench/search.sh [--contacts N] [--connections C] [--duration SECONDS] [--data DIR]
#   --data DIR: a data directory made by an earlier run (`rapport generate` is skipped; the workspace
#   is "Bench", its admin bench@rapport.local), migrated first if it predates the search index.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; connections=4; duration=15; data=""
bench_args "contacts connections duration data" "$@"
bash scripts/build.sh --target rapport >/dev/null
bin=$PWD/build/rapport
work=$(mktemp -d /tmp/rapport-bench-XXXXXX)
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export RAPPORT_ADMIN_PASSWORD=bench-password-123

if [ -z "$data" ]; then
  data=$work/data
  "$bin" init --data "$data" >/dev/null  # only init and serve create a database
  "$bin" workspace create --name Bench --admin-email bench@rapport.local --data "$data" >/dev/null
  start=$(date +%s)
  "$bin" generate --contacts "$contacts" --activities 0 --workspace Bench --data "$data" >/dev/null
  generated="generated in $(( $(date +%s) - start )) s, search index kept by the triggers"
else
  start=$(date +%s)
  "$bin" migrate --data "$data" >/dev/null
  generated="an existing data directory (migrated in $(( $(date +%s) - start )) s)"
fi
contacts=$(sqlite3 "$data/rapport.db" "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
token=$("$bin" apikey create --workspace Bench --user bench@rapport.local --name "search-$RANDOM" --data "$data")

# The queries, from the data itself so that they find something: 50 of each kind.
python3 - "$data/rapport.db" > "$work/queries" <<'PY'
import random, sqlite3, sys, urllib.parse
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
random.seed(7)
rows = db.execute("SELECT first_name, last_name, email, phone FROM contacts WHERE deleted_at IS NULL "
                  "AND rowid % 997 = 0 LIMIT 2000").fetchall()
with_phone = [r for r in rows if r[3]]
out = []
for _ in range(50):
    first, last, email, _p = random.choice(rows)
    out.append(first[:random.randint(1, 4)])                     # a first name's prefix
    out.append(f"{first} {last[:random.randint(2, 5)]}")          # a name and a last name's prefix
    out.append(email[:random.randint(8, 20)])                     # an e-mail address's prefix
    phone = random.choice(with_phone)[3]                          # E.164: +12125550133
    digits = phone[1:random.randint(7, len(phone))]
    out.append(digits if random.random() < 0.5 else "+" + digits[:1] + " " + digits[1:4] + " " + digits[4:])
random.shuffle(out)
for q in out:
    print(urllib.parse.quote(q, safe=""))
PY

"$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --data "$data" --no-access-log --rate-limit 0 > "$work/server.out" 2>&1 &
server=$!
url=http://127.0.0.1:$(wait_port "$work/port")
# Warm the page cache (a server that has run for a while has its indexes in memory).
while read -r q; do curl -sf -o /dev/null "$url/api/v1/search?q=$q" -H "Authorization: Bearer $token"; done < "$work/queries"

declare -A res
res[hello]=$(bench_wrk hello "$url" "$connections" "$duration" "$work")
res[search]=$(BENCH_TOKEN=$token BENCH_QUERIES=$work/queries bench_wrk search "$url" "$connections" "$duration" "$work")
results=$(wc -l < "$work/queries")

{
  echo "| request | requests/s | p50 ms | p99 ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|"
  row() { local r=${res[$1]}; echo "| $2 | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" errors) | $(field "$r" non2xx) |"; }
  row hello "hello-world"
  row search "GET /api/v1/search (mix of $results queries)"
  echo
  echo "- SQLite, $contacts contacts ($generated); admin caller (all records readable); limit 20"
  echo "- search / hello: requests/s $(ratio "$(field "${res[search]}" rps)" "$(field "${res[hello]}" rps)"), p99 $(ratio "$(field "${res[search]}" p99_ms)" "$(field "${res[hello]}" p99_ms)")"
  echo "- wrk: 1 thread, $connections connections, ${duration} s per row; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/results/search.md
