#!/usr/bin/env bash
# Removing a stage that holds N deals (default 10,000): `rapport generate --deals N` fills a fresh
# workspace, every deal is put in one open stage of one pipeline (plain SQL; the deal_totals triggers
# keep up), then one `DELETE /api/v1/pipelines/{id}/stages/{stage}?move_to=<another open stage>` moves
# them all, each as a change of the deal (version, audit, events, stage history). Prints its time on
# SQLite and PostgreSQL (a private cluster, scripts/pg-cluster.sh).
# Usage: bash bench/stage_removal.sh [--deals N] [--backends "sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
deals=10000; backends="sqlite postgres"
bench_args "deals backends" "$@"
if [ -f build/CMakeCache.txt ]; then cmake --build build --target rapport >/dev/null; else bash scripts/build.sh --target rapport >/dev/null; fi
bin=$PWD/build/rapport
work=$(mktemp -d /tmp/rapport-stage-removal-XXXXXX)
chmod 755 "$work"  # the cluster runs as the postgres user
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -d "$work/pg" ] && bash scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export RAPPORT_ADMIN_PASSWORD=bench-password-123
export RAPPORT_MASTER_KEY=$("$bin" generate-key)  # PostgreSQL never creates one

for backend in $backends; do
  if [ "$backend" = sqlite ]; then
    db_args=(--data "$work/data")
    sql() { sqlite3 "$work/data/rapport.db" "$1"; }
  else
    pg_url=$(bash scripts/pg-cluster.sh start "$work/pg")
    db_args=(--database "$pg_url")
    sql() { psql -qAt "$pg_url" -c "$1"; }
  fi
  "$bin" init "${db_args[@]}" >/dev/null  # only init and serve create a database
  "$bin" workspace create --name Bench --admin-email bench@rapport.local "${db_args[@]}" >/dev/null
  token=$("$bin" apikey create --workspace Bench --user bench@rapport.local --name bench "${db_args[@]}")
  "$bin" generate --contacts 1000 --activities 0 --deals "$deals" --workspace Bench "${db_args[@]}" >/dev/null
  # The first pipeline's first two open stages: every deal goes to the first, which is removed.
  read -r pipeline from to < <(sql "SELECT p.id, (SELECT id FROM pipeline_stages WHERE pipeline_id = p.id AND type = 'open' ORDER BY position LIMIT 1),
      (SELECT id FROM pipeline_stages WHERE pipeline_id = p.id AND type = 'open' ORDER BY position LIMIT 1 OFFSET 1)
      FROM pipelines p ORDER BY p.position LIMIT 1" | tr '|' ' ')
  sql "UPDATE deals SET pipeline_id = '$pipeline', stage_id = '$from', closed_at = NULL" >/dev/null
  moved=$(sql "SELECT count(*) FROM deals WHERE stage_id = '$from'")
  rm -f "$work/port"
  "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --rate-limit 0 --no-access-log "${db_args[@]}" > "$work/server-$backend.out" 2>&1 &
  server=$!
  url=http://127.0.0.1:$(wait_port "$work/port")
  start=$(date +%s.%N)
  status=$(curl -s -o "$work/answer" -w '%{http_code}' -X DELETE "$url/api/v1/pipelines/$pipeline/stages/$from?move_to=$to" \
    -H "Authorization: Bearer $token")
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  audits=$(sql "SELECT count(*) FROM audit_log WHERE object_type = 'deals' AND action = 'update'")
  echo "$backend: removing a stage with $moved deals answered $status in ${secs} s ($audits deal audit entries); $(nproc) cores"
  [ "$status" = 204 ] || cat "$work/answer"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
