#!/usr/bin/env bash
# The minimal reproduction of issue 10 (docs/training.md#nan): bench/OneDnnRepro.java runs one layer of the compact
# network (3×3 conv, batch norm, ReLU, max pool, AdamW) on one fixed seeded batch, ITERS times per operation, and
# checks every result for NaN/Inf and for bitwise equality with the first run. oneDNN reads its instruction-set cap
# once per process, so each setting runs in its own child JVM, single-threaded (every operation is then deterministic).
#
#   bench/onednn-repro.sh                       # 300 runs per operation; AVX2 and AVX512_CORE; isolated and step modes
#   bench/onednn-repro.sh 1000
#   ISAS="AVX2 AVX512_CORE ALL" LAYERS=1-8@28,16-24@7 BATCH=32 EXTRA="--perturb" bench/onednn-repro.sh 200
#   KERNELS=1 bench/onednn-repro.sh             # also list the oneDNN kernels and memory formats each cap picks
#
# EXTRA takes OneDnnRepro's flags: --poison (NaN-filled freed heap before every operation), --perturb (every new heap
# block filled with a value that differs between runs, so reads of unwritten memory show), --no-malloc-tuning, --dx.
# Prints one RESULT line per layer and setting; exits 1 when any operation was non-finite or not reproducible.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
ITERS="${1:-300}"
ISAS="${ISAS:-AVX2 AVX512_CORE}"
MODES="${MODES:-isolated step}"
LAYERS="${LAYERS:-1-8@28,8-16@28,16-16@14,16-24@7}"   # the compact network's conv layers (in-out@size)
BATCH="${BATCH:-128}"
EXTRA="${EXTRA:-}"
out="$here/bench/out/onednn-repro"
mkdir -p "$out"

./inkwell --version >/dev/null # builds inkwell-app/target/lib (DJL, the PyTorch natives) when needed
cp="$here/inkwell-app/target/lib/*"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ "${KERNELS:-0}" = 1 ]; then
  for isa in $ISAS; do
    ONEDNN_MAX_CPU_ISA="$isa" ONEDNN_VERBOSE=1 OMP_NUM_THREADS=1 "$java" -cp "$cp" bench/OneDnnRepro.java --iters 1 \
      --layers "$LAYERS" --batch "$BATCH" --mode step >"$out/kernels-$isa.log" 2>&1
    echo "== oneDNN kernels under ONEDNN_MAX_CPU_ISA=$isa ($(grep -m1 -o 'oneDNN v[^,]*' "$out/kernels-$isa.log"); $(grep -m1 -o 'isa:[^,]*' "$out/kernels-$isa.log"))"
    # problem, implementation, pass, memory formats (src/wei/dst; ":ap:" = padded, its extra channels must be zero)
    grep 'exec,cpu,convolution' "$out/kernels-$isa.log" | awk -F, '{print "  " $(NF-1), $7, $8, $9}' \
      | sed 's/bia:undef::undef::: //; s/f32://g; s/::f0//g; s/blocked://g; s/kh3sh1dh0ph1_iw[0-9]*ow[0-9]*kw3sw1dw0pw1//' | sort | uniq
  done
fi

status=0
for isa in $ISAS; do
  for mode in $MODES; do
    log="$out/$isa-$mode.log"
    # shellcheck disable=SC2086 # EXTRA is a list of flags
    if [ "$isa" = native ]; then envs=(env -u ONEDNN_MAX_CPU_ISA -u DNNL_MAX_CPU_ISA); else envs=(env ONEDNN_MAX_CPU_ISA="$isa"); fi
    "${envs[@]}" OMP_NUM_THREADS=1 "$java" -cp "$cp" bench/OneDnnRepro.java --iters "$ITERS" --layers "$LAYERS" \
      --batch "$BATCH" --mode "$mode" $EXTRA >"$log" 2>&1 || status=1
    grep -E '^(RESULT|#)|first at run' "$log" | sed "s/^RESULT/RESULT ($mode)/"
    grep -q '^RESULT' "$log" || { echo "RESULT ($mode) cap $isa: the program failed, see $log"; tail -5 "$log"; status=1; }
  done
done
exit "$status"
