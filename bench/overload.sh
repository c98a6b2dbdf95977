#!/usr/bin/env bash
# Overload (issue 16): two request classes at once against one `inkwell serve`, with admission by pixels on (the
# default budget, or MAX_PIXELS) and off (--max-pixels-in-flight 0), side by side:
#   - a flood of 600x600 canvas PNGs (bench/CanvasPng.java) from FLOOD_CLIENTS connections (bench/flood.lua: a 503's
#     Retry-After is honoured by that thread's next request, RETRY_MS=0 hammers on regardless), and
#   - a steady stream of 28x28 PNGs from SMALL_CLIENTS connections, each pausing SMALL_DELAY_MS between requests
#     (bench/post.lua),
# two wrk processes started together for DURATION s, after a warm-up of each class. Prints per mode the small
# requests' p50/p99/max and non-2xx, and the flood's 200s and 503s. Target: small p99 <= 50 ms with admission on.
# Both wrk processes share the server's cores: the figures are this machine's, under its other load (printed).
#   bench/overload.sh    Env: DURATION (20), FLOOD_CLIENTS (64), SMALL_CLIENTS (4), SMALL_DELAY_MS (10), RETRY_MS (1000),
#                             MAX_PIXELS (the server's default), PORT (18395), NO_WAIT_BUDGET (pixels: adds a mode with
#                             that budget and no waiting for room, e.g. 450000, the default before large pictures waited)
set -euo pipefail
# shellcheck source=bench/registry-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/registry-lib.sh"
duration="${DURATION:-20}"; flood_c="${FLOOD_CLIENTS:-64}"; small_c="${SMALL_CLIENTS:-4}"; small_delay="${SMALL_DELAY_MS:-10}"
retry="${RETRY_MS:-1000}"; port="${PORT:-18395}"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
model="$here/../shared/models/mnist-8.onnx"; [ -f "$model" ] || model=mnist
canvas="$tmp/canvas-600.png"
"$JAVA_HOME/bin/java" "$here/bench/CanvasPng.java" "$canvas"

one_mode() { # LABEL SERVE-ARGS...: starts a server, warms it, runs both classes at once, prints two lines
  local label="$1"; shift
  local log="$out/overload-$label.log"
  start_server "$log" "$port" --model "default=$model" "$@"
  wait_predict "$url" "$log"
  BODY="$small" wrk -t1 -c4 -d5s --timeout 10s -s bench/post.lua "$url" >/dev/null
  BODY="$canvas" RETRY_MS=0 wrk -t1 -c4 -d5s --timeout 10s -s bench/flood.lua "$url" >/dev/null
  sleep 1
  BODY="$canvas" RETRY_MS="$retry" wrk -t2 -c"$flood_c" -d"${duration}s" --timeout 10s -s bench/flood.lua "$url" >"$tmp/flood.txt" &
  local flood_pid=$!
  BODY="$small" DELAY_MS="$small_delay" wrk -t1 -c"$small_c" -d"${duration}s" --timeout 10s -s bench/post.lua "$url" >"$tmp/small.txt"
  wait "$flood_pid"
  local s f
  s="$(grep '^RESULT' "$tmp/small.txt")"; f="$(grep '^RESULT' "$tmp/flood.txt")"
  printf '%-14s small 28x28: %6s requests, p50 %7s ms, p99 %8s ms, max %8s ms, non-2xx %s, socket errors %s\n' "$label" \
    "$(field requests <<<"$s")" "$(field p50_ms <<<"$s")" "$(field p99_ms <<<"$s")" "$(field max_ms <<<"$s")" \
    "$(field non2xx <<<"$s")" "$(field errors <<<"$s")"
  printf '%-14s flood 600x600: %6s requests, %s answered 200, %s refused 503, socket errors %s, p99 %s ms\n' "$label" \
    "$(field requests <<<"$f")" "$(field ok <<<"$f")" "$(field refused_503 <<<"$f")" "$(field errors <<<"$f")" "$(field p99_ms <<<"$f")"
  curl -s "http://127.0.0.1:$port/metrics" | grep '^inkwell_admission_requests_total' | sed "s/^/$label   /" || true
  stop_server
}

echo "== overload: ${flood_c} clients flooding 600x600 PNGs (Retry-After honoured: ${retry} ms) + ${small_c} clients of 28x28 PNGs" \
  "(${small_delay} ms apart), ${duration} s; $(nproc) cores, load average $(loadavg), $(date -u +%Y-%m-%dT%H:%MZ) =="
one_mode admission-on ${MAX_PIXELS:+--max-pixels-in-flight "$MAX_PIXELS"}
sleep 2
if [ -n "${NO_WAIT_BUDGET:-}" ]; then # the same flood against a budget that refuses at once (the default before stop 26: 450000)
  printf '{"admission": {"maxPixelsInFlight": %s, "maxWaitMs": 0}}\n' "$NO_WAIT_BUDGET" >"$tmp/no-wait.json"
  one_mode no-wait --config "$tmp/no-wait.json"
  sleep 2
fi
one_mode admission-off --max-pixels-in-flight 0
echo "load average at the end: $(loadavg)"
