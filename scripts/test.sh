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
set +e
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 300 2>&1 | tee build/ctest.log
rc=${PIPESTATUS[0]}
set -e
bash tests/check_skips.sh ctest build/ctest.log || rc=1
exit "$rc"
