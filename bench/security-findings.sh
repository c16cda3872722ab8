#!/usr/bin/env bash
# Security findings list under load (issue 18): GET /api/v1/security/findings pages with filters
# over 1,000,000 findings, 32 connections, p99.
#
#   bench/security-findings.sh            (after `make build`)
#
# Starts build/cloudweave on a fresh data dir (SQLite), registers a user, stops the server and
# writes N findings (BENCH_FINDINGS, default 1,000,000) for that organization straight into its
# database with one SQL statement (severities, statuses, rules, accounts, resource types and
# regions spread evenly; one in twenty muted), starts the server again on the same data, and runs
# wrk (BENCH_CONNECTIONS=32, BENCH_DURATION=10s) against three pages:
#   1. the default view: status=open, severity=critical,high, sorted by severity
#   2. one cloud account and one resource type, sorted by -lastSeenAt
#   3. a deep page: the page after 200 others of the default view (its cursor)
# and prints req/s and p99 for each beside the target (p99 < 20 ms).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CLOUDWEAVE_BIN:-$repo/build/cloudweave}
findings=${BENCH_FINDINGS:-1000000}
conns=${BENCH_CONNECTIONS:-32}
duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}

die() { echo "bench/security-findings.sh: $*" >&2; exit 1; }
[ -x "$bin" ] || die "no server binary at $bin (run \`make build\`)"
command -v wrk >/dev/null || die "wrk not found (Debian package 'wrk')"
command -v sqlite3 >/dev/null || die "sqlite3 not found (Debian package 'sqlite3')"

tmp=$(mktemp -d /tmp/cloudweave-findings-bench.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  server_pid=""
}
cleanup() { stop_server; [ "${BENCH_KEEP:-0}" = 1 ] && echo "kept $tmp" >&2 || rm -rf "$tmp"; }
trap cleanup EXIT

start_server() {
  CLOUDWEAVE_RATE_LIMIT=0 CLOUDWEAVE_LOG_LEVEL=warn \
    "$bin" serve --host 127.0.0.1 --port 0 --data-dir "$tmp/data" >"$tmp/server.out" 2>"$tmp/server.err" &
  server_pid=$!
  base=""
  for _ in $(seq 1 300); do
    base=$(sed -n 's/.*listening on \(http:\/\/[^ /]*\).*/\1/p' "$tmp/server.out" | head -n 1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; die "server exited during start-up"; }
    sleep 0.1
  done
  [ -n "$base" ] || die "server did not start"
}

start_server
curl -fsS -o "$tmp/register.json" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","name":"Bench","password":"bench-password-123","organizationName":"Bench"}' \
  "$base/api/v1/auth/register" || die "register failed"
read -r token org < <(node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).data;console.log(d.accessToken, d.user.organizationId)' "$tmp/register.json")
stop_server

echo "writing $findings findings ..."
t0=$(date +%s.%N)
sqlite3 "$tmp/data/cloudweave.db" <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $findings)
INSERT INTO security_findings (id, organization_id, rule_id, resource_id, account_id, provider, resource_type,
  resource_name, region, resource_tags, evidence, title, severity, severity_rank, status, first_seen_at,
  last_seen_at, resolved_at, reopened_count, first_scan_id, last_scan_id, mute_id, mute_until)
SELECT printf('fnd_%012d', i), '$org', printf('rule-%02d', i % 70), printf('res_%010d', i / 3),
  printf('acct_%d', i % 5), CASE i % 3 WHEN 0 THEN 'aws' WHEN 1 THEN 'azure' ELSE 'gcp' END,
  CASE i % 10 WHEN 0 THEN 'server' WHEN 1 THEN 'database' WHEN 2 THEN 'storage' WHEN 3 THEN 'network'
    WHEN 4 THEN 'container' WHEN 5 THEN 'function' WHEN 6 THEN 'load_balancer' WHEN 7 THEN 'cache'
    WHEN 8 THEN 'queue' ELSE 'dns' END,
  printf('resource-%07d', i / 3), CASE i % 4 WHEN 0 THEN 'us-east-1' WHEN 1 THEN 'eu-west-1'
    WHEN 2 THEN 'eastus' ELSE 'us-central1' END,
  '{"env":"prod"}', '{"publicAccess":true}', printf('Rule %d failed', i % 70),
  CASE i % 5 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' WHEN 3 THEN 'low' ELSE 'informational' END,
  i % 5, CASE WHEN i % 10 = 9 THEN 'resolved' ELSE 'open' END,
  1764547200000 + i, 1764547200000 + i * 7 % 1000000, CASE WHEN i % 10 = 9 THEN 1764547200000 + i END, 0,
  'scn_bench', 'scn_bench', CASE WHEN i % 20 = 3 THEN 'mut_bench' END, NULL
FROM n;
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
printf "written in %.1f s\n" "$(echo "$(date +%s.%N) - $t0" | bc)"

start_server
# The access token outlives the restart (same signing key in the data dir).
auth=(-H "Authorization: Bearer $token")
page1="/api/v1/security/findings?status=open&severity=critical,high&limit=50"
page2="/api/v1/security/findings?providerId=acct_1&resourceType=database&sort=-lastSeenAt&limit=50"
cursor=""
for _ in $(seq 1 200); do
  cursor=$(curl -fsS "${auth[@]}" "$base$page1${cursor:+&cursor=$cursor}" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(encodeURIComponent(JSON.parse(s).meta.nextCursor)))')
done
page3="$page1&cursor=$cursor"
for p in "$page1" "$page2" "$page3"; do
  n=$(curl -fsS "${auth[@]}" "$base$p" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.length))')
  [ "$n" = 50 ] || die "$p gave $n findings, not 50"
done

run() {
  local name=$1 path=$2
  TOKEN=$token wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$repo/bench/auth.lua" "$base$path" >"$tmp/$name.wrk" 2>&1
  awk -v name="$name" '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END { printf "%-46s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   %s   target p99 < 20 ms\n", name, rps, p50, p99, (bad ? "NON-2XX: " bad : "") }
  ' "$tmp/$name.wrk"
}
echo "benchmark: $findings findings, wrk -t$threads -c$conns -d$duration on $(nproc) cores"
run "open critical+high by severity (first page)" "$page1"
run "one account, one type, by -lastSeenAt" "$page2"
run "open critical+high, page 201" "$page3"
echo "server RSS: $(awk '/^VmRSS:/ {printf "%.0f MB", $2/1024}' "/proc/$server_pid/status")"
