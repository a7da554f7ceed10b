#!/usr/bin/env bash
# A local SMTP server for tests (scripts/smtp_server.py, Debian's python3-aiosmtpd), on a free
# loopback port, keeping what it receives under DIR/messages.
#   smtp-server.sh start DIR [--mode accept|refuse] [--user U --password P]
#                      [--tls starttls|implicit --cert PEM --key PEM] [--drop-after N]   prints the port
#   smtp-server.sh stop DIR     stops it and removes DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

case "${1:-}" in
  start)
    dir=$2
    shift 2
    mkdir -p "$dir"
    rm -f "$dir/port"
    # Debian's interpreter, where python3-aiosmtpd is installed (not a pyenv or venv one on PATH).
    setsid /usr/bin/python3 "$here/smtp_server.py" "$dir" "$@" >"$dir/server.log" 2>&1 < /dev/null &
    echo $! > "$dir/pid"
    for _ in $(seq 1 100); do
      if [ -s "$dir/port" ]; then cat "$dir/port"; echo; exit 0; fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
      sleep 0.1
    done
    echo "smtp-server: could not start (see $dir/server.log)" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    dir=$2
    if [ -s "$dir/pid" ]; then
      pid=$(cat "$dir/pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: smtp-server.sh start|stop DIR [options]" >&2
    exit 2
    ;;
esac
