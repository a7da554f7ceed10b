# Run by ctest, not by cmake (a TEST_INCLUDE_FILES script, written by gtest_suite_entries() in the
# top CMakeLists.txt): ctest entries of a test binary's gtest suites, each running tests/gtest_suite.sh
# on its suites. One process per suite rather than per test (gtest_discover_tests): most of a test's
# cost was its process and its suite's server, so the functional suite took 1,400 s of CPU as 588
# processes and takes 245 s as 126. With GTEST_SUITES_GROUPS = N, the suites are dealt into N entries
# (PREFIX1..PREFIXN) instead of one entry each (PREFIX + the suite's name), for a run whose every
# process pays a start of its own (on PostgreSQL, a migrated template database).
#
# Expects: GTEST_SUITES_BIN, GTEST_SUITES_FILTER (a gtest filter; its negative part, after "-", also
# applies inside each entry), GTEST_SUITES_PREFIX, GTEST_SUITES_SCRIPT, GTEST_SUITES_RUN (the run
# name of tests/allowed_skips.txt), GTEST_SUITES_GROUPS (0: an entry per suite),
# GTEST_SUITES_PROPERTIES (property/value pairs for set_tests_properties).
if(NOT EXISTS "${GTEST_SUITES_BIN}")
  add_test("${GTEST_SUITES_PREFIX}NOT_BUILT" "${GTEST_SUITES_BIN}")
  return()
endif()
execute_process(COMMAND "${GTEST_SUITES_BIN}" --gtest_list_tests "--gtest_filter=${GTEST_SUITES_FILTER}"
                OUTPUT_VARIABLE listing ERROR_VARIABLE listing_error RESULT_VARIABLE listed TIMEOUT 30)
if(NOT listed EQUAL 0)
  # An entry that fails saying why, rather than a run that silently has no tests.
  add_test("${GTEST_SUITES_PREFIX}LIST_FAILED" bash -c "echo 'listing the tests failed: ${listed}' >&2; exit 1")
  return()
endif()
set(excluded "")
if(GTEST_SUITES_FILTER MATCHES "-(.*)$")
  set(excluded "-${CMAKE_MATCH_1}")
endif()
function(suite_entry name filter)
  add_test("${name}" bash "${GTEST_SUITES_SCRIPT}" "${GTEST_SUITES_RUN}" "${GTEST_SUITES_BIN}" "${filter}${excluded}")
  if(GTEST_SUITES_PROPERTIES)
    set_tests_properties("${name}" PROPERTIES ${GTEST_SUITES_PROPERTIES})
  endif()
endfunction()
# gtest lists "Suite." (or "Prefix/Suite." with a "  # TypeParam" note) at the line's start, its tests
# indented below.
string(REPLACE "\n" ";" lines "${listing}")
set(index 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.")
    set(suite "${CMAKE_MATCH_1}")
    if(GTEST_SUITES_GROUPS GREATER 0)
      math(EXPR group "${index} % ${GTEST_SUITES_GROUPS} + 1")
      list(APPEND group_${group} "${suite}.*")
    else()
      suite_entry("${GTEST_SUITES_PREFIX}${suite}" "${suite}.*")
    endif()
    math(EXPR index "${index} + 1")
  endif()
endforeach()
if(GTEST_SUITES_GROUPS GREATER 0)
  foreach(group RANGE 1 ${GTEST_SUITES_GROUPS})
    if(group_${group})
      string(REPLACE ";" ":" filter "${group_${group}}")
      suite_entry("${GTEST_SUITES_PREFIX}${group}" "${filter}")
    endif()
  endforeach()
endif()
