#!/usr/bin/env bash
# The systemd units shipped in deploy/ pass `systemd-analyze verify` with no complaint at all (an
# unknown or misspelt directive is only a warning there, so any output fails), and the single-server
# services keep their hardening: `systemd-analyze security --offline` rates each at most 2.0 ("OK").
# The units are checked as shipped, except that the programs they start (/usr/local/bin/rapport and
# the scripts under /usr/local/lib/rapport/) are replaced by the built binary and the scripts in
# deploy/single-server/: verify insists that they exist and are executable.
# Usage: deploy_units.sh <rapport binary>
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (Debian package systemd; scripts/install-deps.sh)" >&2; exit 1; }
work=$(mktemp -d /tmp/rapport-units-XXXXXX)
trap 'rm -rf "$work"' EXIT

units=("$root"/deploy/single-server/*.service "$root"/deploy/single-server/*.timer "$root"/deploy/systemd/*.service)
for u in "${units[@]}"; do
  sed -e "s#/usr/local/bin/rapport#$bin#g" \
      -e "s#/usr/local/lib/rapport/\([a-z-]*\.sh\)#$root/deploy/single-server/\1#g" "$u" > "$work/$(basename "$u")"
done
# The scripts must be executable in the source tree as they are once installed.
for s in "$root"/deploy/single-server/*.sh; do [ -x "$s" ] || { echo "$s is not executable" >&2; exit 1; }; done

cd "$work"
# An instance of the template (rapport@.service) is what gets verified.
names=()
for u in *; do
  case "$u" in *@.service) names+=("${u%@.service}@8081.service") ;; *) names+=("$u") ;; esac
done
ln -s rapport@.service rapport@8081.service
out=$(systemd-analyze verify "${names[@]/#/./}" 2>&1) || { echo "$out"; echo "systemd-analyze verify failed" >&2; exit 1; }
if [ -n "$out" ]; then
  echo "$out"
  echo "systemd-analyze verify complained about the units above" >&2
  exit 1
fi
echo "verify: ${names[*]}: no complaint"

for u in "$root"/deploy/single-server/*.service; do
  n=$(basename "$u")
  if ! systemd-analyze security --offline=yes --threshold=20 "./$n" > "$work/security.out" 2>&1; then
    cat "$work/security.out"
    echo "$n: exposure above 2.0; keep the hardening of deploy/single-server/README.md" >&2
    exit 1
  fi
  echo "security: $(tail -n 1 "$work/security.out")"
done
