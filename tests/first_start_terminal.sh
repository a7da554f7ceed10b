#!/usr/bin/env bash
# The quick start as a person sees it: `rapport serve` on a terminal (a pseudo-terminal from
# script(1)) prints the generated password once and, once serving, where to open the UI and who
# signs in; a second start names only the address. Off a terminal none of this is printed (the other
# tests run that way). Usage: tests/first_start_terminal.sh RAPPORT_BIN
set -euo pipefail
bin=$1
work=$(mktemp -d /tmp/rapport-terminal-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
unset RAPPORT_ADMIN_PASSWORD RAPPORT_ADMIN_EMAIL

start() {  # start OUT: serve on a pseudo-terminal until the greeting is printed, then stop
  rm -f "$work/port"
  script -qfec "$bin serve --data $work/data --listen 127.0.0.1:0 --port-file $work/port --no-access-log" /dev/null > "$1" &
  local pid=$!
  for _ in $(seq 300); do grep -q "Rapport is ready" "$1" 2>/dev/null && break; sleep 0.1; done
  kill -INT "$pid" 2>/dev/null || true
  pkill -INT -f "serve --data $work/data" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start "$work/first"
port=$(cat "$work/port")
grep -q "Password for admin@rapport.local: " "$work/first" || { echo "no password on the terminal"; cat "$work/first"; exit 1; }
grep -q "Rapport is ready: open http://127.0.0.1:$port/ in a browser" "$work/first" || { echo "no greeting"; cat "$work/first"; exit 1; }
grep -q "and sign in as admin@rapport.local with the password shown above" "$work/first" || { echo "no sign-in line"; cat "$work/first"; exit 1; }
[ ! -e "$work/data/initial-admin-password" ] || { echo "a terminal start wrote the password file"; exit 1; }

start "$work/second"
grep -q "Rapport is ready: open http://127.0.0.1:" "$work/second" || { echo "no greeting on the second start"; cat "$work/second"; exit 1; }
if grep -q "sign in as\|Password for" "$work/second"; then echo "the second start spoke of the first admin"; cat "$work/second"; exit 1; fi
echo "ok"
