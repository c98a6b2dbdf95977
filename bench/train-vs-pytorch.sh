#!/usr/bin/env bash
# Trains the same architecture for one epoch with the same batch size in Inkwell (DJL + PyTorch 2.7.1 natives) and in
# PyTorch itself (Debian's python3-torch), on this machine, one after the other, and prints both epoch times and
# their ratio. Both run without augmentation or validation, with the same thread count, on MNIST's 60,000 images.
#
#   bench/train-vs-pytorch.sh                 # compact, batch 128, all cores
#   ARCH=standard BATCH=64 THREADS=1 LIMIT=20000 bench/train-vs-pytorch.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
PY="${PY:-/usr/bin/python3}"  # Debian's interpreter, where python3-torch installs
ARCH="${ARCH:-compact}"
BATCH="${BATCH:-128}"
THREADS="${THREADS:-$(nproc)}"
LIMIT="${LIMIT:-0}"
DATA="${DATA:-$here/../shared/datasets/mnist}"
out="$here/bench/out"
mkdir -p "$out"

if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
  echo "installing Debian's python3-torch (and numpy)..." >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
fi

echo "== Inkwell: $ARCH, 1 epoch, batch $BATCH, $THREADS thread(s)" >&2
rm -rf "$out/inkwell-$ARCH"
INKWELL_TRAIN_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" INKWELL_PROGRESS=none ./inkwell train --data "$DATA" \
  --arch "$ARCH" --epochs 1 --batch-size "$BATCH" --val-split 0 --no-augment --limit "$LIMIT" --seed 1 \
  --out "$out/inkwell-$ARCH" --json > "$out/inkwell-$ARCH.json"
inkwell_s="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["history"][0]["seconds"])' "$out/inkwell-$ARCH.json")"

echo "== PyTorch $("$PY" -c 'import torch; print(torch.__version__)'): $ARCH, 1 epoch, batch $BATCH, $THREADS thread(s)" >&2
torch_s="$(OMP_NUM_THREADS="$THREADS" "$PY" "$here/bench/pytorch_epoch.py" "$DATA" "$ARCH" "$BATCH" "$THREADS" "$LIMIT")"

"$PY" - "$ARCH" "$BATCH" "$THREADS" "$inkwell_s" "$torch_s" <<'PY'
import sys
arch, batch, threads, a, b = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
print(f"arch {arch}, batch {batch}, threads {threads}")
print(f"inkwell (DJL 0.35.1 + libtorch 2.7.1): {a:8.1f} s/epoch")
print(f"pytorch (python3-torch)              : {b:8.1f} s/epoch")
print(f"ratio inkwell/pytorch                : {a / b:8.2f}x")
PY
