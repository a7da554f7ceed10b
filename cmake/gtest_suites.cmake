# Run by ctest, not by cmake (a TEST_INCLUDE_FILES script, written by gtest_suite_entries() in the
# top CMakeLists.txt): one ctest entry per gtest suite of a test binary, named PREFIX + the suite's
# name, each running tests/gtest_suite.sh on that suite. One process per suite rather than per test
# (gtest_discover_tests) because most of a test's cost is its process and its suite's server: the
# functional suite took 1,400 s of CPU as 588 processes and takes a fraction of that as 127.
#
# Expects: GTEST_SUITES_BIN, GTEST_SUITES_FILTER, GTEST_SUITES_PREFIX, GTEST_SUITES_SCRIPT,
# GTEST_SUITES_PROPERTIES (a list of property/value pairs for set_tests_properties).
if(NOT EXISTS "${GTEST_SUITES_BIN}")
  add_test("${GTEST_SUITES_PREFIX}NOT_BUILT" "${GTEST_SUITES_BIN}")
  return()
endif()
execute_process(COMMAND "${GTEST_SUITES_BIN}" --gtest_list_tests "--gtest_filter=${GTEST_SUITES_FILTER}"
                OUTPUT_VARIABLE listing ERROR_VARIABLE listing_error RESULT_VARIABLE listed TIMEOUT 30)
if(NOT listed EQUAL 0)
  # An entry that fails saying why, rather than a suite that silently has no tests.
  add_test("${GTEST_SUITES_PREFIX}LIST_FAILED" bash -c "echo 'listing the tests failed: ${listed}' >&2; exit 1")
  return()
endif()
# gtest lists "Suite." (or "Prefix/Suite." with a "  # TypeParam" note) at the line's start, its tests
# indented below.
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.")
    set(suite "${CMAKE_MATCH_1}")
    add_test("${GTEST_SUITES_PREFIX}${suite}" bash "${GTEST_SUITES_SCRIPT}" "${GTEST_SUITES_BIN}" "${suite}")
    if(GTEST_SUITES_PROPERTIES)
      set_tests_properties("${GTEST_SUITES_PREFIX}${suite}" PROPERTIES ${GTEST_SUITES_PROPERTIES})
    endif()
  endif()
endforeach()
