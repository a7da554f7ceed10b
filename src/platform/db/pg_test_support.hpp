// For tests of the PostgreSQL layer: the private cluster scripts/test.sh starts is named by
// RAPPORT_TEST_PG_URL. Without it such tests skip, unless RAPPORT_REQUIRE_PG=1 (set by
// scripts/test.sh, so CI cannot skip them).
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace rapport::db {

inline std::string pg_test_url() {
  const char* url = std::getenv("RAPPORT_TEST_PG_URL");
  return url ? url : "";
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
