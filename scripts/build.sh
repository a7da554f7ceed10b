#!/usr/bin/env bash
# Configures and builds Rapport in Release (ccache and a precompiled header keep rebuilds short).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" "$@"
