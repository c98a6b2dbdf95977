#!/usr/bin/env bash
# Side-by-side serving comparison of two configurations, interleaved A, B, A, B… so that a shared machine's noise
# hits both alike. Each round starts a server, warms it up (6 s, 16 clients), then prints
#   each paced load (default ~500 req/s: 10 connections, 19 ms think time, each pause drawn from ±50 % by bench/post.lua): p50/p99,  32 clients: req/s and p99,  RSS.
# Usage: bench/serve-ab.sh "SERVE ARGS A" "SERVE ARGS B" [ROUNDS=3]
#   e.g. bench/serve-ab.sh "--batch-wait-ms 0" "--batch-wait-ms 2"
# Env: MODEL (default mnist), JVM_A / JVM_B (JVM flags; default the serving flags of docs/serve.md), PORT (18282),
#   JAR_A / JAR_B (the jar each side runs, its lib/ beside it; default this tree's, built first: give a copy of another
#   build's inkwell-app/target to compare builds), PACED ("CONNECTIONS:THINK_MS ..."; default "10:19"; "10:33" is
#   ~300 req/s, "20:19" ~1,000), PACED_S (seconds each, default 10).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
args_a="${1:?serve args for A}"; args_b="${2:?serve args for B}"; rounds="${3:-3}"
model="${MODEL:-mnist}"; port="${PORT:-18282}"
# ./inkwell's serve flags (and its MALLOC_ARENA_MAX) without its start-up cache; JDK 22+ for the trim
flags="-XX:+UseSerialGC -Xms64m -Xmn24m -XX:SurvivorRatio=2 -XX:TrimNativeHeapInterval=5000 -Xlog:cds=off"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
jar_a="${JAR_A:-inkwell-app/target/inkwell.jar}"; jar_b="${JAR_B:-inkwell-app/target/inkwell.jar}"
[ -n "${JAR_A:-}" ] && [ -n "${JAR_B:-}" ] || ./mvnw -q -B -DskipTests package -pl inkwell-app -am >/dev/null
paced_list="${PACED:-10:19}"; paced_s="${PACED_S:-10}"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
small="$here/../shared/samples/handwritten-28px/7.png"
one() { # label jvm-flags serve-args jar
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $2 --enable-native-access=ALL-UNNAMED -jar "$4" serve --port "$port" \
    --model "$model" $3 >bench/out/serve-ab.log 2>&1 &
  pid=$!
  local tries=0
  until curl -s -o /dev/null -H 'Content-Type: image/png' --data-binary @"$small" "$url"; do
    sleep 0.1; tries=$((tries + 1))
    if [ $tries -gt 300 ] || ! kill -0 $pid 2>/dev/null; then echo "$1: server did not start" >&2; tail -5 bench/out/serve-ab.log >&2; exit 1; fi
  done
  BODY="$small" wrk -t2 -c16 -d6s -s bench/post.lua "$url" >/dev/null; sleep 1
  local line="" paced c32 p
  for p in $paced_list; do
    paced=$(BODY="$small" DELAY_MS="${p#*:}" wrk -t2 -c"${p%%:*}" -d"$paced_s"s --timeout 5s -s bench/post.lua "$url" | grep RESULT)
    line+="$(printf 'paced %s: %s %s %s | ' "$p" "$(grep -o 'rps=[0-9]*' <<<"$paced")" "$(grep -o 'p50_ms=[0-9.]*' <<<"$paced")" \
      "$(grep -o 'p99_ms=[0-9.]*' <<<"$paced")")"
    sleep 1
  done
  c32=$(BODY="$small" wrk -t2 -c32 -d10s --timeout 5s -s bench/post.lua "$url" | grep RESULT)
  printf '%-2s %sc32: %s %s | RSS %s MB\n' "$1" "$line" \
    "$(grep -o 'rps=[0-9.]*' <<<"$c32")" "$(grep -o 'p99_ms=[0-9.]*' <<<"$c32")" \
    "$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)"
  kill $pid; wait $pid 2>/dev/null || true
}
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT  # a failed round never leaves a server on the port
mkdir -p bench/out
echo "# A: '$args_a' (${JVM_A:-$flags}; $jar_a)  B: '$args_b' (${JVM_B:-$flags}; $jar_b)  model $model, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq "$rounds"); do
  one A "${JVM_A:-$flags}" "$args_a" "$jar_a"
  one B "${JVM_B:-$flags}" "$args_b" "$jar_b"
done
