#!/usr/bin/env bash
# Is `./inkwell serve`'s resident memory steady under long load? Starts the server through the launcher (a warm-up start
# first writes its start-up cache), then runs 28x28 PNG predictions at c=32 (wrk) for DURATION s, printing VmRSS every
# EVERY s, the young/full collections and the old generation's use (jstat), then RSS after IDLE_S s at rest.
# Usage: bench/serve-rss-steady.sh   Env: DURATION (600), EVERY (30), IDLE_S (10), PORT (18778), INKWELL_JAVA_OPTS,
#   SERVE_ARGS (passed to every `serve`, e.g. "--footprint lean --model ../shared/models/mnist-8.onnx"),
#   CANVAS_C (default 0: connections that send a 600x600 canvas PNG alongside the load, each pausing CANVAS_DELAY_MS,
#   default 100 ms, +/-50 %, between answers: a mix of small pictures and the web page's canvases)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
port="${PORT:-18778}"; duration="${DURATION:-600}"; every="${EVERY:-30}"; idle_s="${IDLE_S:-10}"
canvas_c="${CANVAS_C:-0}"; canvas_delay="${CANVAS_DELAY_MS:-100}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
./inkwell --version >/dev/null # builds when needed, outside the measurements
export INKWELL_SKIP_BUILD=1 INKWELL_HOME="$(mktemp -d)"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/jstat" ]; then JSTAT="$d/bin/jstat"; break; fi
done
img="$here/../shared/samples/handwritten-28px/7.png"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
canvas="$INKWELL_HOME/canvas-600.png"
[ "$canvas_c" -gt 0 ] && "${JSTAT%/jstat}/java" "$here/bench/CanvasPng.java" "$canvas" # the JDK found above
pid=; load_pid=; canvas_pid=
trap '[ -n "$canvas_pid" ] && kill "$canvas_pid" 2>/dev/null; [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$INKWELL_HOME"; true' EXIT
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
gc() { "$JSTAT" -gc "$1" | tail -1 | awk '{printf "young=%s full=%s old_used_mb=%.1f", $(NF-6), $(NF-4), $8/1024}'; }
start() {
  # shellcheck disable=SC2086
  ./inkwell serve --port "$port" ${SERVE_ARGS:-} >"$INKWELL_HOME/server.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H 'Content-Type: image/png' --data-binary @"$img" "$url"; do
    sleep 0.1; kill -0 "$pid" 2>/dev/null || { echo "server did not start:" >&2; tail -5 "$INKWELL_HOME/server.log" >&2; exit 1; }
  done
}
# the new home's first run (the launcher makes no start-up cache then), then the training start: it writes the cache on exit
for warm in first training; do start; kill "$pid"; wait "$pid" 2>/dev/null || true; done
start
echo "== RSS of ./inkwell serve over ${duration} s at 32 clients$([ "$canvas_c" -gt 0 ] && echo " and $canvas_c sending canvases (${canvas_delay} ms pauses)") ($(date -u +%FT%RZ), load average $(cut -d' ' -f1-3 /proc/loadavg), INKWELL_JAVA_OPTS='${INKWELL_JAVA_OPTS:-}', SERVE_ARGS='${SERVE_ARGS:-}') =="
echo "t=0s rss_mb=$(rss "$pid") $(gc "$pid")"
BODY="$img" wrk -t2 -c32 -d"${duration}s" --timeout 5s -s bench/post.lua "$url" >"$INKWELL_HOME/wrk.txt" &
load_pid=$!
if [ "$canvas_c" -gt 0 ]; then
  BODY="$canvas" DELAY_MS="$canvas_delay" wrk -t1 -c"$canvas_c" -d"${duration}s" --timeout 5s -s bench/post.lua "$url" >"$INKWELL_HOME/canvas.txt" &
  canvas_pid=$!
fi
for ((t = every; t <= duration; t += every)); do
  sleep "$every"
  kill -0 "$load_pid" 2>/dev/null || break
  echo "t=${t}s rss_mb=$(rss "$pid") $(gc "$pid") load=$(cut -d' ' -f1 /proc/loadavg)"
done
wait "$load_pid" || true; load_pid=
grep -E "Requests/sec|Non-2xx|Socket errors" "$INKWELL_HOME/wrk.txt" || true
if [ -n "$canvas_pid" ]; then
  wait "$canvas_pid" || true; canvas_pid=
  echo "canvases: $(grep '^RESULT' "$INKWELL_HOME/canvas.txt" | sed 's/^RESULT //')"
fi
sleep "$idle_s"
echo "after ${idle_s} s at rest: rss_mb=$(rss "$pid") $(gc "$pid")"
