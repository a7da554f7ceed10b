#!/usr/bin/env bash
# Freezing a campaign's audience (campaign.freeze: one INSERT ... SELECT of every recipient, the
# campaign's start and its first send job in one transaction) at N contacts (default 100,000; the
# target is under 10 s) on SQLite or PostgreSQL. The contacts are `rapport generate`'s; the audience
# is a segment holding every contact ({}), and a static list of every contact excluded from another
# campaign's run (so the exclusion path is measured too). The SMTP server is 127.0.0.1 on a port
# nobody listens on and the campaign is paused at once: nothing is mailed. Figures: the freeze job's
# own time (its started_at to finished_at), and from POST .../send to the recipients counted.
# Writes bench/results/campaigns-<engine>.md.
# Usage: bash bench/campaigns.sh [--engine sqlite|postgres] [--contacts N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; contacts=100000; data=""; database=""
bench_args "engine contacts data database" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bench_begin rapport-bench-campaigns
bench_database "$engine" "$data" "$database"
bench_workspace
"$bin" generate --contacts "$contacts" --deals 0 --workspace Bench "${db_args[@]}" >/dev/null
ws=$(sql "SELECT id FROM workspaces WHERE name = 'Bench'")
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
sql "INSERT INTO marketing_lists(id, workspace_id, name, name_key, created_at, updated_at)
     VALUES ('01900000-0000-7000-8000-00000000c001', '$ws', 'Everyone', 'everyone', '$now', '$now')" >/dev/null
sql "INSERT INTO marketing_list_members(workspace_id, list_id, contact_id, added_at)
     SELECT workspace_id, '01900000-0000-7000-8000-00000000c001', id, '$now' FROM contacts WHERE workspace_id = '$ws'" >/dev/null
sql "ANALYZE" >/dev/null
contacts=$(sql "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
with_email=$(sql "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND email IS NOT NULL AND email <> ''")
token=$(bench_token "campaigns-$RANDOM")
# A campaign is sent only with a public URL (its unsubscribe link): none is reached here.
bench_serve --no-access-log --webhook-allow-host 127.0.0.1 --public-url https://bench.example

api PUT /api/v1/email/settings '{"host": "127.0.0.1", "port": 9, "security": "none", "sender": "news@bench.example"}' >/dev/null
segment=$(api POST /api/v1/segments '{"name": "Everyone", "filter": {}}' | json_field id)

# freeze NAME AUDIENCE -> "recipients job_ms request_ms"
freeze() {
  local id start end rec
  id=$(api POST /api/v1/campaigns "{\"name\": \"$1\", \"subject\": \"Hi {{contact.first_name}}\", \"text\": \"Hello\", \"audience\": $2}" | json_field id)
  start=$(date +%s.%N)
  api POST "/api/v1/campaigns/$id/send" '{}' >/dev/null
  for _ in $(seq 1 3000); do  # frozen: the campaign is no longer scheduled
    [ "$(api GET "/api/v1/campaigns/$id" | json_field status)" != scheduled ] && break
    sleep 0.02
  done
  end=$(date +%s.%N)
  rec=$(api GET "/api/v1/campaigns/$id/report" | json_field recipients)
  api POST "/api/v1/campaigns/$id/pause" '{}' >/dev/null || true
  local job_ms
  job_ms=$(sql "SELECT started_at, finished_at FROM jobs WHERE type = 'campaign.freeze' AND payload LIKE '%$id%'" | python3 -c '
import sys, datetime
s, f = sys.stdin.read().split()
p = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
print(round((p(f) - p(s)).total_seconds() * 1000))')
  echo "$rec $job_ms $(python3 -c "print(round(($end - $start) * 1000))")"
}
read -r r1 job1 req1 < <(freeze "All, by segment" "{\"segment_ids\": [\"$segment\"]}")
read -r r2 job2 req2 < <(freeze "All by list, less the segment's" "{\"list_ids\": [\"01900000-0000-7000-8000-00000000c001\"], \"segment_ids\": [\"$segment\"], \"exclude_list_ids\": [\"01900000-0000-7000-8000-00000000c001\"]}")
{
  echo "| audience | recipients frozen | freeze job ms | POST send to counted ms |"
  echo "|---|---|---|---|"
  echo "| a segment of every contact ({}) | $r1 | $job1 | $req1 |"
  echo "| a segment or a list of every contact, less that list (nobody) | $r2 | $job2 | $req2 |"
  echo
  echo "- $engine, $contacts contacts ($with_email with an address); one INSERT ... SELECT in the freeze job's transaction"
  echo "- $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/campaigns-$engine.md"
