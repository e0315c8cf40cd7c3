#!/usr/bin/env bash
# Sets up what is missing, then runs every test: host (cargo test: the model and engine, plus the
# end-to-end tests whose servers are written in Rust), browser components (wasm-bindgen-test in
# headless Chromium) and the end-to-end tests against the release builds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "release builds: the demo page (trunk, dist/) and the embeddable bundle (dist-embed/)"
trunk build --release --offline
bash scripts/build-embed.sh
bash scripts/build-extension.sh
bash scripts/size.sh

step "host tests: model and engine, and end-to-end tests with Rust servers (cargo test)"
cargo test

step "browser tests: components in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300} cargo test --target wasm32-unknown-unknown --test web

step "end-to-end tests against dist/ (node:test, headless Chromium)"
node --test tests/e2e/
