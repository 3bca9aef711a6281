#!/usr/bin/python3
"""PyTorch CPU reference for bench/TrainBench: the same siamese training step (two views, batch 256,
Adam) for MLP 784-1024-BN-ReLU-1024-BN-ReLU-256 and ConvNet 1x28x28 (conv3x3 32, pool, conv3x3 64, pool,
linear 256), with VICReg (25/25/1) and symmetric InfoNCE (tau 0.1). Prints 'RESULT model objective
samples_per_s'. Run with /usr/bin/python3 (Debian python3-torch); 2 threads."""
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(1)
B = 256


def mlp():
    return nn.Sequential(nn.Linear(784, 1024), nn.BatchNorm1d(1024), nn.ReLU(),
                         nn.Linear(1024, 1024), nn.BatchNorm1d(1024), nn.ReLU(), nn.Linear(1024, 256))


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 3, padding=1)
        self.c2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc = nn.Linear(64 * 7 * 7, 256)

    def forward(self, x):
        x = x.view(-1, 1, 28, 28)
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.fc(x.flatten(1))


def vicreg(za, zb):
    inv = 25.0 * F.mse_loss(za, zb)

    def var(z):
        std = torch.sqrt(z.var(dim=0, unbiased=False) + 1e-4)
        return F.relu(1 - std).mean()

    def cov(z):
        zc = z - z.mean(0)
        c = zc.T @ zc / (z.shape[0] - 1)
        return (c.pow(2).sum() - c.diagonal().pow(2).sum()) / z.shape[1]

    return inv + 12.5 * (var(za) + var(zb)) + cov(za) + cov(zb)


def infonce(za, zb, tau=0.1):
    a, b = F.normalize(za, dim=1), F.normalize(zb, dim=1)
    logits = a @ b.T / tau
    y = torch.arange(za.shape[0])
    return 0.5 * (F.cross_entropy(logits, y) + F.cross_entropy(logits.T, y))


def run(model_name, obj_name, steps):
    net = mlp() if model_name == "mlp" else Conv()
    loss_fn = vicreg if obj_name == "vicreg" else infonce
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    data = torch.rand(B * steps, 784)

    def epoch():
        for s in range(steps):
            x = data[s * B:(s + 1) * B]
            loss = loss_fn(net(x), net(x))
            opt.zero_grad()
            loss.backward()
            opt.step()
        return loss.item()

    epoch()  # warm-up, as the workbench side
    t0 = time.perf_counter()
    epoch()
    return B * steps / (time.perf_counter() - t0)


if __name__ == "__main__":
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    cfg = torch.__config__.show()
    blas = [l.strip() for l in cfg.splitlines() if "BLAS" in l]
    libblas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print("runtime libblas.so.3 ->", libblas)
    print("torch", torch.__version__, "threads", torch.get_num_threads(), "|", "; ".join(blas) or "BLAS: unknown")
    models = sys.argv[2].split(",") if len(sys.argv) > 2 else ["mlp", "conv"]
    for m in models:
        for o in ("vicreg", "infonce"):
            print("RESULT %s %s %.1f" % (m, o, run(m, o, steps)), flush=True)
