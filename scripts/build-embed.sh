#!/usr/bin/env bash
# Builds the embeddable bundle (without the demo's playground helpers) into dist-embed/:
# sidebar-widgets.js, sidebar-widgets_bg.wasm (wasm-opt -Oz), sidebar.css and the
# <sidebar-widgets> element module. This is what a helpdesk page or the extension loads.
# dist-embed/ is also the npm package: package.json, the TypeScript definitions, the JSON Schema
# and a README (package/make-package.mjs), so that `npm pack dist-embed` works. Another folder (the
# extension's) gets the bundle alone, unless PACKAGE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=${1:-dist-embed}
# Without the default `leptos` feature (the Leptos component): the JS API does not use Leptos, and
# linking it would bring its server-function exports along (issue 20).
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --quiet
# A copy with the function names, for the size breakdown of scripts/size.sh (a later build with
# other features, such as the demo's, writes over the original).
cp "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/sidebar_widgets.wasm" \
  "${CARGO_TARGET_DIR:-target}/sidebar-widgets-embed.wasm"
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name sidebar-widgets \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/sidebar_widgets.wasm"
wasm-opt -Oz --converge --zero-filled-memory "$OUT/sidebar-widgets_bg.wasm" -o "$OUT/sidebar-widgets_bg.wasm"
# Minified, as every helpdesk page loads them (the sources stay readable in the repository).
esbuild --minify --log-level=warning "$OUT/sidebar-widgets.js" --outfile="$OUT/sidebar-widgets.js" --allow-overwrite
# Short import names in the wasm and the glue (issue 20: the hashed names cost 4.6 KB gzip).
node scripts/short-imports.mjs "$OUT/sidebar-widgets_bg.wasm" "$OUT/sidebar-widgets.js"
esbuild --minify --log-level=warning style/sidebar.css --outfile="$OUT/sidebar.css"
esbuild --minify --log-level=warning embed/sidebar-widgets-element.js --outfile="$OUT/sidebar-widgets-element.js"

# The visual editor's bundle (issue 18): the same crate with the `editor` feature, built apart so
# that the viewer above carries none of it: sidebar-widgets-editor.js + its wasm, and its CSS
# (to load after sidebar.css). Skipped with EDITOR=0 (the extension's folder does not need it).
build_editor() {
  cargo build --release --target wasm32-unknown-unknown --lib --features editor --quiet
  wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name sidebar-widgets-editor \
    "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/sidebar_widgets.wasm"
  wasm-opt -Oz --converge --zero-filled-memory "$OUT/sidebar-widgets-editor_bg.wasm" -o "$OUT/sidebar-widgets-editor_bg.wasm"
  # --bundle: the glue imports the playground's JSON Schema checker (demo/schema-check.js, which
  # wasm-bindgen copies under snippets/); it is bundled in, so the editor stays one script.
  esbuild --bundle --format=esm --minify --log-level=warning "$OUT/sidebar-widgets-editor.js" --outfile="$OUT/sidebar-widgets-editor.js" --allow-overwrite
  rm -rf "$OUT/snippets"
  node scripts/short-imports.mjs "$OUT/sidebar-widgets-editor_bg.wasm" "$OUT/sidebar-widgets-editor.js"
  esbuild --minify --log-level=warning style/editor.css --outfile="$OUT/sidebar-widgets-editor.css"
}
if [ "${EDITOR:-$([ "${OUT%/}" = dist-embed ] && echo 1)}" = 1 ]; then build_editor; fi

if [ "${PACKAGE:-$([ "${OUT%/}" = dist-embed ] && echo 1)}" = 1 ]; then node package/make-package.mjs "$OUT"; fi
echo "built $OUT/"
