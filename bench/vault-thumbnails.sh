#!/usr/bin/env bash
# Vault thumbnail benchmark: the media worker the server runs (`cloudweave vault-media --serve`, a
# child process kept between images, libvips + libexif, WebP out) against libvips' own
# `vipsthumbnail` on the same set of images in the same run.
#
#   bench/vault-thumbnails.sh            (after `make build`)
#
# The set: BENCH_THUMB_IMAGES (default 40) JPEG photos of about 12 MP (4032 × 3024, quality 90),
# made once from the genuine sample photo in server/tests/testdata/images, each one shifted and
# tinted so none is a copy of another. Both tools make a 256-px WebP (Q 75, metadata stripped),
# one image after another in one process — vipsthumbnail given every file, the worker given one
# "IN<TAB>OUT" line per image as the server's jobs send them — BENCH_ROUNDS rounds each (default
# 3), alternating; the median is printed.
# Target: CloudWeave ≥ 0.8× vipsthumbnail's images per second.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CLOUDWEAVE_BIN:-$repo/build/cloudweave}
count=${BENCH_THUMB_IMAGES:-40}
rounds=${BENCH_ROUNDS:-3}
die() { echo "bench/vault-thumbnails.sh: $*" >&2; exit 1; }
[ -x "$bin" ] || die "no server binary at $bin (run \`make build\` or set CLOUDWEAVE_BIN)"
for tool in vips vipsthumbnail; do command -v "$tool" >/dev/null || die "$tool not found (Debian: libvips-tools)"; done

work=$(mktemp -d "$repo/.bench-thumbs.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/vips" "$work/cw"
src="$repo/server/tests/testdata/images/sample.jpg"
vips resize "$src" "$work/base.v" 13.9 >/dev/null
vips crop "$work/base.v" "$work/base2.v" 0 0 4032 3024 2>/dev/null || vips embed "$work/base.v" "$work/base2.v" 0 0 4032 3024 --extend mirror
for i in $(seq 1 "$count"); do
  vips embed "$work/base2.v" "$work/shift.v" $((i * 7)) $((i * 5)) 4032 3024 --extend mirror
  vips linear "$work/shift.v" "$work/in/photo-$i.jpg[Q=90]" "1 $(echo "scale=3; 0.9 + $i / 200" | bc) 1" "0 0 $i" --uchar
done
rm -f "$work"/*.v
echo "images: $count JPEGs, $(du -sh "$work/in" | cut -f1), $(vipsheader "$work/in/photo-1.jpg")"

now() { date +%s.%N; }
run_vips() {
  local t0; t0=$(now)
  (cd "$work/in" && vipsthumbnail --size 256 -o "$work/vips/%s.webp[Q=75,strip]" ./*.jpg)
  echo "$(now) - $t0" | bc
}
run_cw() {
  local t0; t0=$(now)
  for f in "$work"/in/*.jpg; do
    printf '%s\t%s\n' "$f" "$work/cw/$(basename "$f" .jpg).webp"
  done | "$bin" vault-media --serve --size 256 | grep -c '"width"' >/dev/null
  echo "$(now) - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

vips_times=(); cw_times=()
for r in $(seq 1 "$rounds"); do
  vips_times+=("$(run_vips)")
  cw_times+=("$(run_cw)")
done
vt=$(printf '%s\n' "${vips_times[@]}" | median)
ct=$(printf '%s\n' "${cw_times[@]}" | median)
[ "$(ls "$work/cw" | wc -l)" -eq "$count" ] || die "CloudWeave made $(ls "$work/cw" | wc -l) thumbnails of $count"
[ "$(ls "$work/vips" | wc -l)" -eq "$count" ] || die "vipsthumbnail made $(ls "$work/vips" | wc -l) thumbnails of $count"
vr=$(echo "scale=1; $count / $vt" | bc); cr=$(echo "scale=1; $count / $ct" | bc)
ratio=$(echo "scale=2; $vt / $ct" | bc)
echo "vipsthumbnail: $vt s = $vr images/s (median of $rounds)"
echo "CloudWeave:    $ct s = $cr images/s (median of $rounds; the server's worker process)"
echo "ratio: $ratio (target ≥ 0.8: $(echo "$ratio >= 0.8" | bc | sed 's/1/met/;s/0/missed/'))"
echo "thumbnail sizes: CloudWeave $(vipsheader "$work/cw/photo-1.webp" | cut -d, -f1 | sed 's/.*: //'), vipsthumbnail $(vipsheader "$work/vips/photo-1.webp" | cut -d, -f1 | sed 's/.*: //')"
