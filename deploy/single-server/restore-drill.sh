#!/usr/bin/env bash
# Restore drill: proves that the newest backup can be restored and served. It copies the newest
# rapport-*.db of the backup directory into a scratch directory (the backup itself is never
# touched), checks the SQLite file's integrity, counts the live records of every workspace in it,
# opens it with the master key kept apart (a wrong or missing key fails here: the database's sealed
# check value must decrypt), starts `rapport serve` on a free loopback port on it, and asks the
# running server through the API for the same counts. Prints PASS or FAIL; exits 0 or 1.
#
#   RAPPORT_BIN                the binary (default: /usr/local/bin/rapport, else `rapport` on PATH)
#   RAPPORT_BACKUP_DIR         where backup.sh writes (default /var/lib/rapport-backups)
#   RAPPORT_DRILL_BACKUP       a backup file to drill instead of the newest one
#   RAPPORT_MASTER_KEY_FILE    the master key (default: the systemd credential master.key when run
#                              by rapport-restore-drill.service, else /etc/rapport/master.key);
#                              RAPPORT_MASTER_KEY, when set, wins as it does for rapport itself
#   RAPPORT_DRILL_MAX_AGE_HOURS  fail when the newest backup is older (default 36; 0: no check)
#   RAPPORT_DRILL_SCRATCH      parent of the scratch directory (default ${TMPDIR:-/tmp}); removed after
#
# Needs sqlite3, curl and jq. Runs as root or as the rapport user; writes only the scratch directory.
set -uo pipefail

bin=${RAPPORT_BIN:-}
if [ -z "$bin" ]; then
  if [ -x /usr/local/bin/rapport ]; then bin=/usr/local/bin/rapport; else bin=$(command -v rapport || true); fi
fi
backups=${RAPPORT_BACKUP_DIR:-/var/lib/rapport-backups}
max_age_h=${RAPPORT_DRILL_MAX_AGE_HOURS:-36}
key_file=${RAPPORT_MASTER_KEY_FILE:-}
if [ -z "$key_file" ]; then
  if [ -n "${CREDENTIALS_DIRECTORY:-}" ] && [ -e "$CREDENTIALS_DIRECTORY/master.key" ]; then
    key_file=$CREDENTIALS_DIRECTORY/master.key
  else
    key_file=/etc/rapport/master.key
  fi
fi
objects=(companies contacts deals leads activities products)

scratch=""
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  [ -n "$scratch" ] && rm -rf -- "$scratch"
}
trap cleanup EXIT
fail() {
  echo "restore drill: FAIL: $*"
  exit 1
}

for tool in sqlite3 curl jq; do command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install $tool)"; done
[ -n "$bin" ] && [ -x "$bin" ] || fail "no rapport binary (set RAPPORT_BIN)"
[[ "$max_age_h" =~ ^[0-9]+$ ]] || fail "RAPPORT_DRILL_MAX_AGE_HOURS must be a number of hours, not '$max_age_h'"

# 1. The newest backup, and its age.
backup=${RAPPORT_DRILL_BACKUP:-}
if [ -z "$backup" ]; then
  backup=$(find "$backups" -maxdepth 1 -type f -name 'rapport-????????T??????Z.db' 2>/dev/null | sort | tail -n 1)
  [ -n "$backup" ] || fail "no backup (rapport-<timestamp>.db) in $backups"
fi
[ -r "$backup" ] || fail "cannot read $backup"
age_h=$(( ($(date +%s) - $(stat -c %Y "$backup")) / 3600 ))
echo "restore drill: backup $backup ($(stat -c %s "$backup") bytes, $age_h h old)"
if [ "$max_age_h" -gt 0 ] && [ "$age_h" -ge "$max_age_h" ]; then
  fail "the newest backup is $age_h hours old (limit RAPPORT_DRILL_MAX_AGE_HOURS=$max_age_h): are backups running?"
fi

# 2. A scratch copy, checked page by page.
umask 077
scratch=$(mktemp -d "${RAPPORT_DRILL_SCRATCH:-${TMPDIR:-/tmp}}/rapport-drill-XXXXXX") || fail "cannot make a scratch directory"
mkdir "$scratch/data"
db=$scratch/data/rapport.db
cp -- "$backup" "$db" || fail "cannot copy $backup"
# SQLite 3.40 (Debian bookworm) reports "NULL value in T.C" for NOT NULL columns of some WITHOUT
# ROWID tables that hold no NULL (record_counts.live); such a line counts only if a query finds one.
problems=""
while IFS= read -r line; do
  [ "$line" = ok ] && continue
  if [[ "$line" =~ ^NULL\ value\ in\ ([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$ ]] &&
     [ "$(sqlite3 "$db" "SELECT count(*) FROM ${BASH_REMATCH[1]} WHERE ${BASH_REMATCH[2]} IS NULL" 2>&1)" = 0 ]; then
    continue
  fi
  problems+="$line; "
done < <(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
[ -z "$problems" ] || fail "the backup is damaged: PRAGMA integrity_check says: $(head -c 400 <<<"$problems")"

# 3. What the backup holds: live records per workspace and object, read from the file itself.
sql() { sqlite3 -batch -noheader "$db" "$1"; }
has_table() { [ "$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '$1'")" = 1 ]; }
mapfile -t workspaces < <(sql "SELECT id FROM workspaces ORDER BY created_at, id")
[ ${#workspaces[@]} -gt 0 ] || fail "the backup has no workspace"
declare -A expected
for ws in "${workspaces[@]}"; do
  [[ "$ws" =~ ^[A-Za-z0-9_-]+$ ]] || fail "unexpected workspace id '$ws'"
  for o in "${objects[@]}"; do
    if has_table "$o"; then
      expected[$ws/$o]=$(sql "SELECT count(*) FROM $o WHERE workspace_id = '$ws' AND deleted_at IS NULL")
    else
      expected[$ws/$o]=0  # a backup older than the object: the restored server has none either
    fi
  done
done

# 4. The master key must open the backup's secrets. Outside systemd the key file is root's, so its
# text is handed over in the environment (never on a command line, where `ps` would show it).
if [ -z "${RAPPORT_MASTER_KEY:-}" ]; then
  [ -r "$key_file" ] || fail "cannot read the master key file $key_file (set RAPPORT_MASTER_KEY_FILE)"
  RAPPORT_MASTER_KEY=$(cat -- "$key_file")
fi
export RAPPORT_MASTER_KEY
unset RAPPORT_MASTER_KEY_FILE RAPPORT_DATABASE_URL RAPPORT_LISTEN RAPPORT_ADMIN_EMAIL RAPPORT_ADMIN_PASSWORD
export RAPPORT_DATA=$scratch/data

# 5. An API key per workspace in the scratch copy, for an active admin (one with MFA on first, so a
# policy that requires MFA of admins does not refuse the key). This opens the database with the key.
mfa_first="0"
has_table user_mfa && mfa_first="EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.enabled = 1)"
declare -A api_key
for ws in "${workspaces[@]}"; do
  name=$(sql "SELECT name FROM workspaces WHERE id = '$ws'")
  admin=$(sql "SELECT email FROM users u WHERE u.workspace_id = '$ws' AND u.active = 1 AND u.role = 'admin'
               ORDER BY $mfa_first DESC, u.created_at, u.id LIMIT 1")
  [ -n "$admin" ] || fail "workspace $ws has no active admin to check it with"
  out=$("$bin" apikey create --data "$scratch/data" --workspace "$name" --user "$admin" --name "restore drill" 2>&1)
  key=$(grep -oE 'rpk_[A-Za-z0-9_-]+' <<<"$out" | tail -n 1)
  [ -n "$key" ] || fail "rapport cannot open the restored database: $out"
  api_key[$ws]=$key
done

# 6. A server on the copy, on a free loopback port.
"$bin" serve --data "$scratch/data" --listen 127.0.0.1:0 --port-file "$scratch/port" --no-access-log \
  >"$scratch/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 600); do
  kill -0 "$server_pid" 2>/dev/null || { wait "$server_pid"; server_pid=""; fail "rapport serve on the restored copy exited: $(tail -c 600 "$scratch/serve.log")"; }
  [ -s "$scratch/port" ] && port=$(cat "$scratch/port") && curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
  port=""
  sleep 0.1
done
[ -n "$port" ] || fail "rapport serve on the restored copy was not ready within 60 s: $(tail -c 600 "$scratch/serve.log")"
version=$(curl -fs "http://127.0.0.1:$port/healthz" | jq -r '.version // "?"')

# 7. The server's counts (its live counts, through the API) against the file's.
checked=0
for ws in "${workspaces[@]}"; do
  for o in "${objects[@]}"; do
    body=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer ${api_key[$ws]}" \
      "http://127.0.0.1:$port/api/v1/$o?limit=1&count=true")
    status=${body##*$'\n'}
    body=${body%$'\n'*}
    [ "$status" = 200 ] || fail "GET /api/v1/$o of workspace $ws answered $status: $(head -c 300 <<<"$body")" \
      "(the drill signs in as an active admin of each workspace; under a policy requiring MFA of admins, one must have it)"
    total=$(jq -r '.total' <<<"$body")
    [ "$total" = "${expected[$ws/$o]}" ] ||
      fail "workspace $ws: the backup holds ${expected[$ws/$o]} $o, the restored server reports $total"
    checked=$((checked + 1))
  done
done

summary=""
for o in "${objects[@]}"; do
  n=0
  for ws in "${workspaces[@]}"; do n=$((n + expected[$ws/$o])); done
  summary+="$n $o, "
done
echo "restore drill: PASS: $(basename "$backup") restored and served by rapport $version with its master key;" \
  "${#workspaces[@]} workspace(s): ${summary%, } (the server's counts equal the file's, $checked checks)"
