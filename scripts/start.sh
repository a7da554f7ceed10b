#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs `rapport serve` on http://127.0.0.1:8080
# with its data in ./rapport-data (SQLite). Extra arguments go to `rapport serve` (e.g. --demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --target rapport
exec ./build/rapport serve "$@"
