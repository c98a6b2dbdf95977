#!/usr/bin/env bash
# Inkwell's `./inkwell serve` against the serving stacks it replaces, interleaved on one machine with the same payload
# (a 28x28 PNG, ../shared/samples/handwritten-28px/7.png) and the same wrk runs:
#   onnx:  seed 001's stack as a service: FastAPI + uvicorn (1 worker) + onnxruntime serving ../shared/models/mnist-8.onnx,
#          Pillow's naive resize (bench/peers/peer_onnx.py)
#   keras: seed 002's stack: FastAPI + uvicorn + a Keras (TensorFlow) CNN of the seed's shape, built UNTRAINED at start
#          (only serving costs are compared; bench/peers/peer_keras.py, direct model call)
# Inkwell serves the same mnist-8.onnx, with its own preprocessing (polarity, crop, centre of mass...).
# Per round and side: cold start (process start -> first 200 prediction), WARMUP_S s warm-up at 16 connections (default
# 30: after 5 s the JVM's compiler threads are still busy, ~0.5 ms of CPU per request, so a short warm-up measures the
# JIT, not serving; the peers get the same warm-up), p99 at a paced ~300 req/s
# (10 connections, 33 ms think time each, drawn from 16.5-49.5 ms so that the requests spread out: bench/post.lua),
# the same in lockstep (JITTER=0: one fixed 33 ms pause, so the ten connections send together, bursts of ten requests
# at once ~30 times a second; how every paced figure before stop 38 was taken),
# the same spread pacing against a route that does no work (Inkwell's /health/live,
# the peers' GET /health, after 3 s unpaced on it: the floor the harness, the kernel and the machine's other work put
# under every tail), req/s
# at 32 connections for LOAD_S, RSS (VmRSS) after that load, and last the p99 at a paced ~1,000 req/s (20 connections,
# 19 ms think time; a side that cannot keep up shows it in its rate).
# When haproxy is installed, its static answer (one event loop in C, no work) is paced the same way first, spread and in
# lockstep: what this machine and the harness cost before any server's own.
# Prints each run and a table of ranges (min-max over rounds) with Inkwell/peer ratios of the medians, then for each
# round and Inkwell side which of issue 17's serving targets it met (all of them in one round, or not).
# Usage: bench/serve-vs-peers.sh            Env: ROUNDS (2), LOAD_S (60), PACED_S (15), WARMUP_S (30), PEERS ("onnx keras"), PORT (18480),
#   INKWELL_SIDES ("inkwell"; "inkwell inkwell-lean inkwell-small" adds `serve --footprint lean` and `small` as sides of their own)
# The peers are installed into bench/out/peers-venv with pip (from the machine's configured package index).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${ROUNDS:-2}"; load_s="${LOAD_S:-60}"; paced_s="${PACED_S:-15}"; warmup_s="${WARMUP_S:-30}"; peers="${PEERS:-onnx keras}"; port="${PORT:-18480}"
out="$here/bench/out"; mkdir -p "$out"
model="$here/../shared/models/mnist-8.onnx"
small="$here/../shared/samples/handwritten-28px/7.png"
[ -f "$model" ] || { echo "needs $model" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

venv="$out/peers-venv"
pip_install() { # packages...: quietly; a machine whose index is a local folder gets it named (no retries against PyPI)
  local index=(); [ -d /opt/pypi/simple ] && index=(-i file:///opt/pypi/simple)
  "$venv/bin/pip" install -q "${index[@]}" "$@" >"$out/peers-pip.log" 2>&1
}
if [ ! -x "$venv/bin/uvicorn" ]; then
  echo "installing the peers (fastapi, uvicorn, onnxruntime, pillow) into $venv..." >&2
  python3 -m venv "$venv" && pip_install fastapi uvicorn onnxruntime pillow numpy || { tail -5 "$out/peers-pip.log"; exit 1; }
fi
if [[ " $peers " == *" keras "* ]] && ! "$venv/bin/python" -c 'import keras, tensorflow' 2>/dev/null; then
  echo "installing tensorflow-cpu and keras..." >&2
  pip_install tensorflow-cpu keras || { echo "tensorflow could not be installed: skipping the keras peer" >&2; peers="${peers/keras/}"; }
fi

echo "building inkwell..." >&2
./mvnw -q -B -DskipTests package -pl inkwell-app -am >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }

pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT
start() { # side -> sets pid, url
  case "$1" in
    inkwell|inkwell-lean|inkwell-small) url="http://127.0.0.1:$port/v1/endpoints/default/predict"; idle_url="http://127.0.0.1:$port/health/live"
             footprint=fast; [ "$1" != inkwell ] && footprint="${1#inkwell-}"
             INKWELL_SKIP_BUILD=1 ./inkwell serve --port "$port" --model "$model" --footprint "$footprint" >"$out/peer-$1.log" 2>&1 & pid=$! ;;
    onnx|keras) url="http://127.0.0.1:$port/predict"; idle_url="http://127.0.0.1:$port/health"
             (cd bench/peers && PEER_MODEL="$model" exec "$venv/bin/uvicorn" "peer_$1:app" --port "$port" --workers 1 \
               --log-level warning) >"$out/peer-$1.log" 2>&1 & pid=$! ;;
  esac
}
. "$here/bench/first-answer.sh"
wait_200() { # the port, then the first 200, polled without forking a process per try (bench/first-answer.sh)
  first_answer "$port" "$pid" -H 'Content-Type: image/png' --data-binary @"$small" "$url" \
    || { echo "$side died:" >&2; tail -20 "$out/peer-$side.log" >&2; exit 1; }
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; sleep 1; }
wrk_run() { # connections seconds [delay_ms] [a URL to GET instead of posting the picture] [jitter] -> RESULT line
  local body="$small"; [ -n "${4:-}" ] && body=""
  BODY="$body" DELAY_MS="${3:-0}" JITTER="${5:-0.5}" wrk -t2 -c"$1" -d"$2"s --timeout 5s -s bench/post.lua "${4:-$url}" | grep '^RESULT'
}

# a training start of Inkwell's launcher: writes its start-up cache (AOT cache on JDK 25+, else AppCDS) for this build
inkwell_sides="${INKWELL_SIDES:-inkwell}"
for side in $inkwell_sides; do start "$side"; wait_200; stop; done

results="$out/serve-vs-peers.tsv"; : >"$results"
if command -v haproxy >/dev/null; then # the floor under every side: a static answer from one C event loop
  printf 'global\n  nbthread 1\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\nfrontend f\n  bind 127.0.0.1:%s\n  http-request return status 200 content-type text/plain string ok\n' \
    "$port" >"$out/floor-haproxy.cfg"
  haproxy -f "$out/floor-haproxy.cfg" >"$out/floor-haproxy.log" 2>&1 & pid=$!
  first_answer "$port" "$pid" "http://127.0.0.1:$port/" || { echo "haproxy did not start" >&2; tail -5 "$out/floor-haproxy.log" >&2; exit 1; }
  spread=$(wrk_run 10 "$paced_s" 33 "http://127.0.0.1:$port/"); lockstep=$(wrk_run 10 "$paced_s" 33 "http://127.0.0.1:$port/" 0)
  echo "floor reference, haproxy's static answer paced as below: spread $(grep -o 'p50_ms=[0-9.]* p99_ms=[0-9.]*' <<<"$spread"), lockstep $(grep -o 'p50_ms=[0-9.]* p99_ms=[0-9.]*' <<<"$lockstep")"
  stop
fi
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== serve vs peers ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average at start $load_start; $rounds rounds, warm-up ${warmup_s}s, c=32 for ${load_s}s, paced ${paced_s}s; peers: $peers) =="
printf '%-5s %-13s %9s %12s %12s %12s %12s %12s %8s %s\n' round side cold_ms paced_p99_ms lockstep_p99 floor_p99_ms p99_at_1000 c32_rps rss_mb "paced/c32 detail"
for r in $(seq "$rounds"); do
  for side in $inkwell_sides $peers; do
    t0=$(date +%s%N); start "$side"; wait_200; cold=$(( ($(date +%s%N) - t0) / 1000000 ))
    wrk_run 16 "$warmup_s" >/dev/null; sleep 1
    paced=$(wrk_run 10 "$paced_s" 33); sleep 1
    lockstep=$(wrk_run 10 "$paced_s" 33 "" 0); sleep 1
    # the no-work route warmed first: the warm-up above never calls it, and C2-only `lean` interpreted it through its
    # first paced run (p99 ~2.4 ms against ~0.9 ms in a second run)
    wrk_run 4 3 0 "$idle_url" >/dev/null
    idle=$(wrk_run 10 "$paced_s" 33 "$idle_url"); sleep 1
    c32=$(wrk_run 32 "$load_s")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    sleep 1; high=$(wrk_run 20 "$paced_s" 19) # after the RSS reading, which stays comparable with runs before it had this
    p99=$(grep -o 'p99_ms=[0-9.]*' <<<"$paced" | cut -d= -f2); rps=$(grep -o 'rps=[0-9.]*' <<<"$c32" | cut -d= -f2)
    floor=$(grep -o 'p99_ms=[0-9.]*' <<<"$idle" | cut -d= -f2); burst=$(grep -o 'p99_ms=[0-9.]*' <<<"$lockstep" | cut -d= -f2)
    high_p99=$(grep -o 'p99_ms=[0-9.]*' <<<"$high" | cut -d= -f2); high_rps=$(grep -o 'rps=[0-9.]*' <<<"$high" | cut -d= -f2)
    [ -n "$high_p99" ] || high_p99="-"; [ -n "$burst" ] || burst="-" # a run that printed nothing is no figure
    [ "$(grep -o 'non2xx=[0-9]*' <<<"$idle" | cut -d= -f2)" = 0 ] || floor="-" # a route that answered errors is no floor
    printf '%-5s %-13s %9s %12s %12s %12s %12s %12s %8s %s | %s\n' "$r" "$side" "$cold" "$p99" "$burst" "$floor" "$high_p99" "$rps" "$rss" \
      "$(grep -o 'rps=[0-9.]* p50_ms=[0-9.]*' <<<"$paced") errors=$(grep -o 'errors=[0-9]*' <<<"$paced" | cut -d= -f2); at ~1,000: rps=$high_rps" \
      "$(grep -o 'p99_ms=[0-9.]*' <<<"$c32") errors=$(grep -o 'errors=[0-9]*' <<<"$c32" | cut -d= -f2)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$side" "$cold" "$p99" "$rps" "$rss" "$floor" "$high_p99" "$burst" >>"$results"
    stop
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
sides = list(dict.fromkeys(r[1] for r in rows))
figures = [("throughput, 28x28 PNG, c=32 (req/s)", 4, "%.0f"), ("p99 at a paced ~300 req/s (ms)", 3, "%.2f"),
           ("p99 at ~300 req/s in lockstep: bursts of ten at once (ms)", 8, "%.2f"),
           ("p99 of a route that does no work, paced the same (ms): the floor", 6, "%.2f"),
           ("p99 at a paced ~1,000 req/s (ms)", 7, "%.2f"),
           ("cold start to first prediction (ms)", 2, "%.0f"), ("RSS after the c=32 load (MB)", 5, "%.0f")]
def vals(side, i): return [float(r[i]) for r in rows if r[1] == side and r[i] != "-"]
print()
ours = [s for s in sides if s.startswith("inkwell")]
pairs = [(a, b) for a in ours for b in sides if b not in ours]
print("| figure | " + " | ".join(sides) + " | " + " | ".join(f"{a}/{b} (medians)" for a, b in pairs) + " |")
print("|---" * (1 + len(sides) + len(pairs)) + "|")
for name, i, fmt in figures:
    cells = []
    for s in sides:
        v = vals(s, i)
        cells.append("—" if not v else (fmt % min(v)) + ("" if min(v) == max(v) else "–" + fmt % max(v)))
    ratios = []
    for x, y in pairs:
        if not vals(x, i) or not vals(y, i):
            ratios.append("—")
            continue
        a, b = statistics.median(vals(x, i)), statistics.median(vals(y, i))
        ratios.append("%.2f×" % (a / b) if b else "—")
    print(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
# issue 17's serving targets, round by round: met together in one round, or not
print()
print("targets per round (start <= 600 ms, RSS <= 150 MB, p99 <= 2.5 ms at ~300 and <= 5 ms at ~1,000 req/s, "
      ">= 2x the onnx peer's req/s in the same round):")
def num(x): return None if x in ("-", "") else float(x)
for s in ours:
    for r in [r for r in rows if r[1] == s]:
        peer = [float(q[4]) for q in rows if q[0] == r[0] and q[1] == "onnx"]
        checks = [("start", num(r[2]), lambda v: v <= 600, "%.0f ms"), ("RSS", num(r[5]), lambda v: v <= 150, "%.0f MB"),
                  ("p99@300", num(r[3]), lambda v: v <= 2.5, "%.2f ms"), ("p99@1000", num(r[7]), lambda v: v <= 5, "%.2f ms"),
                  ("req/s", float(r[4]) / peer[0] if peer and peer[0] else None, lambda v: v >= 2, "%.2fx")]
        met = [c for c in checks if c[1] is not None and c[2](c[1])]
        cells = ", ".join(f"{n} {(f % v) if v is not None else '-'} {'ok' if v is not None and ok(v) else 'MISS'}" for n, v, ok, f in checks)
        print(f"  {s} round {r[0]}: {cells}: {len(met)} of {len(checks)}" + (" ALL MET" if len(met) == len(checks) else ""))
PY
