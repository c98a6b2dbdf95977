#!/usr/bin/env bash
# What traffic capture costs a request: the same server without capture (A) and with every request captured (B,
# --capture 100 into a folder bucket), interleaved A, B, A, B… so that a shared machine's noise hits both alike.
# Each round starts a server, warms it up (WARMUP s, default 30, 16 clients: after 6 s the JIT's compiler threads
# still used ~0.55 ms of CPU per request in the paced run, per-thread /proc figures, and their noise hid capture's own
# cost), then prints p50/p99 at about 500 req/s (10 connections,
# 19 ms think time, a 28x28 PNG), the server's CPU time per request during that run (user + system, every thread: the
# capture thread's encoding and writing included; far less moved by other work on a shared machine than latency is)
# and, for B, what the capture writer did (records written, dropped, lost) and the lines in the bucket. The medians of
# the rounds and B - A close the run.
# Usage: bench/capture.sh [ROUNDS=5]
# Env: MODEL (default mnist), DURATION (s per paced run, default 15), WARMUP (s, default 30), PORT (18383),
#      JVM (JVM flags; default the serving flags of docs/serve.md, as bench/serve-ab.sh),
#      BEFORE_JAR (another build's inkwell.jar, e.g. of the commit before a change: each round then also runs it with
#      --capture 100 as C, after B, so that a change to capture is measured against its baseline under the same noise).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${1:-5}"
model="${MODEL:-mnist}"; port="${PORT:-18383}"; duration="${DURATION:-15}"; warmup="${WARMUP:-30}"
flags="${JVM:--XX:+UseSerialGC -Xms128m -Xmx128m -Xmn64m -XX:+UseCompactObjectHeaders -Xlog:cds=off}"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
mkdir -p bench/out
./mvnw -q -B -DskipTests package -pl inkwell-app -am >bench/out/capture-build.log 2>&1 || { tail -30 bench/out/capture-build.log; exit 1; }
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
small="$here/../shared/samples/handwritten-28px/7.png"
work="$(mktemp -d)"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; true' EXIT  # a failed round never leaves a server on the port
metric() { # name{labels} -> value from /metrics
  curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" 'index($0, m " ") == 1 {printf "%d", $2}'
}
p50s_a=(); p99s_a=(); p50s_b=(); p99s_b=(); cpus_a=(); cpus_b=(); p50s_c=(); p99s_c=(); cpus_c=()
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
one() { # label serve-args
  local home="$work/$1-$r" jar=inkwell-app/target/inkwell.jar
  [ "$1" = C ] && jar="$BEFORE_JAR"
  mkdir -p "$home"
  # shellcheck disable=SC2086
  INKWELL_HOME="$home" "$JAVA_HOME/bin/java" $flags --enable-native-access=ALL-UNNAMED -jar "$jar" serve \
    --port "$port" --model "$model" --buckets "$home/buckets" --store "$home/inkwell.db" $2 >bench/out/capture-server.log 2>&1 &
  pid=$!
  local tries=0
  until curl -s -o /dev/null -H 'Content-Type: image/png' --data-binary @"$small" "$url"; do
    sleep 0.1; tries=$((tries + 1))
    if [ $tries -gt 600 ] || ! kill -0 $pid 2>/dev/null; then echo "$1: server did not start" >&2; tail -5 bench/out/capture-server.log >&2; exit 1; fi
  done
  BODY="$small" wrk -t2 -c16 -d"${warmup}s" -s bench/post.lua "$url" >/dev/null; sleep 1
  local paced p50 p99 rps extra="" before after requests cpu
  before=$(cpu_ticks $pid)
  paced=$(BODY="$small" DELAY_MS=19 wrk -t2 -c10 -d"${duration}s" --timeout 5s -s bench/post.lua "$url" | grep RESULT)
  [ "$1" != A ] && sleep 1.5 # one flush interval and a half: every capture of the run is written (and its CPU counted)
  after=$(cpu_ticks $pid)
  requests=$(grep -o 'requests=[0-9]*' <<<"$paced" | cut -d= -f2)
  cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.3f", t * 1000 / hz / n}')
  p50=$(grep -o 'p50_ms=[0-9.]*' <<<"$paced" | cut -d= -f2); p99=$(grep -o 'p99_ms=[0-9.]*' <<<"$paced" | cut -d= -f2)
  rps=$(grep -o 'rps=[0-9.]*' <<<"$paced" | cut -d= -f2)
  if [ "$1" != A ]; then
    extra=" | capture: written $(metric 'inkwell_capture_records_total{outcome="written"}'), dropped $(metric 'inkwell_capture_records_total{outcome="dropped"}'), lost $(metric 'inkwell_capture_records_total{outcome="lost"}')"
    if [ "$1" = B ]; then p50s_b+=("$p50"); p99s_b+=("$p99"); cpus_b+=("$cpu"); else p50s_c+=("$p50"); p99s_c+=("$p99"); cpus_c+=("$cpu"); fi
  else
    p50s_a+=("$p50"); p99s_a+=("$p99"); cpus_a+=("$cpu")
  fi
  kill $pid; wait $pid 2>/dev/null || true
  pid=
  if [ "$1" != A ]; then
    extra="$extra; $(cat "$home"/buckets/captures/default/main/*/*/*/*/*.jsonl 2>/dev/null | wc -l) lines in the bucket after the stop"
  fi
  printf '%s round %d: paced %s req/s  p50 %s ms  p99 %s ms  CPU %s ms/request%s\n' "$1" "$r" "$rps" "$p50" "$p99" "$cpu" "$extra"
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "# A: no capture   B: --capture 100 (every request, folder bucket)${BEFORE_JAR:+   C: $BEFORE_JAR --capture 100}   model $model, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq "$rounds"); do
  one A ""
  one B "--capture 100"
  if [ -n "${BEFORE_JAR:-}" ]; then one C "--capture 100"; fi
done
ma50=$(median "${p50s_a[@]}"); ma99=$(median "${p99s_a[@]}"); mb50=$(median "${p50s_b[@]}"); mb99=$(median "${p99s_b[@]}")
mac=$(median "${cpus_a[@]}"); mbc=$(median "${cpus_b[@]}")
diff() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.3f", b - a}'; }
echo "median of $rounds rounds: A p50 $ma50 ms, p99 $ma99 ms, CPU $mac ms/request | B p50 $mb50 ms, p99 $mb99 ms, CPU $mbc ms/request"
echo "B - A: p50 $(diff "$ma50" "$mb50") ms, p99 $(diff "$ma99" "$mb99") ms, CPU $(diff "$mac" "$mbc") ms/request"
if [ -n "${BEFORE_JAR:-}" ]; then
  mc50=$(median "${p50s_c[@]}"); mc99=$(median "${p99s_c[@]}"); mcc=$(median "${cpus_c[@]}")
  echo "C ($BEFORE_JAR, --capture 100): p50 $mc50 ms, p99 $mc99 ms, CPU $mcc ms/request"
  echo "C - A: p50 $(diff "$ma50" "$mc50") ms, p99 $(diff "$ma99" "$mc99") ms, CPU $(diff "$mac" "$mcc") ms/request"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
