#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for tests: started on a loopback port in a temporary directory, as
# the unprivileged `postgres` user, with one database; removed again on stop.
#   pg-cluster.sh start DIR    prints the connection URL
#   pg-cluster.sh stop DIR     stops the server and removes everything
#   pg-cluster.sh pause DIR    stops the server, keeping its data (outage tests)
#   pg-cluster.sh resume DIR   starts it again on the same port
# RAPPORT_PG_OPTS adds server settings at start, e.g. "-c shared_buffers=1GB" for benchmarks.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir=$2
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U rapport --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    for _ in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 20000))
      if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${RAPPORT_PG_OPTS:-}" start >/dev/null 2>&1; then
        echo "$port" > "$dir/port"
        as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U rapport rapport_test
        echo "postgres://rapport@127.0.0.1:$port/rapport_test"
        exit 0
      fi
    done
    echo "pg-cluster: could not start PostgreSQL (see $dir/server.log)" >&2
    exit 1
    ;;
  pause)
    dir=$2
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    dir=$2
    port=$(cat "$dir/port")
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${RAPPORT_PG_OPTS:-}" start >/dev/null
    ;;
  stop)
    dir=$2
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-cluster.sh start|stop|pause|resume DIR" >&2
    exit 2
    ;;
esac
