#!/usr/bin/env bash
# Sets up what is missing, then serves the demo page (the built-in Loop Returns example) at
# http://127.0.0.1:8080 and opens it in a browser when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
URL=http://127.0.0.1:8080/
( for _ in $(seq 1 600); do
    if curl -fs "$URL" >/dev/null 2>&1; then
      echo "Demo ready at $URL"
      if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then xdg-open "$URL" >/dev/null 2>&1 || true; fi
      break
    fi
    sleep 1
  done ) &
exec trunk serve --offline
