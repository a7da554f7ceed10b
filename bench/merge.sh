#!/usr/bin/env bash
# Merging duplicates with many related rows, on SQLite or PostgreSQL: two contacts, the second linked
# to N notes (activity_links rows written by SQL), then POST /api/v1/contacts/merge as a dry run (the
# preview counts the rows), the merge (moves and journals every link) and its undo (puts each back),
# each timed by curl, with the time per 1,000 rows moved. N = 50,000 is the most one merge may move.
# Usage: bash bench/merge.sh [--engine sqlite|postgres] [--rows N] [--database URL (an empty PostgreSQL database)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; rows=10000; database=""
bench_args "engine rows database" "$@"
bench_begin rapport-bench-merge
bench_database "$engine" "" "$database"
bench_workspace
token=$(bench_token "merge-$RANDOM")
bench_serve --no-access-log
api() { curl -sf -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
timed() { curl -sf -o "$work/answer.json" -w '%{time_total}' -X POST "$url$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2"; }
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

a=$(api POST /api/v1/contacts '{"first_name": "Ada", "last_name": "Bench"}' | id_of)
b=$(api POST /api/v1/contacts '{"first_name": "Ada", "last_name": "Bench", "email": "ada@bench.example"}' | id_of)
ws=$(sql "SELECT workspace_id FROM contacts WHERE id = '$b'")
at='2026-01-01T00:00:00.000Z'
if [ "$engine" = postgres ]; then series="SELECT i FROM generate_series(1, $rows) AS s(i)"; else series="WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $rows) SELECT i FROM s"; fi
sql "INSERT INTO activities(id, workspace_id, type, subject, occurred_at, created_at, updated_at)
     SELECT 'bench-note-' || i, '$ws', 'note', 'note ' || i, '$at', '$at', '$at' FROM ($series) AS n" >/dev/null
sql "INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at)
     SELECT '$ws', 'bench-note-' || i, 'contacts', '$b', '$at' FROM ($series) AS n" >/dev/null
[ "$engine" = postgres ] && sql "ANALYZE activity_links" >/dev/null

ids="{\"ids\": [\"$a\", \"$b\"]"
preview=$(timed /api/v1/contacts/merge "$ids, \"dry_run\": true}")
counted=$(python3 -c 'import json; print(json.load(open("'"$work"'/answer.json"))["related"]["activity_links.contacts"])')
merge=$(timed /api/v1/contacts/merge "$ids}")
read -r merge_id moved < <(python3 -c 'import json; d = json.load(open("'"$work"'/answer.json")); print(d["merge_id"], d["moved"])')
linked=$(sql "SELECT count(*) FROM activity_links WHERE target_id = '$a'")
undo=$(timed "/api/v1/contacts/merges/$merge_id/undo" '{}')
back=$(sql "SELECT count(*) FROM activity_links WHERE target_id = '$b'")
per_k() { echo "scale=1; $1 * 1000 * 1000 / $rows" | bc; }
echo "$engine, $rows related rows: preview $(echo "$preview * 1000" | bc) ms (counted $counted), merge $(echo "$merge * 1000" | bc) ms (moved $moved; the survivor has $linked links), undo $(echo "$undo * 1000" | bc) ms ($back links back)"
echo "per 1,000 rows: merge $(per_k "$merge") ms, undo $(per_k "$undo") ms"
