#!/usr/bin/env bash
# Trains the same architecture for one epoch with the same batch size in Inkwell (DJL + PyTorch 2.7.1 natives) and in
# PyTorch itself (Debian's python3-torch), on this machine, one after the other, and prints both epoch times and
# their ratio. Both run without augmentation or validation, with the same thread count, on MNIST's 60,000 images.
#
#   bench/train-vs-pytorch.sh                 # compact, batch 128, all cores
#   ARCH=standard BATCH=64 THREADS=1 LIMIT=20000 bench/train-vs-pytorch.sh
#   ROUNDS=5 bench/train-vs-pytorch.sh        # five alternating pairs and their median ratio (a shared machine is noisy)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
PY="${PY:-/usr/bin/python3}"  # Debian's interpreter, where python3-torch installs
ARCH="${ARCH:-compact}"
BATCH="${BATCH:-128}"
THREADS="${THREADS:-$(nproc)}"
LIMIT="${LIMIT:-0}"
ROUNDS="${ROUNDS:-1}"   # alternate Inkwell and PyTorch this many times; the median ratio is printed
DATA="${DATA:-$here/../shared/datasets/mnist}"
out="$here/bench/out"
mkdir -p "$out"

if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
  echo "installing Debian's python3-torch (and numpy)..." >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
fi

torch_version="$("$PY" -c 'import torch; print(torch.__version__)')"
inkwell_times=()
torch_times=()
for round in $(seq "$ROUNDS"); do
  echo "== round $round/$ROUNDS: Inkwell: $ARCH, 1 epoch, batch $BATCH, $THREADS thread(s)" >&2
  rm -rf "$out/inkwell-$ARCH"
  INKWELL_TRAIN_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" INKWELL_PROGRESS=none ./inkwell train --data "$DATA" \
    --arch "$ARCH" --epochs 1 --batch-size "$BATCH" --val-split 0 --no-augment --limit "$LIMIT" --seed 1 \
    --out "$out/inkwell-$ARCH" --json > "$out/inkwell-$ARCH.json"
  inkwell_times+=("$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["history"][0]["seconds"])' "$out/inkwell-$ARCH.json")")

  echo "== round $round/$ROUNDS: PyTorch $torch_version: $ARCH, 1 epoch, batch $BATCH, $THREADS thread(s)" >&2
  torch_times+=("$(OMP_NUM_THREADS="$THREADS" "$PY" "$here/bench/pytorch_epoch.py" "$DATA" "$ARCH" "$BATCH" "$THREADS" "$LIMIT")")
done

"$PY" - "$ARCH" "$BATCH" "$THREADS" "${inkwell_times[*]}" "${torch_times[*]}" <<'PY'
import statistics, sys
arch, batch, threads = sys.argv[1], sys.argv[2], sys.argv[3]
a = [float(x) for x in sys.argv[4].split()]
b = [float(x) for x in sys.argv[5].split()]
print(f"arch {arch}, batch {batch}, threads {threads}, {len(a)} round(s), each Inkwell then PyTorch")
print(f"{'round':>5} {'inkwell s':>10} {'pytorch s':>10} {'ratio':>7}")
for i, (x, y) in enumerate(zip(a, b), 1):
    print(f"{i:>5} {x:>10.1f} {y:>10.1f} {x / y:>6.2f}x")
print(f"inkwell (DJL 0.35.1 + libtorch 2.7.1): {statistics.median(a):8.1f} s/epoch (median)")
print(f"pytorch (python3-torch)              : {statistics.median(b):8.1f} s/epoch (median)")
print(f"ratio inkwell/pytorch                : {statistics.median([x / y for x, y in zip(a, b)]):8.2f}x (median of the rounds)")
PY
