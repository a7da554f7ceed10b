// For tests of the PostgreSQL layer: the private cluster scripts/test.sh starts is named by
// RAPPORT_TEST_PG_URL. Without it such tests skip, unless RAPPORT_REQUIRE_PG=1 (set by
// scripts/test.sh, so CI cannot skip them).
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "platform/db/postgres.hpp"

namespace rapport::db {

inline std::string pg_test_url() {
  const char* url = std::getenv("RAPPORT_TEST_PG_URL");
  return url ? url : "";
}

// Options for administrative connections to the test cluster (CREATE/DROP DATABASE, migrations):
// those copy and flush files and may take longer than a node's 5 s statement timeout on a busy
// machine.
inline PgOptions pg_admin_options(const std::string& url = pg_test_url()) {
  PgOptions o;
  o.url = url;
  o.statement_timeout = std::chrono::minutes(2);
  return o;
}

inline bool pg_test_required() {
  const char* req = std::getenv("RAPPORT_REQUIRE_PG");
  return req && std::string(req) == "1";
}

}  // namespace rapport::db

// Skips (or, when required, fails) the current test when there is no test cluster.
#define RAPPORT_REQUIRE_PG()                                                                      \
  do {                                                                                            \
    if (::rapport::db::pg_test_url().empty()) {                                                   \
      if (::rapport::db::pg_test_required()) FAIL() << "RAPPORT_TEST_PG_URL is not set";          \
      GTEST_SKIP() << "set RAPPORT_TEST_PG_URL (scripts/test.sh starts a private cluster)";       \
    }                                                                                             \
  } while (0)
