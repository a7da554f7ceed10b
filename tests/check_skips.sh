#!/usr/bin/env bash
# Fails when a test run's log names a skipped test that tests/allowed_skips.txt does not allow for
# that run. Reads gtest's "[  SKIPPED ] Suite.Test" lines and ctest's "NN - name (Skipped)" lines.
# Usage: check_skips.sh [--gtest-lines] <run: ctest|functional_postgres> <log>...
# (--gtest-lines: read gtest's lines for the run ctest too, as tests/gtest_suite.sh does on the log of
# its one suite.)
set -euo pipefail
read_gtest=0
[ "$1" = --gtest-lines ] && { read_gtest=1; shift; }
run=$1
shift
allowed=$(awk -v run="$run" '!/^#/ && NF >= 2 && $1 == run { print $2 }' "$(dirname "$0")/allowed_skips.txt")
# ctest's log holds gtest's lines only of the entries that failed (--output-on-failure), e.g. the
# PostgreSQL run's allowed skips: its own "(Skipped)" lines are the ones to check there.
gtest_skips='s/^\[  SKIPPED \] ([A-Za-z0-9_./]+)( \([0-9]+ ms\))?$/\1/p'
[ "$run" = ctest ] && [ "$read_gtest" -eq 0 ] && gtest_skips=''
skipped=$(sed -nE -e "$gtest_skips" -e 's/^[[:space:]]*[0-9]+ - ([^ ]+) \(Skipped\)$/\1/p' "$@" | sort -u)
bad=0
for t in $skipped; do
  if ! grep -qxF -- "$t" <<<"$allowed"; then
    echo "SKIPPED but expected to run ($run): $t" >&2
    bad=1
  fi
done
[ "$bad" -eq 0 ] || echo "A skipped test is a test that did not run: fix its cause, or list it in tests/allowed_skips.txt with the reason." >&2
exit "$bad"
