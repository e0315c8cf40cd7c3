#!/usr/bin/env bash
# Sets up what is missing, then runs every test, cheapest first:
#   gates        formatting, clippy (host, WebAssembly, the demo build, the proxy), rustdoc
#   host         cargo test --workspace: the model and engine, and the proxy with fake upstreams
#   builds       the demo page (dist/), the embeddable bundle and the editor's once (dist-embed/, also the npm
#                package), the extension (dist-extension/), the Leptos example, the proxy binary
#   browser      components in headless Chromium (wasm-bindgen-test)
#   end to end   against the release builds: the Rust recorders' tests, then node --test tests/e2e/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "gates: rustfmt, clippy with warnings denied (host, WebAssembly, demo build, proxy), rustdoc with every public item documented"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features playground -- -D warnings
# The embeddable bundle's configuration: without the default `leptos` feature (issue 20).
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --all-targets --features editor -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown --features editor -- -D warnings
RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --no-deps --target wasm32-unknown-unknown --quiet
RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --no-deps --target wasm32-unknown-unknown --features editor --quiet
RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --no-deps -p sidebar-widgets-proxy -p sidebar-widgets-wire --quiet

step "host tests: model, engine (the editor's edit engine included) and the proxy (cargo test --workspace)"
cargo test --workspace --features sidebar-widgets/editor

step "builds: demo page, embeddable bundle and npm package, extension, proxy, the Leptos example"
trunk build --release --offline
bash scripts/build-embed.sh
bash scripts/build-extension.sh
cargo build -p sidebar-widgets-proxy --quiet
cargo build --example leptos_host --target wasm32-unknown-unknown --quiet
bash scripts/size.sh

step "browser tests: components in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300} cargo test --target wasm32-unknown-unknown --test web
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300} cargo test --target wasm32-unknown-unknown --features editor --test web_editor

step "end-to-end tests against the release builds (Rust recorders, then node:test)"
cargo test --test actions_e2e --test loading_e2e -- --ignored
node --test --test-timeout=300000 tests/e2e/*.test.mjs
