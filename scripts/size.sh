#!/usr/bin/env bash
# Prints the size of the built bundle in dist/: raw and gzip -9, per file and in total.
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0; total_gz=0
printf '%-36s %10s %10s\n' "file" "raw" "gzip"
for f in dist/*.wasm dist/*.js dist/sidebar.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-36s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-36s %10d %10d  (%d KB gzip)\n' "total (wasm + js + sidebar css)" "$total_raw" "$total_gz" $((total_gz / 1024))
