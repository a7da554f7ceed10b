#!/usr/bin/env bash
# The web UI's unit tests (Vitest, web/src/**/*.test.ts). The build has installed web/node_modules.
set -euo pipefail
cd "$(dirname "$0")/../web"
exec npx vitest run --reporter=verbose
