#!/usr/bin/env bash
# Builds the unit tests (and with --functional the server and the functional tests) with
# ThreadSanitizer (GCC, -O1, in build-tsan/) and runs the tests that run threads against each other:
# SQLite's group commit and its readers (Database.*, SqliteFaults.*), the event hub and relays, the
# E.164 memo, the HTTP client, the tracking recorder; with --pg also PostgreSQL's pool, pipeline,
# migrations and relay on a private cluster; with --functional the functional tests of races (each
# starts the TSan-built `rapport`). Every report of every process goes under build-tsan/tsan-logs/;
# the run fails if there is one.
#   bash scripts/tsan.sh                         # build, then the unit tests of concurrency
#   bash scripts/tsan.sh --pg --functional       # and the PostgreSQL ones and the functional races
#   bash scripts/tsan.sh --filter 'Database.*'   # only these unit tests
#   bash scripts/tsan.sh --functional-filter '*' # the whole functional suite (implies --functional)
#   bash scripts/tsan.sh --build-only
# Suppressions: none (tests/tsan.supp is passed, and is empty of entries: add one only with a comment
# saying why the report is not a race). docs/reliability.md records the last run.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
pg=0 functional=0 build_only=0
filter='Database.*:Migrations.*:SqliteFaults.*:E164Memo.*:Event*:Hub.*:Relay.*:HttpClient.*:TrackingRecorder*:ServerStop.*:ServerInlineReads.*'
pg_filter='PgDatabaseDown.*:PgMigrations.*:Postgres.*:PgRelay.*:PgSchedules.*'
functional_filter='*Race*:*Concurrent*:*Parallel*:*Simultaneous*:Realtime.*:PostgresOutage.*'
while [ $# -gt 0 ]; do
  case "$1" in
    --pg) pg=1 ;;
    --functional) functional=1 ;;
    --build-only) build_only=1 ;;
    --filter) filter=${2:?--filter needs a pattern}; shift ;;
    --functional-filter) functional=1 functional_filter=${2:?--functional-filter needs a pattern}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

dir=build-tsan
. scripts/sanitizer-common.sh
sanitizer_configure "$dir" "-O1 -g1 -fno-omit-frame-pointer -fsanitize=thread"
targets=(rapport_unit_tests)
[ "$functional" = 1 ] && targets+=(rapport rapport_functional_tests)
ninja -C "$dir" -j"${RAPPORT_SANITIZE_JOBS:-$(nproc)}" "${targets[@]}"
[ "$build_only" = 1 ] && exit 0

logs=$(pwd)/$dir/tsan-logs
rm -rf "$logs" && mkdir -p "$logs"
# halt_on_error=0: every race of a run is reported, not only the first; the logs decide the verdict.
# GLib's slice allocator (GMime's messages) hands memory between threads under GLib's own futex-based
# locks, which TSan does not see: each reuse of a block was reported as a race. Plain malloc is seen.
export G_SLICE=always-malloc
export TSAN_OPTIONS="log_path=$logs/tsan:halt_on_error=0:second_deadlock_stack=1:history_size=4:suppressions=$(pwd)/tests/tsan.supp"

status=0
sanitizer_run unit "$dir/rapport_unit_tests" --gtest_filter="$filter"
pg_dir=""
if [ "$pg" = 1 ]; then
  pg_dir=$(mktemp -d /tmp/rapport-tsan-pg-XXXXXX)
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir"' EXIT
  url=$(bash scripts/pg-cluster.sh start "$pg_dir")
  sanitizer_run unit_postgres env RAPPORT_TEST_PG_URL="$url" RAPPORT_REQUIRE_PG=1 "$dir/rapport_unit_tests" --gtest_filter="$pg_filter"
fi
if [ "$functional" = 1 ]; then
  sanitizer_run functional "$dir/rapport_functional_tests" --gtest_filter="$functional_filter"
fi

sanitizer_verdict tsan 'tsan.*'
exit "$status"
