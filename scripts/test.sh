#!/usr/bin/env bash
# Builds Rapport and runs the whole test suite: unit tests and functional tests that start the real
# binary on free loopback ports. Installs whatever the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 300
