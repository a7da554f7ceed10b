#!/usr/bin/env bash
# Installs every Debian package Rapport needs to build, run, test and benchmark.
# Safe to run again: it does nothing when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-thread1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libphonenumber-dev libjemalloc-dev libgtest-dev libgmock-dev libre2-dev libicu-dev libcurl4-openssl-dev libgmime-3.0-dev
  # XLSX exports deflate their ZIP entries as the rows come (platform/export/zip_stream.cpp)
  zlib1g-dev
  # workbooks written by another library, read by the XLSX import's tests and benchmark
  libxlsxwriter-dev
  # the lead and deal scoring models, their tree SHAP explanations (src/modules/scoring)
  libxgboost-dev
  # XLSX imports (modules/imports/xlsx_reader.cpp): the ZIP and the XML of a workbook
  libzip-dev libexpat1-dev
  wrk bc nginx prometheus oathtool linux-perf
  # systemd-analyze checks the units in deploy/; jq and sqlite3 run the restore drill
  systemd jq
  # the email tests send to a local SMTP server (scripts/smtp-server.sh)
  python3-aiosmtpd
  # the web UI's end-to-end tests drive Debian's Chromium with playwright-core
  chromium
  # scripts/fuzz.sh: libFuzzer with ASan and UBSan
  clang libclang-rt-14-dev
)

# Node.js runs the OpenAPI linter and the validator of recorded answers in the test suite
# (tools/package.json).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}" rapport-boost-thread-shim; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
install_node_tools() {
  if [ ! -x tools/node_modules/.bin/redocly ] || [ ! -f tools/node_modules/ajv/dist/2020.js ] ||
     [ ! -f tools/node_modules/ajv-formats/dist/index.js ]; then
    (cd tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# nginx and prometheus are only binaries for the tests: the multi-node test
# (tests/functional/multinode_test.cpp) runs its own nginx on a loopback port with a configuration and
# paths in a temporary directory, and the metrics test runs `promtool check metrics` on /metrics. Their
# packages' postinst would start a system nginx on port 80 and a Prometheus server on 9090: a
# policy-rc.d that denies service starts covers the install (an existing one, as in Docker images, is
# left alone), and whatever started anyway is stopped, so no such service is left running.
# Prometheus goes in without its recommended exporters, which would be services too.
install_without_service() {
  local pkg=$1
  shift
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" && return 0
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# rapport install-deps: no service starts while packages install\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    created=1
  fi
  apt-get install -y -qq "$@" "$pkg" >/dev/null || { [ $created -eq 1 ] && rm -f "$policy"; return 1; }
  [ $created -eq 1 ] && rm -f "$policy"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$pkg" >/dev/null 2>&1 || true
  fi
  case "$pkg" in
    nginx)
      if [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
        /usr/sbin/nginx -s quit 2>/dev/null || true
      fi ;;
    prometheus)
      # Without systemd the init script may have started it: stop that one (and only that one).
      if [ -x /etc/init.d/prometheus ]; then /etc/init.d/prometheus stop >/dev/null 2>&1 || true; fi ;;
  esac
  return 0
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
install_without_service nginx
install_without_service prometheus --no-install-recommends
apt-get install -y -qq "${packages[@]}" >/dev/null
install_node_tools
echo "install-deps: installed ${missing[*]}"
