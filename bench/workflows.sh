#!/usr/bin/env bash
# Workflows: seed 003's state machine as the Step Functions console exports it (../shared/conformance/seed003), with
# examples/seed003/functions.json, on a 28x28 PNG (../shared/samples/handwritten-28px/7.png) in a folder bucket and the
# mnist model on a local endpoint, through
#   - the in-memory engine (what `inkwell workflows run` uses: nothing recorded), and
#   - the store-backed runtime (what `inkwell serve` and `workflows start --wait` use: SQLite, every transition
#     journaled, group-committed),
# printed side by side: executions/s with IN_FLIGHT at a time, one execution's latency, and the cost of one
# transition from Pass-only workflows of CHAIN states and of 1 state run one at a time ((t_CHAIN - t_1) / (CHAIN - 1)).
# Targets: >= 200 executions/s and <= 0.5 ms per transition on 2 cores. The measuring part is bench/WorkflowBench.java.
# The store's commits wait for the disk (SQLite's default synchronous=FULL): its figures are the disk's as much as
# Inkwell's. STORE_DIR puts the SQLite file elsewhere (e.g. /dev/shm to see the engine without the disk).
#   bench/workflows.sh    Env: COUNT (1000), IN_FLIGHT (16), CHAIN (300), CHAIN_RUNS (100), STORE_DIR (a temp folder)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$here/../shared"
count="${COUNT:-1000}"
in_flight="${IN_FLIGHT:-16}"
chain="${CHAIN:-300}"
chain_runs="${CHAIN_RUNS:-100}"
work="$(mktemp -d /tmp/inkwell-workflows-bench.XXXXXX)"
export INKWELL_HOME="$work/home" INKWELL_PROGRESS=none
store_dir="$(mktemp -d "${STORE_DIR:-$work}/store.XXXXXX")"
trap 'rm -rf "$work" "$store_dir"' EXIT
model="$shared/models/mnist-8.onnx"
[ -f "$model" ] || model=mnist
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done

"$here/inkwell" --version >/dev/null   # build first, outside the timings
echo "seed 003 on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); model $model; store $store_dir/inkwell.db ($(df --output=fstype "$store_dir" | tail -1)); $count executions, $in_flight in flight"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$here/inkwell-app/target/inkwell.jar:$here/inkwell-app/target/lib/*" \
  "$here/bench/WorkflowBench.java" "$work" "$shared/samples/handwritten-28px" "$model" \
  "$shared/conformance/seed003/statemachine.json" "$here/examples/seed003/functions.json" \
  "$count" "$in_flight" "$chain" "$chain_runs" "$store_dir/inkwell.db" 2>"$work/bench.log" || { tail -30 "$work/bench.log" >&2; exit 1; }
