#!/usr/bin/env bash
# `./inkwell serve --footprint` fast (the default), lean and small, interleaved (fast, lean, small, fast…) so a shared
# machine's load hits all alike, each through the launcher (its JVM flags and start-up cache, made by one training start
# per side first). Per round and side:
#   cold start: STARTS starts, process start -> first 200 prediction of a 28x28 PNG (wall) and the JVM's CPU then;
#   then, on the last start: WARMUP_S s at 16 clients (28x28), p99 at a paced ~300 req/s (10 connections, 33 ms think
#   time, 15 s), LOAD_S s at 32 clients (req/s, p99), RSS right after that load and after 7 s at rest, then 10 s of
#   600x600 canvas PNGs at 16 clients (req/s, p99) and RSS after them.
# Prints each run, then medians per side.
# Usage: bench/footprint.sh [ROUNDS=2]     Env: SIDES ("fast lean small"), STARTS (2), WARMUP_S (10), LOAD_S (60), PORT (18781)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${1:-2}"; sides="${SIDES:-fast lean small}"; starts="${STARTS:-2}"; warmup_s="${WARMUP_S:-10}"; load_s="${LOAD_S:-60}"; port="${PORT:-18781}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
./inkwell --version >/dev/null # builds when needed, outside the measurements
out="$here/bench/out"; mkdir -p "$out"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
canvas="$out/canvas-600.png"; [ -f "$canvas" ] || "$java_bin" bench/CanvasPng.java "$canvas"
small="$here/../shared/samples/handwritten-28px/7.png"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
export INKWELL_SKIP_BUILD=1 INKWELL_HOME="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$INKWELL_HOME"; true' EXIT
. "$here/bench/first-answer.sh" # the first 200 polled without a process per try
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
start() { # footprint -> sets pid, cold_ms, cold_cpu_ms
  local t0; t0=$(date +%s%N)
  ./inkwell serve --port "$port" --footprint "$1" >"$out/footprint-$1.log" 2>&1 & pid=$!
  first_answer "$port" "$pid" -H 'Content-Type: image/png' --data-binary @"$small" "$url" \
    || { echo "server died:" >&2; tail -20 "$out/footprint-$1.log" >&2; exit 1; }
  cold_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cold_cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }
load() { # connections seconds body [delay_ms] -> "rps p99"
  BODY="$3" DELAY_MS="${4:-0}" wrk -t2 -c"$1" -d"$2"s --timeout 5s -s bench/post.lua "$url" | grep '^RESULT' \
    | sed -E 's/.*rps=([0-9.]+).*p99_ms=([0-9.]+).*/\1 \2/'
}
"$java_bin" -version 2>&1 | head -1 >&2
start fast; stop # the home's first run (no cache is made from it), then each side's training start
for f in $sides; do start "$f"; stop; done
results="$out/footprint.tsv"; : >"$results"
echo "== serve --footprint ${sides// / vs } ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, $starts starts each, c=32 for ${load_s}s) =="
printf '%-5s %-6s %-22s %9s %14s %8s %8s %14s %8s\n' round side "cold ms (CPU ms)" paced_p99 "c32 rps (p99)" rss_load rss_rest "canvas rps (p99)" rss_end
for r in $(seq "$rounds"); do
  for f in $sides; do
    colds=""
    for s in $(seq "$starts"); do
      start "$f"; colds+="$cold_ms ($cold_cpu_ms) "; cold_list+=("$f $cold_ms $cold_cpu_ms")
      [ "$s" -lt "$starts" ] && stop
    done
    load 16 "$warmup_s" "$small" >/dev/null; sleep 1
    read -r _ paced_p99 <<<"$(load 10 15 "$small" 33)"; sleep 1
    read -r rps p99 <<<"$(load 32 "$load_s" "$small")"
    rss_load=$(rss); sleep 7; rss_rest=$(rss)
    read -r canvas_rps canvas_p99 <<<"$(load 16 10 "$canvas")"; rss_end=$(rss)
    printf '%-5s %-6s %-22s %9s %14s %8s %8s %14s %8s\n' "$r" "$f" "$colds" "$paced_p99" "$rps ($p99)" "$rss_load" "$rss_rest" \
      "$canvas_rps ($canvas_p99)" "$rss_end"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$f" "$paced_p99" "$rps" "$p99" "$rss_load" "$rss_rest" "$canvas_rps" \
      "$canvas_p99" "$rss_end" >>"$results"
    stop
  done
done
printf '%s\n' "${cold_list[@]}" >"$out/footprint-cold.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$out/footprint-cold.txt" $sides <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
colds = [l.split() for l in open(sys.argv[2]) if l.strip()]
med = lambda xs: statistics.median(float(x) for x in xs)
print("\nmedians    cold ms (CPU ms)   paced p99   c32 rps (p99)   RSS after load / rest   canvas rps (p99)   RSS end")
for side in sys.argv[3:]:
    r = [x for x in rows if x[1] == side]; c = [x for x in colds if x[0] == side]
    col = lambda i: med(x[i] for x in r)
    print(f"{side:6} {med(x[1] for x in c):10.0f} ({med(x[2] for x in c):.0f}) {col(2):11.2f} {col(3):9.0f} ({col(4):.1f}) "
          f"{col(5):9.0f} / {col(6):.0f} MB {col(7):12.0f} ({col(8):.1f}) {col(9):9.0f} MB")
PY
