# Shared by the bench scripts (sourced): wrk runs that print one RESULT line, fields of those lines,
# waiting for a server's port file, and sampling contact ids.

# bench_wrk NAME URL CONNECTIONS SECONDS WORKDIR -> "rps=... p50_ms=... p99_ms=... requests=... errors=... non2xx=..."
# Runs bench/lua/NAME.lua (with the RESULT reporter appended) with one wrk thread, so that wrk takes at
# most one of the machine's cores.
bench_wrk() {
  local name=$1 url=$2 connections=$3 seconds=$4 work=$5
  local script="$work/$name.lua"
  cat "bench/lua/$name.lua" bench/lua/report.lua > "$script"
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$script" "$url" > "$work/$name.out" 2>&1
  grep '^RESULT' "$work/$name.out" | sed 's/RESULT //'
}

# field "rps=1 p50_ms=2" rps -> 1
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }

# wait_port FILE -> the port written there (waits up to 30 s)
wait_port() {
  for _ in $(seq 300); do [ -s "$1" ] && break; sleep 0.1; done
  cat "$1"
}

# ratio A B -> A/B with three decimals
ratio() { echo "scale=3; $1 / $2" | bc; }

# bench_args "contacts connections duration profile!" "$@": sets each `--name value` the script
# accepts (a name ending in ! is a flag set to 1); anything else is refused with exit 2.
bench_args() {
  local allowed=" $1 "
  shift
  while [ $# -gt 0 ]; do
    local name=${1#--}
    name=${name//-/_}
    if [[ "$1" == --* && "$allowed" == *" $name "* && $# -ge 2 ]]; then
      printf -v "$name" '%s' "$2"
      shift 2
    elif [[ "$1" == --* && "$allowed" == *" $name! "* ]]; then
      printf -v "$name" '%s' 1
      shift
    else
      echo "unknown argument $1 (accepted: $allowed)" >&2
      exit 2
    fi
  done
}

# bench_engine_setup, for a script that set $engine (sqlite|postgres): builds rapport ($bin), makes the
# work directory $work (removed at exit, with the server whose pid is in $server and the private
# PostgreSQL cluster), sets $db_args for the commands, and creates the database with the workspace
# Bench (admin bench@rapport.local, password bench-password-123). BENCH_NO_BUILD=1 uses build/rapport
# as it is.
bench_engine_setup() {
  case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
  [ -n "${BENCH_NO_BUILD:-}" ] || bash scripts/build.sh --target rapport >/dev/null
  bin=$PWD/build/rapport
  work=$(mktemp -d /tmp/rapport-bench-XXXXXX)
  chmod 755 "$work"  # a PostgreSQL cluster inside runs as the postgres user
  server=
  trap bench_cleanup EXIT
  export RAPPORT_ADMIN_PASSWORD=bench-password-123
  if [ "$engine" = sqlite ]; then
    db_args=(--data "$work/data")
  else
    export RAPPORT_MASTER_KEY=$("$bin" generate-key)
    pg_url=$(RAPPORT_PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" bash scripts/pg-cluster.sh start "$work/pg")
    db_args=(--database "$pg_url")
  fi
  "$bin" init "${db_args[@]}" >/dev/null
  "$bin" workspace create --name Bench --admin-email bench@rapport.local "${db_args[@]}" >/dev/null
}

bench_cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "$engine" = postgres ] && bash scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
