#!/usr/bin/env bash
# The web UI in Debian's Chromium against a real `rapport serve` (the binary with the UI embedded):
# - first page: a cold browser cache loads /sign-in until the form is usable, then signs in and
#   waits for the home page; the time is compared with loading a bare static file from the same
#   server in the same browser (the cheapest page the stack can give), and the JavaScript the first
#   page downloads is summed (compressed bytes on the wire);
# - the contacts list over N contacts (default 1,000,000): scrolling the virtualised table for a few
#   seconds, counting animation frames (frames/s, p95 and worst frame), list requests and their page
#   size, and the rows in the DOM;
# - the deal board with 500 deals in one column: time until the column shows, frames/s while
#   scrolling that column, and the time from a keyboard move (space, arrow, space) to the card
#   standing in the next column.
# Writes bench/results/web.md.
# Usage: bash bench/web.sh [--contacts N] [--deals-in-column N] [--scroll-seconds S] [--data DIR]
#                          [--web-dir DIR] [--list-only]
#   --data DIR: a data directory made by bench/search.sh or an earlier run (generation is skipped;
#   the workspace "Bench" and its admin bench@rapport.local, password bench-password-123).
#   --web-dir DIR: serve that build of the UI (`npm run build` output) instead of the embedded one,
#   to compare two builds of the UI against the same server and data.
#   --list-only: the contacts list alone (no first page, no board), for back-to-back comparisons.
#   --first-page-only: sign-in and home alone (no list, no board; with --contacts 1000 it starts in
#   seconds), to compare the JavaScript two builds of the UI send (--web-dir).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
contacts=1000000; deals_in_column=500; scroll_seconds=5; data=""; web_dir=""; list_only=""; first_page_only=""
bench_args "contacts deals_in_column scroll_seconds data web_dir list_only! first_page_only!" "$@"
bash scripts/build.sh --target rapport >/dev/null
bin=$PWD/build/rapport
work=$(mktemp -d /tmp/rapport-bench-web-XXXXXX)
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export RAPPORT_ADMIN_PASSWORD=bench-password-123

email=admin@rapport.local
if [ -z "$data" ]; then
  data=$work/data
  "$bin" init --data "$data" >/dev/null
  "$bin" generate --contacts "$contacts" --activities 0 --data "$data" >/dev/null
else
  "$bin" migrate --data "$data" >/dev/null
  email=bench@rapport.local
  contacts=$(sqlite3 "$data/rapport.db" "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
fi
"$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --data "$data" --no-access-log --rate-limit 0 \
  ${web_dir:+--web-dir "$web_dir"} > "$work/server.out" 2>&1 &
server=$!
url=http://127.0.0.1:$(wait_port "$work/port")

BENCH_URL=$url BENCH_EMAIL=$email BENCH_PASSWORD=$RAPPORT_ADMIN_PASSWORD BENCH_CONTACTS=$contacts BENCH_DEALS=$deals_in_column \
  BENCH_SCROLL_SECONDS=$scroll_seconds BENCH_LIST_ONLY=$list_only BENCH_FIRST_PAGE_ONLY=$first_page_only node bench/web/perf.mjs \
  | tee "bench/results/web${list_only:+-list}${first_page_only:+-first-page}.md"
