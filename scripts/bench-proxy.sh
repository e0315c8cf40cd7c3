#!/usr/bin/env bash
# Benchmark of the proxy's hop beside nginx's, on this machine, in one run: `ab -k` (keep-alive)
# against the same local upstream (proxy/examples/bench_upstream.rs) directly, through nginx
# (proxy_pass with keepalive, one header added; only when nginx is installed) and through the
# proxy (envelope, signed token, allowlist, one secret header, redaction). Two rounds of each.
# A "floor" line passes the calls through proxy/examples/bench_floor.rs: the proxy's stack (hyper
# server and client, a tokio runtime per core) doing only what nginx does, so the proxy's line
# minus the floor's is the proxy's own work, and the floor minus nginx the stack's.
# Prints figures; asserts nothing. Everything it starts listens on 127.0.0.1 and is stopped.
#
#   bash scripts/bench-proxy.sh [requests (10000)] [concurrency (50)]
#
# Besides ab's figures, each line through nginx or the proxy gives the CPU time the hop's
# processes used per call (from /proc), which the machine's other load moves less.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
C=${2:-50}
# ab, and nginx to compare the hop with: installed here, not by scripts/setup.sh (no test needs
# them, and a package's server has no business on a test machine).
if ! command -v ab >/dev/null || ! command -v nginx >/dev/null; then
  echo "[bench-proxy] apt-get install apache2-utils nginx-light"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils nginx-light >/dev/null ||
    echo "[bench-proxy] not installed: ab is needed; nginx only for the comparison"
fi
command -v ab >/dev/null || { echo "ab is missing (apt-get install apache2-utils)"; exit 1; }
# The proxy's own profile (the workspace's Cargo.toml: release, every crate at opt-level 3).
cargo build --profile proxy -p sidebar-widgets-proxy --bin sidebar-widgets-proxy \
  --example bench_upstream --example bench_floor --quiet
TARGET=${CARGO_TARGET_DIR:-target}
# PROXY_BIN=path benches another build of the proxy (an earlier commit's, to compare).
BIN=${PROXY_BIN:-"$TARGET/proxy/sidebar-widgets-proxy"}
UPSTREAM="$TARGET/proxy/examples/bench_upstream"
FLOOR="$TARGET/proxy/examples/bench_floor"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "nothing on port $1"; exit 1; }

UP_PORT=$(free_port)
"$UPSTREAM" "127.0.0.1:$UP_PORT" >/dev/null &
PIDS+=($!)
wait_port "$UP_PORT"

FLOOR_PORT=$(free_port)
"$FLOOR" "127.0.0.1:$FLOOR_PORT" "127.0.0.1:$UP_PORT" &
PIDS+=($!)
FLOOR_PID=$!
wait_port "$FLOOR_PORT"

SECRET="bench-secret-value-0123456789abcdef"
KEY="bench-signing-key-0123456789abcdef0123456789"
PX_PORT=$(free_port)
cat >"$WORK/proxy.toml" <<EOF
listen = "127.0.0.1:$PX_PORT"
rate_limit_per_minute = 0
max_concurrent = 1024
[auth]
signing_key = "env:BENCH_SIGNING_KEY"
[[upstreams]]
name = "up"
origin = "http://127.0.0.1:$UP_PORT"
allow_private = true
headers = { "X-Api-Key" = "{{secret.api_key}}" }
[secrets.api_key]
value = "env:BENCH_API_KEY"
upstreams = ["up"]
EOF
export BENCH_SIGNING_KEY="$KEY" BENCH_API_KEY="$SECRET"
TOKEN=$("$BIN" token --config "$WORK/proxy.toml" --agent bench-agent --ttl 1h)
"$BIN" --config "$WORK/proxy.toml" >"$WORK/proxy.log" 2>&1 &
PIDS+=($!)
PROXY_PID=$!
wait_port "$PX_PORT"
printf '{"method":"GET","url":"http://127.0.0.1:%s/api/v2/returns","params":{"customer_email":"a@example.com"}}' "$UP_PORT" >"$WORK/envelope.json"

NGX_PORT=""
if command -v nginx >/dev/null; then
  NGX_PORT=$(free_port)
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  upstream up { server 127.0.0.1:$UP_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGX_PORT;
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Api-Key "$SECRET";
    }
  }
}
EOF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  PIDS+=($!)
  NGINX_PID=$!
  wait_port "$NGX_PORT"
fi

# The CPU time (user and system, in clock ticks) used so far by the processes of a hop: the
# proxy's (all its threads), or nginx's master and workers. Less moved by the machine's other load
# than requests per second, so it is printed too, per call, and split into user and kernel time.
cpu_ticks() {
  local u=0 s=0 p pu ps
  for p in "$@"; do
    if [ -r "/proc/$p/stat" ]; then
      read -r pu ps < <(awk '{print $14, $15}' "/proc/$p/stat")
      u=$((u + pu)) s=$((s + ps))
    fi
  done
  echo "$u $s"
}
hop_pids() {
  case $1 in
    proxy) echo "$PROXY_PID" ;;
    floor) echo "$FLOOR_PID" ;;
    nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
  esac
}

# ab's summary: requests per second and the median, and the hop's CPU time per call.
run() {
  local name=$1; shift
  local out pids before cpu=""
  pids=$(hop_pids "$name")
  # shellcheck disable=SC2086
  before=$(cpu_ticks $pids)
  out=$(ab -k -q -n "$N" -c "$C" "$@" 2>&1)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    cpu=$(awk -v a="$before" -v b="$(cpu_ticks $pids)" -v hz="$(getconf CLK_TCK)" -v n="$N" \
      'BEGIN { split(a, x, " "); split(b, y, " "); k = 1e6 / hz / n
               printf "  hop CPU %.0f us/call (user %.0f, kernel %.0f)", (y[1] + y[2] - x[1] - x[2]) * k, (y[1] - x[1]) * k, (y[2] - x[2]) * k }')
  fi
  local rps p50 failed
  rps=$(awk '/^Requests per second/ {print $4}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  failed=$(awk '/^Failed requests/ {print $3}' <<<"$out")
  local non2xx
  non2xx=$(awk '/^Non-2xx responses/ {print $3}' <<<"$out")
  printf '%-7s %9s req/s  p50 %3s ms  failed %s  non-2xx %s%s\n' "$name" "$rps" "$p50" "$failed" "${non2xx:-0}" "$cpu"
  echo "$rps" >>"$WORK/$name.rps"
  echo "$p50" >>"$WORK/$name.p50"
}

echo "bench-proxy: ab -k -n $N -c $C on 127.0.0.1, $(nproc) cores"
for round in 1 2; do
  echo "round $round"
  run direct -H "X-Api-Key: $SECRET" "http://127.0.0.1:$UP_PORT/api/v2/returns?customer_email=a%40example.com"
  if [ -n "$NGX_PORT" ]; then
    run nginx "http://127.0.0.1:$NGX_PORT/api/v2/returns?customer_email=a%40example.com"
  fi
  run floor "http://127.0.0.1:$FLOOR_PORT/api/v2/returns?customer_email=a%40example.com"
  run proxy -p "$WORK/envelope.json" -T application/json -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PX_PORT/forward"
done

best() { sort -g "$WORK/$1.rps" | tail -1; }
median_p50() { sort -g "$WORK/$1.p50" | head -1; }
if [ -n "$NGX_PORT" ]; then
  python3 - "$(best proxy)" "$(best nginx)" "$(median_p50 proxy)" "$(median_p50 nginx)" <<'EOF'
import sys
proxy, nginx, pp50, np50 = map(float, sys.argv[1:])
print(f"proxy vs nginx (best round): {proxy:.0f} / {nginx:.0f} req/s = {100 * proxy / nginx:.0f}% of nginx's throughput; p50 {pp50:.0f} ms vs {np50:.0f} ms")
EOF
else
  echo "nginx is not installed: no side-by-side figure (apt-get install nginx-light)"
fi
