#!/usr/bin/env bash
# The functional suite again, with every server on PostgreSQL (a database per server on the test
# cluster of scripts/test.sh). Left out: the tests of SQLite-only features (a test that edits the
# SQLite file itself; the RAPPORT_DATA directory choice, `rapport backup` of the SQLite file, the
# backup and restore-drill scripts of deploy/single-server), and the multi-node tests, which run on this cluster already as the ctest entries `multinode:*`. (--demo loads
# its data set on PostgreSQL as well, so Lifecycle.DemoLoadsData runs here. PrivacyErase runs here
# too: it checks every table's values through SQL; the raw-byte scan of the files is SQLite's only.)
set -euo pipefail
if [ -z "${RAPPORT_TEST_PG_URL:-}" ]; then
  [ "${RAPPORT_REQUIRE_PG:-}" = "1" ] && { echo "RAPPORT_TEST_PG_URL is not set" >&2; exit 1; }
  echo "skipped: no PostgreSQL test cluster (RAPPORT_TEST_PG_URL)"
  exit 77
fi
# A test skipped here (GTEST_SKIP) did not run: it fails the entry unless tests/allowed_skips.txt
# allows it.
# Every answer is recorded and checked against the OpenAPI document at the end (as the ctest entry
# openapi_answers does for SQLite; the routes' coverage is checked there).
log=$(mktemp /tmp/rapport-functional-postgres-XXXXXX.log)
answers=$(mktemp -d /tmp/rapport-functional-postgres-answers-XXXXXX)
trap 'rm -rf "$log" "$answers"' EXIT
set +e
RAPPORT_TEST_BACKEND=postgres RAPPORT_RECORD_ANSWERS=$answers "$1" \
  --gtest_filter='-MultiNode.*:Backup.*:RestoreDrill.*:MigrateData.*:PostgresOutage.*:Lifecycle.NewerSchemaIsRefused:Lifecycle.DataDirectoryFromTheEnvironment' \
  2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || exit "$rc"
bash "$(dirname "$0")/check_skips.sh" functional_postgres "$log"
bash "$(dirname "$0")/openapi_answers.sh" "$2" "$answers"
