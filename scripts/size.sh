#!/usr/bin/env bash
# Prints the size of the embeddable bundle (dist-embed/, from scripts/build-embed.sh): raw and
# gzip -9, per file and in total. The element module is listed apart: only script-tag hosts load it.
# Then the wasm by part (crates, and the sidebar's own modules), with twiggy, from the same build
# kept with its function names (scripts/build-embed.sh saves it; made ready here in target/size/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
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

# The visual editor's bundle (issue 18), loaded only where widgets are edited: listed apart.
editor_raw=0; editor_gz=0
for f in "$DIR"/sidebar-widgets-editor_bg.wasm "$DIR"/sidebar-widgets-editor.js "$DIR"/sidebar.css "$DIR"/sidebar-widgets-editor.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  editor_raw=$((editor_raw + raw)); editor_gz=$((editor_gz + gz))
  [ "$(basename "$f")" = sidebar.css ] || printf '%-36s %10d %10d\n' "editor: $(basename "$f")" "$raw" "$gz"
done
[ "$editor_raw" -gt 0 ] && printf '%-36s %10d %10d  (%d KB gzip)\n' "editor total (wasm + js + both css)" "$editor_raw" "$editor_gz" $((editor_gz / 1024))

NAMED_IN="${CARGO_TARGET_DIR:-target}/sidebar-widgets-embed.wasm"
if ! command -v twiggy >/dev/null; then
  echo "(no breakdown: twiggy is not installed; bash scripts/setup.sh installs it)"
elif [ ! -f "$NAMED_IN" ]; then
  echo "(no breakdown: $NAMED_IN is missing; run scripts/build-embed.sh)"
else
  # The same optimisation as the shipped wasm, names kept (-g): shares are close to the shipped
  # file's, bytes are somewhat larger (names keep some functions from being merged).
  SIZE_DIR="${CARGO_TARGET_DIR:-target}/size"
  mkdir -p "$SIZE_DIR"
  if [ ! -f "$SIZE_DIR/named.wasm" ] || [ "$NAMED_IN" -nt "$SIZE_DIR/named.wasm" ]; then
    wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$SIZE_DIR" --out-name names "$NAMED_IN"
    wasm-opt -Oz -g --converge --zero-filled-memory "$SIZE_DIR/names_bg.wasm" -o "$SIZE_DIR/named.wasm"
  fi
  echo
  twiggy top -n 1000000 --format csv "$SIZE_DIR/named.wasm" | node scripts/size-breakdown.mjs
fi
exit 0
