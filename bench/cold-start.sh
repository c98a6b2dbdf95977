#!/usr/bin/env bash
# Cold start of `./inkwell serve`, this tree against a baseline commit, alternated (A, B, A, B…) so a shared machine's
# load hits both alike: process start to the first 200 prediction of a 28x28 PNG (wall), the JVM's CPU seconds (user +
# system, all threads) at that moment, far less bent by other load than the wall time, and RSS then. Each tree runs
# through its own launcher (its JVM flags and AOT/CDS cache, made by one training start first).
# Usage: bench/cold-start.sh [BASELINE_REF=HEAD~1] [STARTS=6]
# Env: HOME_MODE kept (default: one INKWELL_HOME per tree kept between starts: a restart) or fresh (a new one per
#      start: a first start, as a pod with an empty /data), PORT (18778), SERVE_ARGS (more for `serve`, the same on
#      both sides, e.g. "--footprint lean")
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
baseline="${1:-HEAD~1}"; starts="${2:-6}"; port="${PORT:-18778}"; mode="${HOME_MODE:-kept}"
out="$here/bench/out"; mkdir -p "$out"
ref="$(git rev-parse "$baseline")"
base="$out/cold-baseline-src"
./inkwell --version >/dev/null 2>&1 # builds this tree when needed
if [ "$(cat "$base/.ref" 2>/dev/null)" != "$ref" ] || [ ! -f "$base/inkwell-app/target/inkwell.jar" ]; then
  echo "building the baseline $(git rev-parse --short "$ref")..." >&2
  rm -rf "$base" && mkdir -p "$base"
  git archive "$ref" | tar -x -C "$base"
  (cd "$base" && ./inkwell --version) >"$out/cold-baseline-build.log" 2>&1 || { tail -30 "$out/cold-baseline-build.log"; exit 1; }
  echo "$ref" >"$base/.ref"
fi
img="$here/../shared/samples/handwritten-28px/7.png"
url="http://127.0.0.1:$port/v1/endpoints/default/predict"
work="$(mktemp -d)"; pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; true' EXIT
export INKWELL_SKIP_BUILD=1
. "$here/bench/first-answer.sh" # the first 200 polled without a process per try
one() { # tree home -> "wall_s cpu_s rss_mb"
  local t0 t1
  t0=$(date +%s%N)
  INKWELL_HOME="$2" "$1/inkwell" serve --port "$port" ${SERVE_ARGS:-} >"$work/server.log" 2>&1 &
  pid=$!
  first_answer "$port" "$pid" -H 'Content-Type: image/png' --data-binary @"$img" "$url" || { tail -20 "$work/server.log" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v w=$(( (t1 - t0) / 1000000 )) -v hz="$(getconf CLK_TCK)" -v rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")" \
    '{printf "%.2f %.2f %.0f", w / 1000, ($14 + $15) / hz, rss / 1024}' "/proc/$pid/stat"
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; pid=
}
home() { if [ "$mode" = fresh ]; then mktemp -d "$work/home.XXXXXX"; else mkdir -p "$work/$1"; echo "$work/$1"; fi; }
for side in baseline current; do # training starts: each launcher writes its start-up cache when the JVM exits
  tree="$here"; [ "$side" = baseline ] && tree="$base"
  # twice, in a home of their own: since stop 27 the launcher makes no cache in a new home's first run
  mkdir -p "$work/train-$side"; one "$tree" "$work/train-$side" >/dev/null; one "$tree" "$work/train-$side" >/dev/null
  sleep 1; while pgrep -f 'AOTMode=create|AOTConfiguration=' >/dev/null; do sleep 0.5; done # the JVM assembling the cache
done
echo "== cold start of ./inkwell serve, $starts starts each, HOME_MODE=$mode${SERVE_ARGS:+, serve $SERVE_ARGS}; baseline $(git rev-parse --short "$ref"), current $(git rev-parse --short HEAD)$(git diff --quiet || echo +changes); load average $(cut -d' ' -f1-3 /proc/loadavg) =="
printf '%-9s %-5s %8s %8s %7s %s\n' side start wall_s cpu_s rss_mb load
for n in $(seq "$starts"); do
  for side in baseline current; do
    tree="$here"; [ "$side" = baseline ] && tree="$base"
    read -r wall cpu rss <<<"$(one "$tree" "$(home "$side")")"
    printf '%-9s %-5s %8s %8s %7s %s\n' "$side" "$n" "$wall" "$cpu" "$rss" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/results"
  done
done
awk '{w[$1]=w[$1] " " $3; c[$1]=c[$1] " " $4} END {for (s in w) print "MEDIAN", s, "wall_s", w[s], "| cpu_s", c[s]}' "$work/results" \
  | python3 -c '
import sys, statistics
for line in sys.stdin:
    p = line.split("|"); head = p[0].split(); side = head[1]
    wall = [float(x) for x in head[3:]]; cpu = [float(x) for x in p[1].split()[1:]]
    print(f"MEDIAN {side:9s} wall_s={statistics.median(wall):.2f} cpu_s={statistics.median(cpu):.2f} (min wall {min(wall):.2f}, min cpu {min(cpu):.2f})")'
