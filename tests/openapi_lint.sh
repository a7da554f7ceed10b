#!/usr/bin/env bash
# Lints the OpenAPI document that a real server serves with Redocly's recommended rules; fails on any
# error or warning.
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/rapport-lint-XXXXXX)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
RAPPORT_ADMIN_PASSWORD=lint-password-123 "$bin" serve --listen 127.0.0.1:0 --port-file "$work/port" --data "$work/data" --no-access-log >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$(cat "$work/port")/api/v1/openapi.json" -o "$work/openapi.json"
cp "$root/tests/openapi-lint-ignore.yaml" "$work/.redocly.lint-ignore.yaml"
(cd "$work" && "$root/tools/node_modules/.bin/redocly" lint --format=stylish --max-problems=50 openapi.json) 2>&1 | grep -v -E '^\s*(║|╔|╚)' | tee "$work/lint.out"
grep -q "Your API description is valid" "$work/lint.out"
! grep -qiE "warning" "$work/lint.out"
