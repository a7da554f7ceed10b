#!/usr/bin/env bash
# An online backup of a single-server Rapport (SQLite), with retention and an optional off-machine
# copy. Run by rapport-backup.service (as the rapport user) from rapport-backup.timer; safe to run by
# hand as that user: runuser -u rapport -- /usr/local/lib/rapport/backup.sh
#
#   RAPPORT_BIN               the binary (default: /usr/local/bin/rapport, else `rapport` on PATH)
#   RAPPORT_DATA              the data directory (default /var/lib/rapport)
#   RAPPORT_BACKUP_DIR        where backups go (default /var/lib/rapport-backups)
#   RAPPORT_BACKUP_KEEP_DAYS  delete backups older than this many days (default 14) ...
#   RAPPORT_BACKUP_KEEP_MIN   ... but always keep the newest this many (default 7)
#   RAPPORT_BACKUP_COPY       a shell command run with the new backup's path as $1 to copy it off
#                             this machine, e.g. 'rclone copy "$1" offsite:rapport/' or
#                             'rsync -a "$1" backup@vault.example.com:rapport/'; empty: no copy
#
# Each backup is rapport-<UTC timestamp>.db, one consistent snapshot taken with `rapport backup`
# while the server serves. The master key is never copied here: it is backed up apart (README).
# Exit status: 0 backed up (and copied), 1 anything failed; a failed copy keeps the local backup.
set -euo pipefail

bin=${RAPPORT_BIN:-}
if [ -z "$bin" ]; then
  if [ -x /usr/local/bin/rapport ]; then bin=/usr/local/bin/rapport; else bin=$(command -v rapport || true); fi
fi
data=${RAPPORT_DATA:-/var/lib/rapport}
dir=${RAPPORT_BACKUP_DIR:-/var/lib/rapport-backups}
keep_days=${RAPPORT_BACKUP_KEEP_DAYS:-14}
keep_min=${RAPPORT_BACKUP_KEEP_MIN:-7}
copy=${RAPPORT_BACKUP_COPY:-}

fail() { echo "backup: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -x "$bin" ] || fail "no rapport binary (set RAPPORT_BIN)"
[[ "$keep_days" =~ ^[0-9]+$ ]] || fail "RAPPORT_BACKUP_KEEP_DAYS must be a number of days, not '$keep_days'"
[[ "$keep_min" =~ ^[0-9]+$ ]] && [ "$keep_min" -ge 1 ] || fail "RAPPORT_BACKUP_KEEP_MIN must be 1 or more, not '$keep_min'"

umask 077
mkdir -p "$dir"
# One run at a time (a manual run beside the timer's): the second waits up to 10 minutes.
exec 9>"$dir/.lock"
flock -w 600 9 || fail "another backup is still running in $dir"
# A .partial is what `rapport backup` was writing when it was killed: never a usable backup.
find "$dir" -maxdepth 1 -name 'rapport-*.db.partial' -delete

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dir/rapport-$stamp.db"
[ -e "$out" ] && { sleep 1; stamp=$(date -u +%Y%m%dT%H%M%SZ); out="$dir/rapport-$stamp.db"; }
env -u RAPPORT_DATABASE_URL "$bin" backup --data "$data" --out "$out" >/dev/null ||
  fail "rapport backup --data $data --out $out failed"
echo "backup: wrote $out ($(stat -c %s "$out") bytes)"

# Retention: newest first by name (the timestamp); the newest keep_min always stay, older ones go
# once they are older than keep_days. Only this script's own file names are ever deleted.
mapfile -t all < <(find "$dir" -maxdepth 1 -type f -name 'rapport-????????T??????Z.db' -printf '%f\n' | sort -r)
now=$(date +%s)
removed=0
for ((i = keep_min; i < ${#all[@]}; i++)); do
  f="$dir/${all[$i]}"
  age_days=$(( (now - $(stat -c %Y "$f")) / 86400 ))
  if [ "$age_days" -ge "$keep_days" ]; then
    rm -f -- "$f"
    removed=$((removed + 1))
  fi
done
echo "backup: kept $(( ${#all[@]} - removed )) backups in $dir, removed $removed (older than $keep_days days beyond the newest $keep_min)"

if [ -n "$copy" ]; then
  sh -c "$copy" sh "$out" || fail "the off-machine copy failed (RAPPORT_BACKUP_COPY); $out is kept here"
  echo "backup: copied $out off this machine"
fi
