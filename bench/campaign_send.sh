#!/usr/bin/env bash
# Sending a campaign to N recipients (default 10,000) through the local SMTP sink
# (scripts/smtp-server.sh, Debian's python3-aiosmtpd) on SQLite or PostgreSQL: from POST .../send
# to the campaign `sent`, every recipient settled (the freeze included, a small part), and the
# messages the sink received. The contacts are `rapport generate`'s with an address, each granted
# email_marketing consent, all in one static list; rate_per_minute 100,000 (the batches are not
# spaced). Compare builds with BENCH_BIN=/path/to/an/earlier/rapport.
# Writes bench/results/campaign-send-<engine>.md.
# Usage: bash bench/campaign_send.sh [--engine sqlite|postgres] [--recipients N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; recipients=10000; data=""; database=""
bench_args "engine recipients data database" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin rapport-bench-campaign-send
bench_database "$engine" "$data" "$database"
bench_workspace
# generate gives some contacts no address: ask for more, the list takes the first N with one.
"$bin" generate --contacts $((recipients * 5 / 4)) --deals 0 --workspace Bench "${db_args[@]}" >/dev/null
ws=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
list=01900000-0000-7000-8000-00000000c002
sql "INSERT INTO marketing_lists(id, workspace_id, name, name_key, created_at, updated_at)
     VALUES ('$list', '$ws', 'Send', 'send', '$now', '$now')" >/dev/null
sql "INSERT INTO marketing_list_members(workspace_id, list_id, contact_id, added_at)
     SELECT workspace_id, '$list', id, '$now' FROM contacts WHERE workspace_id = '$ws' AND deleted_at IS NULL
     AND email IS NOT NULL AND email <> '' ORDER BY id LIMIT $recipients" >/dev/null
sql "INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, recorded_at)
     SELECT contact_id || '-consent', workspace_id, contact_id, 'email_marketing', 'granted', 'bench', '$now'
     FROM marketing_list_members WHERE list_id = '$list'" >/dev/null
members=$(sql "SELECT count(*) FROM marketing_list_members WHERE list_id = '$list'")

mkdir -p "$work/smtp"
smtp_port=$(bash scripts/smtp-server.sh start "$work/smtp")
trap 'bash scripts/smtp-server.sh stop "$work/smtp" >/dev/null 2>&1 || true; bench_end' EXIT
token=$(bench_token "campaign-send-$RANDOM")
bench_serve --no-access-log --webhook-allow-host 127.0.0.1 --public-url https://bench.example

api PUT /api/v1/email/settings "{\"host\": \"127.0.0.1\", \"port\": $smtp_port, \"security\": \"none\", \"sender\": \"news@bench.example\"}" >/dev/null
id=$(api POST /api/v1/campaigns "{\"name\": \"Send\", \"subject\": \"Hi {{contact.first_name}}\",
  \"html\": \"<p>Hello {{contact.first_name}}, <a href=\\\"https://shop.example/spring\\\">spring</a></p>\",
  \"audience\": {\"list_ids\": [\"$list\"]}, \"rate_per_minute\": 100000}" | json_field id)
start=$(date +%s.%N)
api POST "/api/v1/campaigns/$id/send" '{}' >/dev/null
status=scheduled
for _ in $(seq 1 6000); do  # up to 20 minutes
  status=$(api GET "/api/v1/campaigns/$id" | json_field status)
  [ "$status" = sent ] || [ "$status" = paused ] && break
  sleep 0.2
done
end=$(date +%s.%N)
report=$(api GET "/api/v1/campaigns/$id/report")
sent=$(echo "$report" | json_field counts sent)
failed=$(echo "$report" | json_field counts failed)
received=$(find "$work/smtp/messages" -type f -name '*.eml' 2>/dev/null | wc -l)
seconds=$(python3 -c "print(round($end - $start, 1))")
rate=$(python3 -c "print(round($sent / ($end - $start)))")
{
  echo "| engine | recipients | status | sent | failed | received by the sink | POST send to sent, s | messages/s |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $engine | $members | $status | $sent | $failed | $received | $seconds | $rate |"
  echo
  echo "- binary: $bin ($("$bin" --version 2>/dev/null | head -1))"
  echo "- $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/campaign-send-$engine.md"
