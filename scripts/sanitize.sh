#!/usr/bin/env bash
# Builds the server, the unit tests and the functional tests with AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer (GCC, -O1, no recovery: the first undefined behaviour stops the process)
# in their own build directory (build-asan/), and runs them: the unit tests, the functional tests on
# SQLite (each starts the sanitized `rapport`), and with --pg the functional tests again on a private
# PostgreSQL cluster (as the test suite's postgres:<Suite> entries). Every sanitizer report of every process, the
# servers' included, is written under build-asan/sanitizer-logs/; the run fails if there is one.
#   bash scripts/sanitize.sh                     # build, then unit and functional tests on SQLite
#   bash scripts/sanitize.sh --pg                # and the functional tests on PostgreSQL
#   bash scripts/sanitize.sh --filter 'Vcard*'   # only the gtest tests matching (both binaries)
#   bash scripts/sanitize.sh --build-only
# docs/reliability.md records the last run (its time, what it found).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
pg=0 build_only=0 filter='*'
while [ $# -gt 0 ]; do
  case "$1" in
    --pg) pg=1 ;;
    --build-only) build_only=1 ;;
    --filter) filter=${2:?--filter needs a pattern}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

dir=build-asan
. scripts/sanitizer-common.sh
sanitizer_configure "$dir" "-O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
ninja -C "$dir" -j"${RAPPORT_SANITIZE_JOBS:-$(nproc)}" rapport rapport_unit_tests rapport_functional_tests
[ "$build_only" = 1 ] && exit 0

logs=$(pwd)/$dir/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
# log_path: each process (tests and the servers they start) writes its reports to a file of its own.
# No suppressions: a report is a bug to fix.
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"

status=0
sanitizer_run unit "$dir/rapport_unit_tests" --gtest_filter="$filter"
sanitizer_run functional "$dir/rapport_functional_tests" --gtest_filter="$filter:-MultiNode.*"
if [ "$pg" = 1 ]; then
  pg_dir=$(mktemp -d /tmp/rapport-asan-pg-XXXXXX)
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir"' EXIT
  url=$(bash scripts/pg-cluster.sh start "$pg_dir")
  # The PostgreSQL run leaves out what the test suite's does (tests/functional_postgres_excluded.txt).
  excluded=$(grep -v '^#' tests/functional_postgres_excluded.txt | paste -sd:)
  sanitizer_run functional_postgres env RAPPORT_TEST_PG_URL="$url" RAPPORT_REQUIRE_PG=1 RAPPORT_TEST_BACKEND=postgres \
    "$dir/rapport_functional_tests" --gtest_filter="$filter:-$excluded"
fi

sanitizer_verdict sanitizers 'asan.*' 'ubsan.*'
exit "$status"
