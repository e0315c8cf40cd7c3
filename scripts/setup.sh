#!/usr/bin/env bash
# Installs what building and testing sidebar-widgets needs, skipping whatever is already present
# at the right version. Safe to run again. Each pin is a version verified to build here.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
ESBUILD_VERSION=0.28.2
TWIGGY_VERSION=0.8.0

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
need_apt_update=1
apt_install() {
  if [ "$need_apt_update" = 1 ]; then
    say "apt-get update"
    apt-get update -qq
    need_apt_update=0
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then
  echo "cargo is not installed: this machine needs the Rust toolchain (rustup) first." >&2
  exit 1
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # No --locked: its lock file pins a webpki-roots release the registry here does not serve.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install --force --locked trunk --version "$TRUNK_VERSION"
fi

if ! twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION"; then
  say "installing twiggy $TWIGGY_VERSION (the wasm size breakdown of scripts/size.sh; about 1 minute)"
  cargo install --force twiggy --version "$TWIGGY_VERSION"
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
  mkdir -p "$TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
fi

if ! "$TOOLS/node_modules/.bin/esbuild" --version 2>/dev/null | grep -qx "$ESBUILD_VERSION"; then
  say "installing esbuild $ESBUILD_VERSION from npm (minifies the embeddable bundle's JS and CSS)"
  mkdir -p "$TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "esbuild@$ESBUILD_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver
fi
# Redis for the proxy's cluster tests (they start their own redis-server on a free port and stop
# it; the package's system service is not used).
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  apt_install redis-server
fi
# Colour emoji, so that title shortcodes (:cart:) show in headless screenshots.
if [ ! -d /usr/share/fonts/truetype/noto ] || ! ls /usr/share/fonts/truetype/noto/NotoColorEmoji* >/dev/null 2>&1; then
  apt_install fonts-noto-color-emoji || say "fonts-noto-color-emoji not installed (screenshots will lack emoji)"
fi

# tests/e2e's packages, installed again whenever its package.json or lock file changed since the
# last install (a stamp of both is kept in node_modules).
E2E="$ROOT/tests/e2e"
e2e_stamp() { cat "$E2E/package.json" "$E2E/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1; }
if [ "$(cat "$E2E/node_modules/.setup-stamp" 2>/dev/null)" != "$(e2e_stamp)" ]; then
  say "installing the end-to-end test tools (playwright-core, uses /usr/bin/chromium; axe-core; typescript; ajv; json-schema-to-typescript)"
  (cd "$E2E" && npm install --silent --no-audit --no-fund)
  e2e_stamp >"$E2E/node_modules/.setup-stamp"
fi
say "ready"
