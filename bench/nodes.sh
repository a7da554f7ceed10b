#!/usr/bin/env bash
# One node versus two behind nginx, on one PostgreSQL database, in one run on this machine:
#   1. starts a private PostgreSQL 15 cluster and generates N contacts (default 1,000,000);
#   2. starts two `rapport serve` nodes on it and nginx with the shipped deploy/nginx files (only the
#      node addresses, the listen port and the log and snippet directories changed), first with one
#      node in the upstream, then with both;
#   3. drives nginx with wrk (one thread, 64 connections) against GET /api/v1/contacts/{id}, the
#      filtered list page and POST /api/v1/contacts, and a node directly for comparison;
#   4. prints requests/s, p50/p99 and the two-node/one-node ratios and writes bench/results/nodes.md.
# Usage: bash bench/nodes.sh [--contacts N] [--connections C] [--duration SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; connections=64; duration=15
bench_args "contacts connections duration" "$@"
bash scripts/build.sh --target rapport >/dev/null
bin=$PWD/build/rapport
work=$(mktemp -d /tmp/rapport-bench-XXXXXX)
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  bash scripts/pg-cluster.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
export RAPPORT_ADMIN_PASSWORD=bench-password-123
# Every command and node on PostgreSQL needs the master key (never created there); one per run.
export RAPPORT_MASTER_KEY=$("$bin" generate-key)
pg_url=$(RAPPORT_PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" bash scripts/pg-cluster.sh start "$work/pg")

"$bin" init --database "$pg_url" >/dev/null  # only init and serve create a database
"$bin" workspace create --name Bench --admin-email bench@rapport.local --database "$pg_url" >/dev/null
"$bin" generate --contacts "$contacts" --workspace Bench --database "$pg_url"
export BENCH_TOKEN=$("$bin" apikey create --workspace Bench --user bench@rapport.local --name bench --database "$pg_url")
psql -qAt "$pg_url" -c "ANALYZE" -c "SELECT id FROM contacts ORDER BY random() LIMIT 2000" > "$work/ids.txt"
export BENCH_IDS=$work/ids.txt

# Each node gets half of the pool PostgreSQL would give one node, so the database sees the same
# number of connections either way.
ports=()
for n in 1 2; do
  "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port$n" --database "$pg_url" --pool-size 8 --no-access-log --rate-limit 0 \
    > "$work/node$n.log" 2>&1 &
  pids+=($!)
  ports+=("$(wait_port "$work/port$n")")
done

# nginx_with PORT... : (re)starts nginx with the shipped files and these nodes in the upstream.
nginx_port=$((20000 + RANDOM % 20000))
nginx_with() {
  [ -f "$work/nginx/nginx.pid" ] && { kill "$(cat "$work/nginx/nginx.pid")"; sleep 0.5; }
  rm -rf "$work/nginx"; mkdir -p "$work/nginx/logs" "$work/nginx/snippets"
  cp deploy/nginx/rapport-proxy.conf "$work/nginx/snippets/"
  local servers=""
  for p in "$@"; do servers+="    server 127.0.0.1:$p max_fails=3 fail_timeout=10s;\n"; done
  sed -e "/server 127.0.0.1:808[12] /d" \
      -e "s|^\(upstream rapport_nodes {\)|\1\n$servers|" \
      -e "s|listen 80;|listen 127.0.0.1:$nginx_port;|" \
      -e "s|/var/log/nginx/|$work/nginx/logs/|g" \
      -e "s|/etc/nginx/snippets/|$work/nginx/snippets/|g" deploy/nginx/rapport.conf > "$work/nginx/rapport.conf"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  include $work/nginx/rapport.conf;
}
CONF
  /usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nginx_port/healthz" >/dev/null && return; sleep 0.1; done
  echo "nginx did not start" >&2; cat "$work/nginx/logs/error.log" >&2; exit 1
}

declare -A res
measure() {  # label url
  for name in get_by_id list_page; do res[$1.$name]=$(bench_wrk "$name" "$2" "$connections" "$duration" "$work"); done
  export BENCH_RUN=$RANDOM
  res[$1.create]=$(bench_wrk create "$2" "$connections" "$duration" "$work")
}
measure direct "http://127.0.0.1:${ports[0]}"
nginx_with "${ports[0]}"
measure one "http://127.0.0.1:$nginx_port"
nginx_with "${ports[0]}" "${ports[1]}"
measure two "http://127.0.0.1:$nginx_port"

{
  echo "| endpoint | one node, direct req/s | p99 ms | nginx + 1 node req/s | p99 ms | nginx + 2 nodes req/s | p99 ms | 2 nodes / 1 node |"
  echo "|---|---|---|---|---|---|---|---|"
  errs=0
  for name in get_by_id list_page create; do
    d=${res[direct.$name]}; o=${res[one.$name]}; t=${res[two.$name]}
    for r in "$d" "$o" "$t"; do errs=$((errs + $(field "$r" errors) + $(field "$r" non2xx))); done
    echo "| $name | $(field "$d" rps) | $(field "$d" p99_ms) | $(field "$o" rps) | $(field "$o" p99_ms) | $(field "$t" rps) | $(field "$t" p99_ms) | $(ratio "$(field "$t" rps)" "$(field "$o" rps)") |"
  done
  echo
  echo "- PostgreSQL 15 (private cluster, shared_buffers=1GB), $contacts contacts; nodes with --pool-size 8; nginx 1 worker"
  echo "- errors + non-2xx over all runs: $errs"
  echo "- wrk: 1 thread, $connections connections, ${duration} s per endpoint; $(nproc) cores shared by wrk, nginx, the nodes and PostgreSQL; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/results/nodes.md
