#!/usr/bin/env bash
# Installs every Debian package Rapport needs to build, run, test and benchmark.
# Safe to run again: it does nothing when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-thread1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libphonenumber-dev libjemalloc-dev libgtest-dev libgmock-dev
  wrk bc
)

# Node.js runs the OpenAPI linter in the test suite (tools/package.json).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}" rapport-boost-thread-shim; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
install_node_tools() {
  if [ ! -x tools/node_modules/.bin/redocly ]; then
    (cd tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  install_node_tools
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run this script as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

# Debian bookworm's libphonenumber-dev depends on libboost-thread-dev, which means Boost 1.74 and
# conflicts with the Boost 1.81 headers Rapport builds with. libphonenumber itself does not use Boost
# at run time (its singletons are the POSIX ones), so a tiny local package that provides
# libboost-thread-dev through libboost-thread1.81-dev lets both install side by side.
apt-get install -y -qq libboost1.81-dev libboost-thread1.81-dev >/dev/null
if ! dpkg-query -W -f='${Status}' rapport-boost-thread-shim 2>/dev/null | grep -q "install ok installed"; then
  shim=$(mktemp -d)
  mkdir -p "$shim/pkg/DEBIAN"
  cat > "$shim/pkg/DEBIAN/control" <<'CTRL'
Package: rapport-boost-thread-shim
Version: 1.81.0
Architecture: all
Maintainer: Rapport developers <dev@rapport.invalid>
Provides: libboost-thread-dev
Depends: libboost-thread1.81-dev
Description: lets libphonenumber-dev install beside Boost 1.81
CTRL
  dpkg-deb --build "$shim/pkg" "$shim/rapport-boost-thread-shim.deb" >/dev/null
  apt-get install -y -qq "$shim/rapport-boost-thread-shim.deb" >/dev/null
  rm -rf "$shim"
fi
apt-get install -y -qq "${packages[@]}" >/dev/null
install_node_tools
echo "install-deps: installed ${missing[*]}"
