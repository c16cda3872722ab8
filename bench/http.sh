#!/usr/bin/env bash
# HTTP benchmark: cloudweave vs nginx serving the same health bytes, on loopback.
#
#   bench/http.sh            (after `make build`)
#
# Starts build/cloudweave on a free port (fresh data dir, SQLite, CLOUDWEAVE_RATE_LIMIT=0),
# measures its idle RSS, registers a user for a token, starts nginx (Debian nginx-light) on a
# free port serving a file with exactly the bytes of GET /api/v1/health, then runs wrk against
#   1. nginx static file          2. GET /api/v1/health          3. GET /api/v1/auth/me (Bearer)
# and prints req/s, p99, the ratios to nginx and the issue's targets. Cleans up everything.
#
# With BENCH_RESOURCES=N (e.g. 100000) it also connects a simulated account of N resources,
# waits for its sync, and measures GET /api/v1/resources?limit=50 with a filter and a sort
# (32 connections) against nginx serving a static file of the same size, plus the server's RSS.
#
# Environment: CLOUDWEAVE_BIN (default build/cloudweave), BENCH_DURATION (10s),
# BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_WARMUP (2s, 0 to skip),
# BENCH_KEEP=1 keeps the temp dir for inspection.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CLOUDWEAVE_BIN:-$repo/build/cloudweave}
duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNECTIONS:-64}
warmup=${BENCH_WARMUP:-2s}

die() { echo "bench/http.sh: $*" >&2; exit 1; }

[ -x "$bin" ] || die "no server binary at $bin (run \`make build\` or set CLOUDWEAVE_BIN)"
command -v wrk >/dev/null || die "wrk not found (Debian package 'wrk'; scripts/install-deps installs it)"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || die "nginx not found (Debian package 'nginx-light'; scripts/install-deps installs it)"
command -v curl >/dev/null || die "curl not found"
command -v node >/dev/null || die "node not found"

tmp=$(mktemp -d /tmp/cloudweave-bench.XXXXXX)
server_pid=""
nginx_pid_file="$tmp/nginx/nginx.pid"

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ -s "$nginx_pid_file" ]; then
    local np; np=$(cat "$nginx_pid_file")
    kill -QUIT "$np" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$np" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$np" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# --- cloudweave ------------------------------------------------------------------------------
mkdir -p "$tmp/data"
CLOUDWEAVE_RATE_LIMIT=0 CLOUDWEAVE_LOG_LEVEL=${CLOUDWEAVE_LOG_LEVEL:-warn} \
  "$bin" serve --host 127.0.0.1 --port 0 --data-dir "$tmp/data" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
base=""
for _ in $(seq 1 300); do
  base=$(sed -n 's/.*listening on \(http:\/\/[^ /]*\).*/\1/p' "$tmp/server.out" | head -n 1)
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; die "server exited during start-up"; }
  sleep 0.1
done
[ -n "$base" ] || { tail -n 20 "$tmp/server.err" >&2; die "server did not print 'listening on' within 30 s"; }

# Idle RSS, before any load (after a moment to settle).
sleep 1
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")

curl -fsS -o "$tmp/health.json" "$base/api/v1/health" || die "GET /api/v1/health failed"
email="bench-$(date +%s)-$$@example.com"
curl -fsS -o "$tmp/register.json" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"name\":\"Bench\",\"password\":\"bench-password-123\"}" \
  "$base/api/v1/auth/register" || die "register failed"
token=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).data.accessToken)' "$tmp/register.json") ||
  die "no accessToken in the register response"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/auth/me")
[ "$code" = 200 ] || die "GET /api/v1/auth/me with the token gave HTTP $code"

# --- nginx -----------------------------------------------------------------------------------
nginx_port=$(free_port)
mkdir -p "$tmp/nginx/www" "$tmp/nginx/tmp"
cp "$tmp/health.json" "$tmp/nginx/www/health.json"
chmod -R a+rX "$tmp"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $nginx_pid_file;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/nginx/www;
    location = /health.json { default_type application/json; }
  }
}
CONF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" ||
  { cat "$tmp/nginx/error.log" >&2; die "nginx did not start"; }
for _ in $(seq 1 50); do [ -s "$nginx_pid_file" ] && break; sleep 0.1; done
nginx_url="http://127.0.0.1:$nginx_port/health.json"
cmp -s <(curl -fsS "$nginx_url") "$tmp/health.json" || die "nginx does not serve the health bytes"

# --- wrk -------------------------------------------------------------------------------------
# run NAME URL [wrk args…] → writes $tmp/NAME.wrk
run() {
  local name=$1 url=$2; shift 2
  if [ "$warmup" != 0 ]; then wrk -t"$threads" -c"$conns" -d"$warmup" "$@" "$url" >/dev/null 2>&1 || true; fi
  wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" "$url" >"$tmp/$name.wrk" 2>&1 ||
    { cat "$tmp/$name.wrk" >&2; die "wrk failed for $name"; }
}
# Parses a wrk report: prints "req_per_s p99_ms non2xx errors".
parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { errs = $0; sub(/.*Socket errors: /, "", errs); gsub(/ /, "", errs) }
    END { printf "%s %.3f %d %s\n", rps, p99, non2xx + 0, (errs == "" ? "-" : errs) }
  ' "$tmp/$1.wrk"
}

echo "benchmark: wrk -t$threads -c$conns -d$duration --latency on $(nproc) cores (warm-up $warmup)"
run nginx "$nginx_url"
run health "$base/api/v1/health"
TOKEN=$token run me "$base/api/v1/auth/me" -s "$repo/bench/auth.lua"

if [ -n "${BENCH_RESOURCES:-}" ]; then
  # --- inventory listing over N resources ------------------------------------------------------
  curl -fsS -o "$tmp/account.json" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    -d "{\"provider\":\"simulated\",\"name\":\"bench\",\"credentials\":{\"scenario\":\"enterprise\",\"seed\":1,\"resourceCount\":$BENCH_RESOURCES}}" \
    "$base/api/v1/providers" || die "creating the simulated account failed"
  account=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).data.id)' "$tmp/account.json")
  sync_start=$(date +%s.%N)
  for _ in $(seq 1 3600); do
    count=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/providers/$account" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s).data;console.log(a.status==="connected"?a.resourceCount:0)})')
    [ "$count" = "$BENCH_RESOURCES" ] && break
    sleep 0.5
  done
  [ "$count" = "$BENCH_RESOURCES" ] || die "the sync of $BENCH_RESOURCES resources did not finish"
  sync_s=$(awk -v a="$sync_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  list_path="/api/v1/resources?limit=50&type=server&sort=-monthlyCost"
  curl -fsS -o "$tmp/nginx/www/resources.json" -H "Authorization: Bearer $token" "$base$list_path"
  chmod a+r "$tmp/nginx/www/resources.json"
  list_conns=${BENCH_LIST_CONNECTIONS:-32}
  conns_saved=$conns; conns=$list_conns
  run nginx_list "http://127.0.0.1:$nginx_port/resources.json"
  TOKEN=$token run list "$base$list_path" -s "$repo/bench/auth.lua"
  conns=$conns_saved
  loaded_rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
fi

read -r n_rps n_p99 n_bad n_err < <(parse nginx)
read -r h_rps h_p99 h_bad h_err < <(parse health)
read -r m_rps m_p99 m_bad m_err < <(parse me)
busy_rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=" ? v >= t : v < t); print (ok ? "ok" : "MISSED") }'; }
h_ratio=$(ratio "$h_rps" "$n_rps")
m_ratio=$(ratio "$m_rps" "$n_rps")
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
busy_mb=$(awk -v k="$busy_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')

printf '\n%-28s %12s %10s %9s %s\n' "target" "req/s" "p99 (ms)" "non-2xx" "socket errors"
printf '%-28s %12.0f %10.3f %9d %s\n' "nginx static health.json" "$n_rps" "$n_p99" "$n_bad" "$n_err"
printf '%-28s %12.0f %10.3f %9d %s\n' "GET /api/v1/health" "$h_rps" "$h_p99" "$h_bad" "$h_err"
printf '%-28s %12.0f %10.3f %9d %s\n' "GET /api/v1/auth/me (JWT)" "$m_rps" "$m_p99" "$m_bad" "$m_err"
echo
printf '%-34s %8s   target %-8s %s\n' "health / nginx" "$h_ratio" ">= 0.8" "$(verdict "$h_ratio" 0.8 '>=')"
printf '%-34s %8s   target %-8s %s\n' "auth/me / nginx" "$m_ratio" ">= 0.5" "$(verdict "$m_ratio" 0.5 '>=')"
printf '%-34s %8s   target %-8s %s\n' "p99 health (ms)" "$h_p99" "< 5" "$(verdict "$h_p99" 5 '<')"
printf '%-34s %8s   target %-8s %s\n' "p99 auth/me (ms)" "$m_p99" "< 5" "$(verdict "$m_p99" 5 '<')"
printf '%-34s %8s   target %-8s %s\n' "idle RSS (MB, before load)" "$rss_mb" "< 30" "$(verdict "$rss_mb" 30 '<')"
printf '%-34s %8s\n' "RSS after load (MB)" "$busy_mb"
if [ -n "${BENCH_RESOURCES:-}" ]; then
  read -r nl_rps nl_p99 nl_bad nl_err < <(parse nginx_list)
  read -r l_rps l_p99 l_bad l_err < <(parse list)
  l_ratio=$(ratio "$l_rps" "$nl_rps")
  echo
  echo "inventory: $BENCH_RESOURCES simulated resources, synced in ${sync_s}s (create → connected, via the API)"
  printf '%-28s %12s %10s %9s %s
' "target ($list_conns connections)" "req/s" "p99 (ms)" "non-2xx" "socket errors"
  printf '%-28s %12.0f %10.3f %9d %s\n' "nginx static, same bytes" "$nl_rps" "$nl_p99" "$nl_bad" "$nl_err"
  printf '%-28s %12.0f %10.3f %9d %s\n' "GET /resources (filter+sort)" "$l_rps" "$l_p99" "$l_bad" "$l_err"
  printf '%-34s %8s   target %-8s %s\n' "resources / nginx" "$l_ratio" ">= 0.3" "$(verdict "$l_ratio" 0.3 '>=')"
  printf '%-34s %8s   target %-8s %s\n' "p99 resources (ms)" "$l_p99" "< 10" "$(verdict "$l_p99" 10 '<')"
  printf '%-34s %8s\n' "RSS with resources loaded (MB)" "$(awk -v k="$loaded_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
fi
if [ "$h_bad" != 0 ] || [ "$m_bad" != 0 ]; then
  echo "warning: the server answered non-2xx responses under load; the numbers above are not comparable" >&2
fi
