#!/usr/bin/env bash
# Fails when a file includes a header of a layer above its own (src/README.md: app -> modules ->
# access -> platform, nothing below calls back up). The platform knows no caller and no business:
# nothing under src/platform, its tests included, may include access/, modules/ or app/.
# Usage: check_layering.sh <source root>
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root/src"
bad=0
check() {  # <folder> <forbidden prefix>...
  local folder=$1
  shift
  local pattern
  pattern=$(printf '|%s' "$@")
  pattern="^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<](${pattern:1})/"
  if grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' "$pattern" "$folder"; then
    echo "$folder/ must not include $* (a layer above it)" >&2
    bad=1
  fi
}
check platform access modules app
check access modules app
check modules app
exit "$bad"
