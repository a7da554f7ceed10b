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
