#!/usr/bin/env bash
# Runs the same seeded training again and again and counts the runs that end in NaN or differ from the first:
# the CLI command of issue 10 (compact, 1 epoch of 20,000 MNIST images, batch 128, no augmentation, seed 1) RUNS
# times, then the ResumeTest (a checkpointed run killed after epoch 1 and resumed must equal an uninterrupted one)
# RUNS times, optionally beside BUSY_THREADS busy loops that load the CPU.
#
#   bench/train-stress.sh                 # 10 CLI runs, 10 ResumeTest runs, no load
#   bench/train-stress.sh 20 2            # 20 + 20 runs beside two busy loops
#   RESUME_RUNS=30 bench/train-stress.sh 20 2
#   INKWELL_ONEDNN_ISA=native bench/train-stress.sh   # oneDNN on its own choice of kernels (AVX-512 where present)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
RUNS="${1:-10}"
BUSY="${2:-0}"
RESUME_RUNS="${RESUME_RUNS:-$RUNS}"
DATA="${DATA:-$here/../shared/datasets/mnist}"
out="$here/bench/out/train-stress"
rm -rf "$out" && mkdir -p "$out"

busy=()
cleanup() { for p in "${busy[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
for _ in $(seq "$BUSY"); do sh -c 'while :; do :; done' & busy+=("$!"); done

# -am: the modules it builds on come from this tree, never from ~/.m2. ./mvnw (the ResumeTest runs) needs a JDK >= 21 in JAVA_HOME; ./inkwell finds one by itself, so do the same here
if ! "${JAVA_HOME:-/nonexistent}/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for d in /usr/lib/jvm/temurin-2*-jdk-amd64 /usr/lib/jvm/java-2*-openjdk-amd64; do
    if [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
  done
fi
./inkwell --version >/dev/null # build once, outside the timed runs
passed=0; failed=0; nan=0; differ=0; first=""
for i in $(seq "$RUNS"); do
  log="$out/cli-$i.log"
  if INKWELL_PROGRESS=none ./inkwell train --data "$DATA" --arch compact --epochs 1 --limit 20000 --batch-size 128 \
       --no-augment --val-split 0 --seed 1 --out "$out/cli-$i" >"$log" 2>&1; then
    sum="$(sha256sum "$out/cli-$i/model.params" | cut -c1-64)"
    [ -z "$first" ] && first="$sum"
    if [ "$sum" = "$first" ]; then passed=$((passed + 1)); s="ok"; else differ=$((differ + 1)); failed=$((failed + 1)); s="DIFFERENT parameters"; fi
  else
    failed=$((failed + 1)); s="FAILED: $(grep -m1 -E 'inkwell:|Exception' "$log" | cut -c1-300)"
  fi
  grep -qi 'nan' "$log" && nan=$((nan + 1))
  echo "cli run $i/$RUNS: $s" >&2
  rm -rf "$out/cli-$i"
done
echo "CLI training: $passed passed, $failed failed ($nan with NaN, $differ with parameters unlike the first run's; params sha256 ${first:0:16})"

rpassed=0; rfailed=0; rnan=0
for i in $(seq "$RESUME_RUNS"); do
  log="$out/resume-$i.log"
  if ./mvnw -B -q -o verify -pl inkwell-train -am -Dcheckstyle.skip -Dtest=ResumeTest -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true >"$log" 2>&1; then
    rpassed=$((rpassed + 1)); s="ok"
  else
    rfailed=$((rfailed + 1)); s="FAILED: $(grep -m1 -E 'TrainingFault|diverged|fault|Exception' "$log" | cut -c1-300)"
  fi
  grep -q 'NaN' "$log" && rnan=$((rnan + 1))
  echo "ResumeTest run $i/$RESUME_RUNS: $s" >&2
done
echo "ResumeTest: $rpassed passed, $rfailed failed ($rnan with NaN)"
echo "busy loops: $BUSY; oneDNN instruction set: ${INKWELL_ONEDNN_ISA:-default} (see docs/training.md#nan)"
[ "$failed" -eq 0 ] && [ "$rfailed" -eq 0 ]
