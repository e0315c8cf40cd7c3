#!/usr/bin/env bash
# Builds the browser extension (Manifest V3) into dist-extension/ (or the folder given): the
# embeddable bundle from dist-embed/ (built by scripts/build-embed.sh first when it is missing, so
# that a test run builds it once), the extension's pages and scripts from extension/,
# demo/loop-returns.json as its default configuration and demo/json.js (the playground's link
# format). Load the folder unpacked in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-dist-extension}
rm -rf "$OUT"
[ -f dist-embed/sidebar-widgets_bg.wasm ] || bash scripts/build-embed.sh
mkdir -p "$OUT"
# The bundle alone: the extension mounts through the JS API (no element module, no npm files).
cp dist-embed/sidebar-widgets.js dist-embed/sidebar-widgets_bg.wasm dist-embed/sidebar.css "$OUT/"
# The visual editor's bundle, for the options page's "Edit visually" (loaded there on first use).
cp dist-embed/sidebar-widgets-editor.js dist-embed/sidebar-widgets-editor_bg.wasm dist-embed/sidebar-widgets-editor.css "$OUT/"
cp extension/* "$OUT/"
cp demo/loop-returns.json "$OUT/default-config.json"
cp demo/json.js "$OUT/demo-json.js"   # packState: the demo playground's link format, for "Open in the playground"
echo "built the extension in $OUT/ (chrome://extensions > Developer mode > Load unpacked)"
