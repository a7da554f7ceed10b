#!/usr/bin/env bash
# The functional suite again, with every server on PostgreSQL (a database per server on the test
# cluster of scripts/test.sh). Left out until the command line speaks PostgreSQL too: the tests that
# provision through `rapport workspace/apikey create --data` or open the SQLite file themselves.
set -euo pipefail
if [ -z "${RAPPORT_TEST_PG_URL:-}" ]; then
  [ "${RAPPORT_REQUIRE_PG:-}" = "1" ] && { echo "RAPPORT_TEST_PG_URL is not set" >&2; exit 1; }
  echo "skipped: no PostgreSQL test cluster (RAPPORT_TEST_PG_URL)"
  exit 77
fi
RAPPORT_TEST_BACKEND=postgres exec "$1" \
  --gtest_filter='-Tenancy*:Lifecycle.DemoLoadsData:Lifecycle.NewerSchemaIsRefused:Lifecycle.DataDirectoryFromTheEnvironment'
