#!/usr/bin/env bash
# Benchmark: first render and one-field update of the Loop Returns widget over 200 returns x 5
# line items, in headless Chromium against a release build. Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
bash scripts/build-embed.sh
bash scripts/size.sh
node tests/e2e/bench.mjs
