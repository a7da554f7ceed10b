#!/usr/bin/env bash
# The test suite must be able to fail: a functional suite whose setup fails (its server does not come
# up, its login fails) must be reported failed by gtest and by ctest, never skipped. Runs the suite
# HarnessSetup (tests/functional/harness_setup_test.cpp) with its setup broken on purpose, both ways.
# Usage: harness_setup_failure.sh <rapport_functional_tests> <build directory>
set -uo pipefail
bin=$1 build=$2
fail=0
for mode in server login; do
  out=$(RAPPORT_TEST_BREAK_SETUP=$mode "$bin" --gtest_filter='HarnessSetup.*' 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ]; then echo "$mode: gtest exited 0 with a broken setup" >&2; fail=1; fi
  if grep -q '\[  SKIPPED \]' <<<"$out"; then echo "$mode: gtest reported skipped tests" >&2; fail=1; fi
  for t in TheSuiteServerAnswersTheSignedInAdmin ASecondTestOfTheSuiteRunsToo; do
    grep -qF "[  FAILED  ] HarnessSetup.$t (" <<<"$out" || { echo "$mode: HarnessSetup.$t did not fail" >&2; fail=1; }
  done
  grep -q 'not run: the setup of suite HarnessSetup failed' <<<"$out" || { echo "$mode: the reason is missing" >&2; fail=1; }
  [ "$fail" -eq 0 ] || { echo "$out" >&2; exit 1; }
  # ctest runs the suite as one entry (cmake/gtest_suites.cmake), which must fail, not pass or skip,
  # naming both tests. -FA keeps the fixture of the recorded answers out (its reset would empty the
  # directory of the outer run).
  out=$(RAPPORT_TEST_BREAK_SETUP=$mode ctest --test-dir "$build" -R '^functional:HarnessSetup$' -FA openapi_answers \
    --output-on-failure 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ] || grep -q '(Skipped)' <<<"$out" || [ "$(grep -c '(Failed)' <<<"$out")" -ne 1 ] ||
     [ "$(grep -c '^\[  FAILED  \] HarnessSetup\.[A-Za-z]* (' <<<"$out")" -ne 2 ]; then
    echo "$mode: ctest did not report the suite failed with both its tests:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$mode: a broken suite setup fails both tests (gtest) and the suite's entry (ctest)"
done
