#!/usr/bin/env bash
# Builds Rapport and runs the whole test suite: unit tests, functional tests that start the real
# binary on free loopback ports, and the PostgreSQL tests against a private cluster started here
# (and removed afterwards). Installs whatever the tests need first. Fails when a test fails or when
# a test was skipped that tests/allowed_skips.txt does not allow.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
pg_dir=$(mktemp -d /tmp/rapport-pg-XXXXXX)
trap 'bash scripts/pg-cluster.sh stop "$pg_dir"' EXIT
RAPPORT_TEST_PG_URL=$(bash scripts/pg-cluster.sh start "$pg_dir")
export RAPPORT_TEST_PG_URL RAPPORT_REQUIRE_PG=1
# A skipped test did not run: the run fails unless tests/allowed_skips.txt allows that skip.
rm -f build/web-artifacts/flaky.txt
set +e
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 300 2>&1 | tee build/ctest.log
rc=${PIPESTATUS[0]}
set -e
bash tests/check_skips.sh ctest build/ctest.log || rc=1
# The failures again at the very end, where a shortened log still shows them: a failing entry's output
# sits in the middle of the log, followed by every entry that finished after it.
if [ "$rc" -ne 0 ]; then
  echo "--- the failures, as the tests reported them ---"
  grep -E -B1 -A6 '^[^ ]*:[0-9]+: Failure$' build/ctest.log | head -n 120 || true
  grep -E '^\[  FAILED  \] [A-Za-z]' build/ctest.log | sort -u | head -n 40 || true
  # The browser tests' failures, as node's spec reporter sums them up.
  grep -E -A12 '^✖ failing tests:' build/ctest.log | head -n 80 || true
fi
# Browser test files that failed once and passed when run again (tests/web_e2e.sh).
[ -s build/web-artifacts/flaky.txt ] && { echo "--- browser tests run twice ---"; cat build/web-artifacts/flaky.txt; }
exit "$rc"
