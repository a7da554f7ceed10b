#!/usr/bin/env bash
# One end-to-end file of the web UI (web/e2e/NAME.test.mjs) against the given rapport binary, which
# serves the UI it embeds, in Debian's Chromium. Screenshots go to build/web-artifacts/.
# Usage: tests/web_e2e.sh RAPPORT_BIN NAME
set -euo pipefail
cd "$(dirname "$0")/.."
export RAPPORT_BIN=$1
export RAPPORT_E2E_ARTIFACTS=${RAPPORT_E2E_ARTIFACTS:-$PWD/build/web-artifacts}
[ -x /usr/bin/chromium ] || { echo "Debian's chromium is missing: run scripts/install-deps.sh" >&2; exit 1; }
exec node --test --test-reporter=spec "web/e2e/$2.test.mjs"
