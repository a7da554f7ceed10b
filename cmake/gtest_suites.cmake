# Run by ctest, not by cmake (a TEST_INCLUDE_FILES script, written by gtest_suite_entries() in the
# top CMakeLists.txt): ctest entries of a test binary's gtest suites, each running tests/gtest_suite.sh
# on one suite, named PREFIX + the suite's name. One process per suite rather than per test
# (gtest_discover_tests): most of a test's cost was starting its process and its suite's server
# (docs/architecture.md, "Build", has the figures).
#
# Expects: GTEST_SUITES_BIN, GTEST_SUITES_FILTER (a gtest filter; its negative part, after "-", also
# applies inside each entry), GTEST_SUITES_PREFIX, GTEST_SUITES_SCRIPT, GTEST_SUITES_RUN (the run
# name of tests/allowed_skips.txt), GTEST_SUITES_PROPERTIES (property/value pairs for set_tests_properties).
if(NOT EXISTS "${GTEST_SUITES_BIN}")
  add_test("${GTEST_SUITES_PREFIX}NOT_BUILT" "${GTEST_SUITES_BIN}")
  return()
endif()
execute_process(COMMAND "${GTEST_SUITES_BIN}" --gtest_list_tests "--gtest_filter=${GTEST_SUITES_FILTER}"
                OUTPUT_VARIABLE listing RESULT_VARIABLE listed TIMEOUT 30)
if(NOT listed EQUAL 0)
  # An entry that fails saying why, rather than a run that silently has no tests.
  add_test("${GTEST_SUITES_PREFIX}LIST_FAILED" bash -c "echo 'listing the tests failed: ${listed}' >&2; exit 1")
  return()
endif()
set(excluded "")
if(GTEST_SUITES_FILTER MATCHES "-(.*)$")
  set(excluded "-${CMAKE_MATCH_1}")
endif()
# gtest lists "Suite." (or "Prefix/Suite." with a "  # TypeParam" note) at the line's start, its tests
# indented below.
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.")
    set(name "${GTEST_SUITES_PREFIX}${CMAKE_MATCH_1}")
    add_test("${name}" bash "${GTEST_SUITES_SCRIPT}" "${GTEST_SUITES_RUN}" "${GTEST_SUITES_BIN}"
             "${CMAKE_MATCH_1}.*${excluded}")
    if(GTEST_SUITES_PROPERTIES)
      set_tests_properties("${name}" PROPERTIES ${GTEST_SUITES_PROPERTIES})
    endif()
  endif()
endforeach()
