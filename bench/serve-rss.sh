#!/usr/bin/env bash
# Resident memory of `./inkwell serve` under JVM flag variants, side by side: each variant's server gets a warm-up run
# first (it writes that variant's AOT cache), then per round and variant: start, LOAD_S s of 28x28 PNG predictions at
# c=32 (wrk), RSS right after the load and again after IDLE_S s at rest, young collections (count, seconds), req/s.
# Variants are INKWELL_JAVA_OPTS values, added after the launcher's own flags (so they override them), or
# "env:NAME=VALUE ..." for environment variables of the server (e.g. env:MALLOC_ARENA_MAX=1).
# Usage: bench/serve-rss.sh ROUNDS "OPTS_A" "OPTS_B" ...   e.g. bench/serve-rss.sh 2 "-XX:TrimNativeHeapInterval=0" ""
# Env: LOAD_S (20), IDLE_S (7), PORT (18777)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${1:?usage: bench/serve-rss.sh ROUNDS OPTS...}"; shift
[ $# -ge 1 ] || { echo "give at least one variant of INKWELL_JAVA_OPTS (\"\" for the launcher's defaults)" >&2; exit 2; }
port="${PORT:-18777}"; load_s="${LOAD_S:-20}"; idle_s="${IDLE_S:-7}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
./inkwell --version >/dev/null # builds when needed, outside the measurements
export INKWELL_SKIP_BUILD=1 INKWELL_HOME="$(mktemp -d)"
img="$here/../shared/samples/handwritten-28px/7.png"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$INKWELL_HOME"; true' EXIT
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
young() { awk '{print $(NF-6), $(NF-5)}' <<<"$("$JSTAT" -gc "$1" | tail -1)"; }
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/jstat" ]; then JSTAT="$d/bin/jstat"; break; fi
done
one() { # variant warm|measure; a variant "env:NAME=VALUE ..." sets environment variables instead of JVM flags
  local opts="$1" envs=()
  if [[ "$1" == env:* ]]; then opts=""; read -r -a envs <<<"${1#env:}"; fi
  env ${envs[@]+"${envs[@]}"} INKWELL_JAVA_OPTS="$opts" ./inkwell serve --port "$port" >"$INKWELL_HOME/server.log" 2>&1 &
  local launcher=$! tries=0
  until curl -sf -o /dev/null -H 'Content-Type: image/png' --data-binary @"$img" "$url"; do
    sleep 0.1; tries=$((tries + 1))
    if [ $tries -gt 600 ] || ! kill -0 $launcher 2>/dev/null; then echo "server did not start:" >&2; tail -5 "$INKWELL_HOME/server.log" >&2; exit 1; fi
  done
  pid=$launcher # the launcher execs java: same pid
  if [ "$2" = measure ]; then
    local result loaded rested
    result=$(BODY="$img" wrk -t2 -c32 -d"${load_s}s" -s bench/post.lua "$url" | grep RESULT)
    loaded=$(rss $pid); sleep "$idle_s"; rested=$(rss $pid)
    printf '%-45s rss_after_load_mb=%-4s rss_at_rest_mb=%-4s young_gc_count/s=%-12s %s\n' "[${1}]" "$loaded" "$rested" "$(young $pid | tr ' ' /)" \
      "$(grep -o 'rps=[0-9.]*' <<<"$result") load=$(cut -d' ' -f1 /proc/loadavg)"
  fi
  kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; pid=
}
echo "== serve RSS: $rounds round(s), ${load_s} s at c=32 then ${idle_s} s at rest; load average $(cut -d' ' -f1-3 /proc/loadavg) =="
one "" warm # the home's first run (the launcher makes no start-up cache in a new home), then each variant's training start
for o in "$@"; do one "$o" warm; done
for r in $(seq "$rounds"); do for o in "$@"; do one "$o" measure; done; done
