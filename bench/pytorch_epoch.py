"""One training epoch of Inkwell's architectures in plain PyTorch, for bench/train-vs-pytorch.sh.

Same layers, initialisation family, loss (cross-entropy with label smoothing 0.1), AdamW (fixed betas) and one-cycle
schedule (Inkwell's LearningRateSchedule.ONECYCLE formula), batch size and input normalisation as Inkwell's trainer;
no augmentation, no validation. Prints the epoch's seconds.
"""
import gzip, math, struct, sys, time
import numpy as np
import torch
from torch import nn

data_dir, arch, batch, threads, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(1)


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


x = idx(f"{data_dir}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
y = idx(f"{data_dir}/train-labels-idx1-ubyte.gz").astype(np.int64)
if limit > 0:
    x, y = x[:limit], y[:limit]
mean, std = x.mean(), x.std()
x = torch.from_numpy((x - mean) / std).unsqueeze(1)
y = torch.from_numpy(y)


def conv(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o, eps=1e-5, momentum=0.1), nn.ReLU()]


if arch == "compact":
    layers = conv(1, 8) + conv(8, 16) + [nn.MaxPool2d(2), nn.Dropout(0.05)] + conv(16, 16) + conv(16, 16) \
        + [nn.MaxPool2d(2), nn.Dropout(0.05)] + conv(16, 24) + [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(24, 10)]
    lr, wd = 0.01, 1e-4
elif arch in ("standard", "wide"):
    layers, c, hw = [], 1, 28
    for w in ((16, 32, 64) if arch == "standard" else (32, 64, 128)):
        layers += conv(c, w) + conv(w, w) + [nn.MaxPool2d(2), nn.Dropout(0.1)]
        c, hw = w, hw // 2
    layers += [nn.Flatten(), nn.Linear(c * hw * hw, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, 10)]
    lr, wd = 0.003, 5e-4
else:
    sys.exit(f"unknown architecture {arch}")
model = nn.Sequential(*layers)
for m in model.modules():
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.kaiming_normal_(m.weight)
decay = [p for p in model.parameters() if p.dim() > 1]
rest = [p for p in model.parameters() if p.dim() <= 1]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": wd}, {"params": rest, "weight_decay": 0}], lr=lr)
steps = (len(y) + batch - 1) // batch
warm = max(1, math.floor(steps * 0.25 + 0.5))


def one_cycle(step):
    # Inkwell's one-cycle as a factor of the peak: linear warm-up from 1/25 over 25 % of the steps, cosine to 1e-4.
    # (torch's OneCycleLR differs: cosine warm-up, a lower floor, and it cycles Adam's beta1, which Inkwell keeps fixed.)
    if step < warm:
        return 1 / 25 + (1 - 1 / 25) * step / warm
    span = steps - 1 - warm
    p = 1.0 if span <= 0 else min(1.0, (step - warm) / span)
    return 1e-4 + (1 - 1e-4) * 0.5 * (1 + math.cos(math.pi * p))


sched = torch.optim.lr_scheduler.LambdaLR(opt, one_cycle)
loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)

model.train()
start = time.perf_counter()
order = torch.randperm(len(y))
correct = 0
for s in range(steps):
    idx_b = order[s * batch:(s + 1) * batch]
    xb, yb = x[idx_b], y[idx_b]
    opt.zero_grad(set_to_none=True)
    out = model(xb)
    loss = loss_fn(out, yb)
    loss.backward()
    opt.step()
    sched.step()
    loss.item()  # Inkwell reads the loss every batch too
    correct += (out.argmax(1) == yb).sum().item()
seconds = time.perf_counter() - start
print(f"pytorch: train accuracy {correct / len(y):.4f}", file=sys.stderr)
print(f"{seconds:.2f}")
