#!/usr/bin/env bash
# One end-to-end file of the web UI (web/e2e/NAME.test.mjs) against the given rapport binary, which
# serves the UI it embeds, in Debian's Chromium. Screenshots go to build/web-artifacts/.
# A file that fails is run once more, as Playwright's own runner does on CI (`retries`): in the test
# run the browser shares two cores with the PostgreSQL functional suite, and a timing flake there is
# not a regression. A failure is never hidden: its output stays in the log, and the file is named in
# build/web-artifacts/flaky.txt, which scripts/test.sh prints at the end. Two failures fail the entry.
# Usage: tests/web_e2e.sh RAPPORT_BIN NAME
set -euo pipefail
cd "$(dirname "$0")/.."
export RAPPORT_BIN=$1
export RAPPORT_E2E_ARTIFACTS=${RAPPORT_E2E_ARTIFACTS:-$PWD/build/web-artifacts}
[ -x /usr/bin/chromium ] || { echo "Debian's chromium is missing: run scripts/install-deps.sh" >&2; exit 1; }
run() { node --test --test-reporter=spec "web/e2e/$1.test.mjs"; }
run "$2" && exit 0
echo "--- web_e2e_$2 failed; running it once more (a second failure fails the entry) ---"
if run "$2"; then outcome=passed; else outcome="failed again"; fi
mkdir -p "$RAPPORT_E2E_ARTIFACTS"
echo "web_e2e_$2 failed once, then $outcome" | tee -a "$RAPPORT_E2E_ARTIFACTS/flaky.txt"
[ "$outcome" = passed ]
