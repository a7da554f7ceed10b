#!/usr/bin/env bash
# Checks the answers the functional tests recorded (RAPPORT_RECORD_ANSWERS, see
# tests/functional/harness_answers.hpp) against the OpenAPI document a real server serves
# (tools/validate-answers.mjs): every answer's status, content type and JSON body must be what the
# document says for its route. With --coverage, every operation must also have been answered with
# success, when every functional test selected by the filter ran.
#
# openapi_answers.sh <rapport> <answers-dir> [--coverage <rapport_functional_tests> <gtest-filter>]
set -euo pipefail
bin=$1
answers=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/rapport-answers-XXXXXX)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
[ -d "$answers" ] || { echo "no recorded answers in $answers" >&2; exit 1; }
RAPPORT_ADMIN_PASSWORD=answers-password-123 "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" \
  --data "$work/data" --no-access-log >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$(cat "$work/port")/api/v1/openapi.json" -o "$work/openapi.json"
coverage=()
if [ "${3:-}" = "--coverage" ]; then
  # gtest lists "Suite." lines followed by indented test names (with "  # GetParam() = ..." notes).
  "$4" --gtest_list_tests --gtest_filter="$5" |
    awk '/^[^ ]/ { suite = $1; next } /^  / { print suite $1 }' >"$work/tests-expected.txt"
  coverage=(--coverage "$work/tests-expected.txt")
fi
node "$root/tools/validate-answers.mjs" "$work/openapi.json" "$answers" "${coverage[@]}"
