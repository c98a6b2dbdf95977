#!/usr/bin/env bash
# Benchmark of `inkwell serve`, started as a user starts it: through the launcher `./inkwell serve` (its JVM defaults
# and its start-up cache, made by one training start below). Prints
#   cold start (process start -> first 200 on a prediction; wall and CPU), RSS after warm-up,
#   p50/p99 latency at 1, 16 and 64 concurrent clients for a 28x28 PNG and a 600x600 canvas PNG,
#   p99 at a paced ~300 and ~1,000 req/s for the 28x28 PNG, req/s at 32 clients for 60 s and RSS after it.
# Usage: bench/serve.sh [--model PATH|NAME]   (default: ../shared/models/mnist-8.onnx, else the bundled mnist)
# Env: DURATION (s per wrk run, default 10), LOAD_S (the 32-client run, default 60), PORT (default 18080),
#      INKWELL_JAVA_OPTS (extra JVM flags, passed to the launcher), SERVE_ARGS (more `serve` arguments for every start,
#      e.g. "--footprint small").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$here/bench/out"
mkdir -p "$out"
duration="${DURATION:-10}"
port="${PORT:-18080}"
model="${2:-}"
if [ "${1:-}" != "--model" ] || [ -z "$model" ]; then
  if [ -f "$here/../shared/models/mnist-8.onnx" ]; then model="$here/../shared/models/mnist-8.onnx"; else model="mnist"; fi
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# JDK >= 21, as the launcher finds it
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done

echo "building..." >&2
./mvnw -q -B -DskipTests package -pl inkwell-app -am >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }

small="$here/../shared/samples/handwritten-28px/7.png"
canvas="$out/canvas-600.png"
"$JAVA_HOME/bin/java" "$here/bench/CanvasPng.java" "$canvas"

server_pid=""
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
. "$here/bench/first-answer.sh"
wait_for_200() { # pid: the port, then the first 200, polled without a process per try (bench/first-answer.sh)
  first_answer "$port" "$1" -H 'Content-Type: image/png' --data-binary @"$small" "$url" \
    || { echo "server died:" >&2; tail -20 "$out/server.log" >&2; exit 1; }
}

# a training start (what the first start of each build does): the launcher writes its start-up cache when it exits
echo "training start (the launcher writes its start-up cache)..." >&2
# shellcheck disable=SC2086
INKWELL_SKIP_BUILD=1 ./inkwell serve --port "$port" --model "$model" ${SERVE_ARGS:-} >"$out/train.log" 2>&1 &
train_pid=$!
wait_for_200 "$train_pid"
curl -s -o /dev/null -H 'Content-Type: image/png' --data-binary @"$canvas" "$url?debug=true"
kill "$train_pid"; wait "$train_pid" 2>/dev/null || true

cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

load="$(cut -d' ' -f1-3 /proc/loadavg)" # other work on the machine skews every figure below
start_server() {
  start_ns=$(date +%s%N)
  # shellcheck disable=SC2086
  INKWELL_SKIP_BUILD=1 ./inkwell serve --port "$port" --model "$model" ${SERVE_ARGS:-} >"$out/server.log" 2>&1 &
  server_pid=$!
  wait_for_200 "$server_pid"
  cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  # CPU the start cost (user+sys, all threads): unlike wall time, barely moved by other work on the machine
  cold_cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$server_pid/stat")
}
colds=()
for attempt in 1 2 3; do
  start_server
  colds+=("${cold_ms} ms wall / ${cold_cpu_ms} ms CPU")
  if [ "$attempt" -lt 3 ]; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
done

run() { # label connections body [delay_ms] -> prints one line
  local label="$1" c="$2" body="$3" pause="${4:-0}" t
  t=$(( c < 2 ? 1 : 2 ))
  BODY="$body" DELAY_MS="$pause" wrk -t"$t" -c"$c" -d"${duration}s" --timeout 5s -s bench/post.lua "$url" \
    | grep '^RESULT' | sed "s/^RESULT/$label/"
}

echo "warming up (${duration}s, 16 clients, both images)..." >&2
run warmup-28px 16 "$small" >/dev/null
run warmup-600px 16 "$canvas" >/dev/null
rss_mb=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")

echo "== inkwell serve benchmark ($(nproc) cores, load average before start: $load, $(date -u +%Y-%m-%dT%H:%MZ), model $(basename "$model"), through ./inkwell, extra JVM opts '${INKWELL_JAVA_OPTS:-}', serve args '${SERVE_ARGS:-}') =="
echo "cold start (process start -> first 200 prediction), 3 starts: ${colds[0]}; ${colds[1]}; ${colds[2]}"
echo "RSS after warm-up: ${rss_mb} MB"
settle() { sleep 2; } # let requests a previous run left queued finish before the next run
for c in 1 16 64; do run "28x28-png    c=$c" "$c" "$small"; settle; done
# paced (wrk has no fixed-rate mode): connections x 1 / (think time + latency), each pause drawn from +/-50 % (bench/post.lua)
run "28x28-png    paced~300rps c=10" 10 "$small" 33; settle
run "28x28-png    paced~1000rps c=20" 20 "$small" 19; settle
duration="${LOAD_S:-60}" run "28x28-png    sustained c=32" 32 "$small"
echo "RSS after ${LOAD_S:-60} s at 32 clients: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status") MB"; settle
for c in 1 16 64; do run "600x600-png  c=$c" "$c" "$canvas"; settle; done
echo "RSS at the end: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status") MB"
