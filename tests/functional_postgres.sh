#!/usr/bin/env bash
# The functional suite again, with every server on PostgreSQL (a database per server on the test
# cluster of scripts/test.sh). Left out: the tests of SQLite-only features (a test that edits the
# SQLite file itself; the RAPPORT_DATA directory choice, `rapport backup` of the SQLite file), and the
# multi-node tests, which run on this cluster already as the ctest entry `multinode`. (--demo loads
# its data set on PostgreSQL as well, so Lifecycle.DemoLoadsData runs here. PrivacyErase runs here
# too: it checks every table's values through SQL; the raw-byte scan of the files is SQLite's only.)
set -euo pipefail
if [ -z "${RAPPORT_TEST_PG_URL:-}" ]; then
  [ "${RAPPORT_REQUIRE_PG:-}" = "1" ] && { echo "RAPPORT_TEST_PG_URL is not set" >&2; exit 1; }
  echo "skipped: no PostgreSQL test cluster (RAPPORT_TEST_PG_URL)"
  exit 77
fi
RAPPORT_TEST_BACKEND=postgres exec "$1" \
  --gtest_filter='-MultiNode.*:Backup.*:MigrateData.*:PostgresOutage.*:Lifecycle.NewerSchemaIsRefused:Lifecycle.DataDirectoryFromTheEnvironment'
