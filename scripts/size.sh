#!/usr/bin/env bash
# Prints the size of the embeddable bundle (dist-embed/, from scripts/build-embed.sh): raw and
# gzip -9, per file and in total. The element module is listed apart: only script-tag hosts load it.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-dist-embed}
total_raw=0; total_gz=0
printf '%-36s %10s %10s\n' "file" "raw" "gzip"
for f in "$DIR"/sidebar-widgets_bg.wasm "$DIR"/sidebar-widgets.js "$DIR"/sidebar.css; do
  [ -f "$f" ] || { echo "missing $f: run scripts/build-embed.sh" >&2; exit 1; }
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-36s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-36s %10d %10d  (%d KB gzip)\n' "total (wasm + js + css)" "$total_raw" "$total_gz" $((total_gz / 1024))
f="$DIR/sidebar-widgets-element.js"
[ -f "$f" ] && printf '%-36s %10d %10d\n' "+ sidebar-widgets-element.js" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
exit 0
