#!/usr/bin/env bash
# Vault benchmark: uploads, downloads and a big folder, each against its yardstick in the same run.
#
#   bench/vault.sh            (after `make build`)
#
#   1. disk write rate: dd of the same size with conv=fdatasync, beside the data dir;
#   2. upload of a BENCH_VAULT_BYTES file (default 1 GiB) through tus to local disk: one creation
#      and one streamed PATCH (curl -T), timed; the server's RSS growth (peak − before);
#   3. download of that file: cloudweave GET /vault/files/{id}/content against nginx serving the
#      very blob file (sendfile) — BENCH_ROUNDS rounds each, alternating, median;
#   4. a folder of BENCH_VAULT_FILES files (default 100,000; rows inserted straight into SQLite),
#      first page of GET /vault/folders/{id}/children with wrk -c1 for the p99, by name and by size.
# Prints each number with the issue's target. Environment: CLOUDWEAVE_BIN, BENCH_VAULT_BYTES,
# BENCH_VAULT_FILES, BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_KEEP=1 keeps the temp dir.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CLOUDWEAVE_BIN:-$repo/build/cloudweave}
bytes=${BENCH_VAULT_BYTES:-1073741824}
files=${BENCH_VAULT_FILES:-100000}
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-10s}

die() { echo "bench/vault.sh: $*" >&2; exit 1; }
[ -x "$bin" ] || die "no server binary at $bin (run \`make build\` or set CLOUDWEAVE_BIN)"
for tool in curl wrk node sqlite3 dd; do command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps)"; done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || die "nginx not found (Debian package nginx-light)"

# Beside the repository (same disk as a real data dir), not in a tmpfs /tmp.
tmp=$(mktemp -d "$repo/.cache/vault-bench.XXXXXX")
server_pid=""
nginx_pid_file="$tmp/nginx/nginx.pid"
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -s "$nginx_pid_file" ] && kill -QUIT "$(cat "$nginx_pid_file")" 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v[k];console.log(v)})' "$1"; }
rss_kb() { awk -v f="$1" '$1 == f":" {print $2}' "/proc/$server_pid/status"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }
mb_per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s / 1048576 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=" ? v >= t : v < t); print (ok ? "met" : "MISSED") }'; }

# --- 1. the disk --------------------------------------------------------------------------------
blocks=$((bytes / 4194304))
start=$(date +%s.%N)
dd if=/dev/zero of="$tmp/dd.bin" bs=4M count="$blocks" conv=fdatasync status=none
dd_s=$(seconds_since "$start")
rm -f "$tmp/dd.bin"
head -c "$bytes" /dev/urandom >"$tmp/source.bin"
sync

# --- the server ---------------------------------------------------------------------------------
mkdir -p "$tmp/data"
CLOUDWEAVE_RATE_LIMIT=0 CLOUDWEAVE_LOG_LEVEL=warn CLOUDWEAVE_VAULT_MAX_UPLOAD_BYTES=$((bytes * 2)) \
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
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$$@example.com\",\"name\":\"Bench\",\"password\":\"bench-password-123\"}" \
  "$base/api/v1/auth/register" | json data.accessToken)
auth=(-H "Authorization: Bearer $token")

# --- 2. upload ----------------------------------------------------------------------------------
sleep 1
rss_before=$(rss_kb VmRSS)
location=$(curl -fsS -o /dev/null -D - "${auth[@]}" -X POST -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $bytes" \
  -H "Upload-Metadata: filename $(printf 'big.bin' | base64)" "$base/api/v1/vault/uploads" |
  tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')
[ -n "$location" ] || die "tus creation failed"
start=$(date +%s.%N)
file_id=$(curl -fsS -o /dev/null -D - "${auth[@]}" -X PATCH -T "$tmp/source.bin" -H 'Tus-Resumable: 1.0.0' \
  -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' "$base$location" |
  tr -d '\r' | awk 'tolower($1) == "x-vault-file-id:" {print $2}')
upload_s=$(seconds_since "$start")
[ -n "$file_id" ] || die "the upload did not complete"
rss_peak=$(rss_kb VmHWM)

# --- 3. download against nginx on the same blob ---------------------------------------------------
sha=$(curl -fsS "${auth[@]}" "$base/api/v1/vault/items/$file_id" | json data.sha256)
blob=$(find "$tmp/data/vault/blobs" -name "$sha" -type f)
[ -n "$blob" ] || die "the blob is not in the store"
mkdir -p "$tmp/nginx/www" "$tmp/nginx/tmp"
ln "$blob" "$tmp/nginx/www/big.bin"
chmod -R a+rX "$tmp/nginx"
chmod a+x "$tmp"  # the worker (www-data) walks to the hard link
nginx_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $nginx_pid_file;
error_log $tmp/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  server { listen 127.0.0.1:$nginx_port; root $tmp/nginx/www; }
}
CONF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" || die "nginx did not start"
for _ in $(seq 1 50); do [ -s "$nginx_pid_file" ] && break; sleep 0.1; done
speed() { curl -fsS -o /dev/null -w '%{speed_download}' "$@"; }
: >"$tmp/nginx.speeds"
: >"$tmp/vault.speeds"
for _ in $(seq 1 "$rounds"); do
  speed "http://127.0.0.1:$nginx_port/big.bin" >>"$tmp/nginx.speeds"; echo >>"$tmp/nginx.speeds"
  speed "${auth[@]}" "$base/api/v1/vault/files/$file_id/content" >>"$tmp/vault.speeds"; echo >>"$tmp/vault.speeds"
done
nginx_bps=$(median <"$tmp/nginx.speeds")
vault_bps=$(median <"$tmp/vault.speeds")
rss_after_download=$(rss_kb VmHWM)

# --- 4. a folder of many files ------------------------------------------------------------------
folder=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d '{"parentId":"root","name":"Many"}' \
  "$base/api/v1/vault/folders" | json data.id)
org=$(curl -fsS "${auth[@]}" "$base/api/v1/auth/me" | json data.organizationId)
user=$(curl -fsS "${auth[@]}" "$base/api/v1/auth/me" | json data.id)
now_ms=$(($(date +%s) * 1000))
start=$(date +%s.%N)
sqlite3 "$tmp/data/cloudweave.db" >/dev/null <<SQL
PRAGMA busy_timeout = 10000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $files)
INSERT INTO vault_items (id, organization_id, parent_id, kind, name, name_folded, size, mime_type, sha256,
                         created_by, created_at, updated_at, processing)
SELECT printf('vfi_bench%07d', i), '$org', '$folder', 'file', printf('Report %07d.pdf', i),
       printf('report %07d.pdf', i), (i * 7919) % 10000000, 'application/pdf', '$sha', '$user',
       $now_ms - i * 1000, $now_ms - i * 1000, 'done'
FROM n;
ANALYZE;
SQL
insert_s=$(seconds_since "$start")
list() {
  local name=$1 query=$2
  wrk -t1 -c1 -d2s -H "Authorization: Bearer $token" "$base/api/v1/vault/folders/$folder/children?$query" >/dev/null 2>&1
  wrk -t1 -c1 -d"$duration" --latency -H "Authorization: Bearer $token" \
    "$base/api/v1/vault/folders/$folder/children?$query" >"$tmp/$name.wrk"
  awk '
    function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 } sub(/s$/, "", v); return v * 1000 }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%.2f %.2f %.0f %d\n", p50, p99, rps, bad + 0 }' "$tmp/$name.wrk"
}
read -r name_p50 name_p99 name_rps name_bad < <(list by_name "limit=50")
read -r size_p50 size_p99 size_rps size_bad < <(list by_size "limit=50&sort=-size")
read -r search_p50 search_p99 search_rps search_bad < <(list search "limit=50&q=0042")
[ "$name_bad$size_bad$search_bad" = 000 ] || die "the listing answered errors under load"

# --- report -------------------------------------------------------------------------------------
dd_bps=$(awk -v n="$bytes" -v s="$dd_s" 'BEGIN { print n / s }')
upload_bps=$(awk -v n="$bytes" -v s="$upload_s" 'BEGIN { print n / s }')
up_ratio=$(awk -v a="$upload_bps" -v b="$dd_bps" 'BEGIN { printf "%.2f", a / b }')
down_ratio=$(awk -v a="$vault_bps" -v b="$nginx_bps" 'BEGIN { printf "%.2f", a / b }')
growth_mb=$(awk -v a="$rss_peak" -v b="$rss_before" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
growth_dl_mb=$(awk -v a="$rss_after_download" -v b="$rss_before" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
echo "vault benchmark: $(awk -v n="$bytes" 'BEGIN { printf "%.2f GiB", n / 1073741824 }') file, $files files in one folder, $(nproc) cores"
printf '%-44s %10s\n' "dd conv=fdatasync (MB/s)" "$(mb_per_s "$bytes" "$dd_s")"
printf '%-44s %10s\n' "tus upload, one PATCH (MB/s)" "$(mb_per_s "$bytes" "$upload_s")"
printf '%-44s %10s   target >= 0.5   %s\n' "upload / dd" "$up_ratio" "$(verdict "$up_ratio" 0.5 '>=')"
printf '%-44s %10s   target < 50     %s\n' "server RSS growth during the upload (MB)" "$growth_mb" "$(verdict "$growth_mb" 50 '<')"
printf '%-44s %10.0f\n' "nginx download, sendfile (MB/s, median)" "$(awk -v b="$nginx_bps" 'BEGIN { print b / 1048576 }')"
printf '%-44s %10.0f\n' "cloudweave download (MB/s, median)" "$(awk -v b="$vault_bps" 'BEGIN { print b / 1048576 }')"
printf '%-44s %10s   target >= 0.8   %s\n' "download / nginx" "$down_ratio" "$(verdict "$down_ratio" 0.8 '>=')"
printf '%-44s %10s\n' "server RSS growth after downloads (MB)" "$growth_dl_mb"
printf '%-44s %10s\n' "rows inserted (s)" "$insert_s"
printf '%-44s %10s   target < 20     %s   (p50 %s ms, %s req/s)\n' "first page by name, p99 (ms)" "$name_p99" "$(verdict "$name_p99" 20 '<')" "$name_p50" "$name_rps"
printf '%-44s %10s   target < 20     %s   (p50 %s ms, %s req/s)\n' "first page by size desc, p99 (ms)" "$size_p99" "$(verdict "$size_p99" 20 '<')" "$size_p50" "$size_rps"
printf '%-44s %10s   (p50 %s ms)\n' "search by name in the folder, p99 (ms)" "$search_p99" "$search_p50"
