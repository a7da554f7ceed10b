# Shared by the bench scripts (sourced): wrk runs that print one RESULT line, fields of those lines,
# waiting for a server's port file, arguments, and the set-up of a database, workspace and server.

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

# server_cpu_ns PID -> the CPU time (ns) all the process's threads have had so far
server_cpu_ns() { local t=0 f; for f in /proc/$1/task/*/schedstat; do t=$(( t + $(cut -d' ' -f1 "$f" 2>/dev/null || echo 0) )); done; echo $t; }

# server_idle PID: waits (at most 120 s) until the process used under 10 ms of CPU in a quarter of a
# second, so that requests a wrk run left queued are not counted in the next measurement.
server_idle() {
  local a b
  for _ in $(seq 480); do
    a=$(server_cpu_ns "$1"); sleep 0.25; b=$(server_cpu_ns "$1")
    [ $(( b - a )) -lt 10000000 ] && return 0
  done
}

# ratio A B -> A/B with three decimals
ratio() { echo "scale=3; $1 / $2" | bc; }

# bench_args "contacts connections duration profile!" "$@": sets each `--name value` the script
# accepts (a name ending in ! is a flag set to 1); anything else is refused with exit 2.
# --help prints the script's opening comment (what it measures and its usage) and exits.
bench_args() {
  local allowed=" $1 "
  shift
  if [[ "${1:-}" == --help || "${1:-}" == -h ]]; then
    sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
  fi
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

# The set-up every server benchmark repeats. bench_begin [PREFIX] builds `rapport` ($bin), makes the
# work directory ($work) and a trap that on exit stops the servers bench_serve started and the private
# PostgreSQL cluster bench_database made, then removes $work. The admin's password is fixed so that a
# data directory a run leaves behind (--data) can be signed in to by the next.
bench_servers=()
bench_own_pg=
bench_begin() {
  # An existing build directory (whatever its generator) is rebuilt in place; otherwise scripts/build.sh.
  # BENCH_NO_BUILD=1 uses build/rapport as it is; BENCH_BIN=PATH another binary (an earlier build, to compare).
  if [ -n "${BENCH_NO_BUILD:-}" ] || [ -n "${BENCH_BIN:-}" ]; then :
  elif [ -f build/CMakeCache.txt ]; then cmake --build build --target rapport >/dev/null
  else bash scripts/build.sh --target rapport >/dev/null; fi
  bin=${BENCH_BIN:-$PWD/build/rapport}
  work=$(mktemp -d "/tmp/${1:-rapport-bench}-XXXXXX")
  chmod 755 "$work"  # a PostgreSQL cluster inside runs as the postgres user
  trap bench_end EXIT
  export RAPPORT_ADMIN_PASSWORD=bench-password-123
}
bench_end() {
  # Only the servers still running as this shell's jobs. A server killed and reaped before (crash.sh
  # kills a node every cycle) left its pid in bench_servers, and after hundreds of cycles the system
  # gives that pid to another process: a 1,000-cycle crash run's end once stopped the server of
  # another crash run beside it (tests/bench_end.sh).
  local pid live
  live=" $(jobs -p | tr '\n' ' ') "
  for pid in "${bench_servers[@]}"; do
    if [[ $live == *" $pid "* ]]; then kill "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  if [ -n "$bench_own_pg" ]; then bash scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}

# bench_database ENGINE [DATA_DIR] [DATABASE_URL]: sets db_args (the --data/--database arguments of
# every command) and sql (a query printed tab-separated). postgres without a URL starts a private
# cluster sized for the benchmarks (and a master key for it); sqlite without a directory uses $work/data.
bench_database() {
  local engine=$1 data=${2:-} database=${3:-}
  if [ -n "$database" ]; then
    pg_url=$database
  elif [ "$engine" = postgres ]; then
    export RAPPORT_MASTER_KEY=$("$bin" generate-key)
    pg_url=$(RAPPORT_PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" bash scripts/pg-cluster.sh start "$work/pg")
    bench_own_pg=1
  fi
  if [ "$engine" = postgres ]; then
    db_args=(--database "$pg_url")
    sql() { psql -qAt -F $'\t' "$pg_url" -c "$1"; }
  else
    bench_data=${data:-$work/data}
    db_args=(--data "$bench_data")
    sql() { sqlite3 -separator $'\t' "$bench_data/rapport.db" "$1"; }
  fi
}

# bench_workspace: a new database with the workspace "Bench" and its admin bench@rapport.local.
bench_workspace() {
  "$bin" init "${db_args[@]}" >/dev/null  # only init and serve create a database
  "$bin" workspace create --name Bench --admin-email bench@rapport.local "${db_args[@]}" >/dev/null
}

# bench_token NAME [USER_EMAIL] -> an API key of the Bench workspace (its admin's by default)
bench_token() {
  "$bin" apikey create --workspace Bench --user "${2:-bench@rapport.local}" --name "$1" "${db_args[@]}"
}

# bench_serve [ARGS...]: starts `rapport serve` on a free loopback port with rate limits off, output in
# $work/server$BENCH_NODE.out; sets $server (its pid) and $url. BENCH_NODE (empty by default) names
# the files of one of several nodes on the same database.
bench_serve() {
  local n=${BENCH_NODE:-}
  rm -f "$work/port$n"  # a port file left by an earlier start of this node would be read at once
  "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port$n" --rate-limit 0 "${db_args[@]}" "$@" > "$work/server$n.out" 2>&1 &
  server=$!
  bench_servers+=("$server")
  url=http://127.0.0.1:$(wait_port "$work/port$n")
}

# bench_bare_beast CONNECTIONS SECONDS -> the RESULT line of /hello on ../shared/bench/hello_beast.cpp
# (a bare Boost.Beast server, two threads: the cheapest answer this HTTP stack gives, the physical
# limit every endpoint is compared with), or nothing when g++ cannot build it. The server is stopped
# by bench_end with the others.
bench_bare_beast() {
  g++ -O2 -std=c++20 ../shared/bench/hello_beast.cpp -o "$work/hello_beast" -lpthread 2>/dev/null || return 0
  local port=$(( 20000 + RANDOM % 20000 ))
  "$work/hello_beast" "$port" 2 > /dev/null 2>&1 &
  local pid=$!
  bench_servers+=("$pid")
  sleep 0.5
  bench_wrk hello "http://127.0.0.1:$port" "$1" "$2" "$work"
  # Stopped here too: callers run this in a command substitution, whose bench_servers is its own copy.
  kill "$pid" 2>/dev/null || true
}

# bench_deals DEALS: the sales data of bench/sales.sh and bench/reports.sh, on the server bench_serve
# started: nine sales reps beside the admin (the generator spreads the deals over the workspace's
# users: ten owners), then `rapport generate --deals DEALS` over 3 pipelines with 2,000 contacts
# (--force: the nine reps would otherwise make the workspace look like real data). Sets gen_out,
# gen_secs and pipeline (the id of "New business", the biggest pipeline).
bench_deals() {
  local i gen_start
  for i in $(seq 1 9); do
    curl -sf -X POST "$url/api/v1/users" -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
      -d "{\"email\":\"rep$i@rapport.local\",\"password\":\"rep-password-1234\",\"role\":\"sales_rep\"}" >/dev/null
  done
  gen_start=$(date +%s.%N)
  gen_out=$("$bin" generate --contacts 2000 --activities 0 --deals "$1" --force --workspace Bench "${db_args[@]}")
  gen_secs=$(echo "$(date +%s.%N) - $gen_start" | bc)
  echo "$gen_out (wall ${gen_secs} s)"
  pipeline=$(curl -sf "$url/api/v1/pipelines" -H "Authorization: Bearer $BENCH_TOKEN" |
    python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["data"] if p["name"] == "New business"][0])')
}

# api METHOD PATH [BODY] -> the answer's body, with $token at $url (bench_serve, bench_token); fails
# on a non-2xx. json_field KEY... reads JSON on stdin and prints the value at that path.
api() {
  curl -sf -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
json_field() { python3 -c 'import json,sys; v=json.load(sys.stdin); [v := v[k] for k in sys.argv[1:]]; print(v)' "$@"; }
