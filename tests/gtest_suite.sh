#!/usr/bin/env bash
# Some suites of a test binary, as one ctest entry (cmake/gtest_suites.cmake): runs the tests the gtest
# filter selects in one process, then fails if one of them was skipped without tests/allowed_skips.txt
# allowing it for the run, since ctest itself sees only the process's exit status. The run
# functional_postgres is the functional suite with every server on PostgreSQL (a database per server on
# the test cluster of scripts/test.sh, RAPPORT_TEST_PG_URL): skipped without that cluster, unless
# RAPPORT_REQUIRE_PG=1 makes it a failure.
# Usage: gtest_suite.sh <run: ctest|functional_postgres> <test binary> <gtest filter>
set -uo pipefail
run=$1 bin=$2 filter=$3
if [ "$run" = functional_postgres ]; then
  if [ -z "${RAPPORT_TEST_PG_URL:-}" ]; then
    [ "${RAPPORT_REQUIRE_PG:-}" = "1" ] && { echo "RAPPORT_TEST_PG_URL is not set" >&2; exit 1; }
    echo "skipped: no PostgreSQL test cluster (RAPPORT_TEST_PG_URL)"
    exit 77
  fi
  export RAPPORT_TEST_BACKEND=postgres
fi
log=$(mktemp /tmp/rapport-suite-XXXXXX.log)
trap 'rm -f "$log"' EXIT
"$bin" --gtest_filter="$filter" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || exit "$rc"
gtest_lines=()
[ "$run" = ctest ] && gtest_lines=(--gtest-lines)
bash "$(dirname "$0")/check_skips.sh" "${gtest_lines[@]}" "$run" "$log"
