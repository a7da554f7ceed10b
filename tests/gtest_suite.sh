#!/usr/bin/env bash
# One gtest suite of a test binary, as one ctest entry (cmake/gtest_suites.cmake): runs its tests in
# one process, then fails if one of them was skipped without tests/allowed_skips.txt allowing it (the
# run "ctest"), since ctest itself sees only the process's exit status.
# Usage: gtest_suite.sh <test binary> <suite>
set -uo pipefail
log=$(mktemp /tmp/rapport-suite-XXXXXX.log)
trap 'rm -f "$log"' EXIT
"$1" --gtest_filter="$2.*" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || exit "$rc"
bash "$(dirname "$0")/check_skips.sh" --gtest-lines ctest "$log"
