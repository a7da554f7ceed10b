#!/usr/bin/env bash
# The single-server nginx site (deploy/single-server/nginx-rapport.conf with deploy/nginx/rapport-proxy.conf)
# passes `nginx -t` and does what the recipe says, in front of a real `rapport serve` configured as
# rapport.service configures it (127.0.0.1 a trusted proxy): HTTPS with a certificate (self-signed
# here, made in a temporary directory) over TLS 1.2 and 1.3 with HSTS; HTTP redirected to HTTPS;
# /metrics denied; a session cookie marked Secure (X-Forwarded-Proto arrives); the client address
# Rapport records is the one nginx saw, not a forged X-Forwarded-For; a WebSocket upgrade of
# /api/v1/ws answered 101 through the proxy. The site is used as shipped but for the certificate
# paths, the listen ports (loopback; the [::] lines dropped), the upstream port and the log,
# snippet and ACME directories. nginx runs on its own, no system service.
# Usage: deploy_nginx.sh <rapport binary>
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
nginx=""
for p in /usr/sbin/nginx /usr/local/sbin/nginx /usr/local/nginx/sbin/nginx; do [ -x "$p" ] && nginx=$p && break; done
[ -n "$nginx" ] || { echo "nginx is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
for tool in openssl curl sqlite3; do command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

work=$(mktemp -d /tmp/rapport-nginx-site-XXXXXX)
chmod 755 "$work"  # as root, nginx's workers run as nobody and must reach the files
rapport_pid="" nginx_pid=""
cleanup() {
  for pid in $nginx_pid $rapport_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/error.log "$work"/rapport.error.log "$work"/nginx.out; do [ -s "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done >&2
  exit 1
}

# A certificate for crm.example.com, as certbot would leave it.
mkdir -p "$work/tls" "$work/acme"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=crm.example.com -addext subjectAltName=DNS:crm.example.com \
  -keyout "$work/tls/privkey.pem" -out "$work/tls/fullchain.pem" 2>/dev/null

# Rapport as rapport.service runs it: loopback, nginx trusted.
RAPPORT_ADMIN_EMAIL=admin@example.com RAPPORT_ADMIN_PASSWORD=nginx-site-password-1 RAPPORT_TRUSTED_PROXIES=127.0.0.1 \
  "$bin" serve --data "$work/data" --listen 127.0.0.1:0 --port-file "$work/rapport.port" >"$work/rapport.out" 2>&1 &
rapport_pid=$!
for _ in $(seq 300); do [ -s "$work/rapport.port" ] && break; sleep 0.05; done
[ -s "$work/rapport.port" ] || fail "rapport did not start: $(tail -c 500 "$work/rapport.out")"
rport=$(cat "$work/rapport.port")

render() {  # render <http port> <https port>
  local site
  site=$(cat "$root/deploy/single-server/nginx-rapport.conf")
  local pairs=(
    "listen 80;" "listen 127.0.0.1:$1;"
    "listen [::]:80;" ""
    "listen 443 ssl http2;" "listen 127.0.0.1:$2 ssl http2;"
    "listen [::]:443 ssl http2;" ""
    "server 127.0.0.1:8080;" "server 127.0.0.1:$rport;"
    "/etc/letsencrypt/live/crm.example.com/" "$work/tls/"
    "/var/log/nginx/" "$work/"
    "/etc/nginx/snippets/" "$work/"
    "/var/www/letsencrypt" "$work/acme"
  )
  for ((i = 0; i < ${#pairs[@]}; i += 2)); do
    # A token no longer there means the site changed in a way this test does not know: fail.
    [[ "$site" == *"${pairs[i]}"* ]] || fail "nginx-rapport.conf no longer contains '${pairs[i]}'; update tests/deploy_nginx.sh"
    site=${site//"${pairs[i]}"/"${pairs[i + 1]}"}
  done
  printf '%s\n' "$site" >"$work/rapport.conf"
  cp "$root/deploy/nginx/rapport-proxy.conf" "$work/rapport-proxy.conf"
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
events { worker_connections 256; }
http {
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  default_type application/octet-stream;
  include $work/rapport.conf;
}
CONF
}

started=0
for _ in 1 2 3 4 5; do
  http_port=$((20000 + RANDOM % 20000)) https_port=$((40000 + RANDOM % 20000))
  render "$http_port" "$https_port"
  out=$("$nginx" -t -p "$work/" -e "$work/error.log" -c "$work/nginx.conf" 2>&1) || fail "nginx -t: $out"
  "$nginx" -p "$work/" -e "$work/error.log" -c "$work/nginx.conf" -g 'daemon off;' >"$work/nginx.out" 2>&1 &
  nginx_pid=$!
  for _ in $(seq 100); do
    kill -0 "$nginx_pid" 2>/dev/null || break
    curl -s -o /dev/null "http://127.0.0.1:$http_port/" && { started=1; break; }
    sleep 0.05
  done
  [ "$started" = 1 ] && break
  kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""  # a port was taken: again
done
[ "$started" = 1 ] || fail "nginx did not start"
echo "nginx -t passed; nginx serves on 127.0.0.1:$http_port and :$https_port in front of rapport on :$rport"

tls=(--resolve "crm.example.com:$https_port:127.0.0.1" --cacert "$work/tls/fullchain.pem")
base=https://crm.example.com:$https_port

# HTTPS, TLS 1.2 and 1.3, HSTS.
for v in 1.2 1.3; do
  headers=$(curl -sS -D - -o /dev/null --tlsv$v --tls-max $v "${tls[@]}" "$base/healthz") || fail "TLS $v refused"
  grep -q '^HTTP/[0-9.]* 200' <<<"$headers" || fail "GET /healthz over TLS $v: $headers"
  grep -qi '^strict-transport-security: max-age=63072000' <<<"$headers" || fail "no HSTS over TLS $v: $headers"
done
echo "ok: HTTPS over TLS 1.2 and 1.3 with HSTS"

# HTTP sends the client to HTTPS.
loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Host: crm.example.com' "http://127.0.0.1:$http_port/api/v1/contacts?limit=5")
[ "$loc" = "301 https://crm.example.com/api/v1/contacts?limit=5" ] || fail "HTTP is not redirected to HTTPS: $loc"
echo "ok: HTTP redirects to HTTPS"

# /metrics: served by rapport, denied by nginx.
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rport/metrics")" = 200 ] || fail "rapport does not serve /metrics"
[ "$(curl -s -o /dev/null -w '%{http_code}' "${tls[@]}" "$base/metrics")" = 403 ] || fail "/metrics is public through nginx"
echo "ok: /metrics denied at nginx"

# X-Forwarded-Proto: a browser session's cookie is Secure.
login='{"email":"admin@example.com","password":"nginx-site-password-1","cookie":true}'
headers=$(curl -sS -D - -o /dev/null "${tls[@]}" -H 'Content-Type: application/json' -d "$login" "$base/api/v1/auth/login")
grep -i '^set-cookie: rapport_session=' <<<"$headers" | grep -q '; Secure' || fail "the session cookie is not Secure: $headers"
echo "ok: session cookie Secure behind TLS"

# X-Forwarded-For: a failed sign-in is throttled under the address nginx saw (curl connects from
# 127.0.0.2), not the address the client forged.
bad='{"email":"admin@example.com","password":"not-the-password-123"}'
curl -sS -o /dev/null --interface 127.0.0.2 "${tls[@]}" -H 'X-Forwarded-For: 203.0.113.7' -H 'Content-Type: application/json' \
  -d "$bad" "$base/api/v1/auth/login"
keys=$(sqlite3 "file:$work/data/rapport.db?mode=ro" "SELECT DISTINCT key FROM login_failures WHERE key LIKE 'ip:%'")
[ "$keys" = "ip:127.0.0.2" ] || fail "the failed sign-in was recorded under '$keys', expected ip:127.0.0.2"
echo "ok: client address from X-Forwarded-For as appended by nginx"

# WebSocket through nginx (HTTP/1.1; browsers open WebSockets that way next to HTTP/2).
token=$(curl -sS "${tls[@]}" -H 'Content-Type: application/json' \
  -d '{"email":"admin@example.com","password":"nginx-site-password-1"}' "$base/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "no token from sign-in"
status=$(curl -s --http1.1 -o /dev/null -w '%{http_code}' --max-time 2 "${tls[@]}" -H "Authorization: Bearer $token" \
  -H 'Origin: https://crm.example.com' -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
  -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$base/api/v1/ws" || true)
[ "$status" = 101 ] || fail "the WebSocket upgrade through nginx answered $status"
echo "ok: WebSocket upgrade of /api/v1/ws through nginx"
echo "PASS"
