#!/usr/bin/env bash
# Sets up what is missing, then runs every test: host (cargo test), browser components
# (wasm-bindgen-test in headless Chromium) and end-to-end against the release build in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "host tests: model and engine (cargo test)"
cargo test --quiet

step "browser tests: components in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300} cargo test --target wasm32-unknown-unknown --test web

step "release builds: the demo page (trunk, dist/) and the embeddable bundle (dist-embed/)"
trunk build --release --offline
bash scripts/build-embed.sh
bash scripts/size.sh

step "end-to-end tests against dist/ (headless Chromium)"
node --test tests/e2e/
