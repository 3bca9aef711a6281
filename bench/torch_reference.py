#!/usr/bin/python3
"""PyTorch CPU reference for bench/TrainBench: the same siamese training step (two views, batch 256,
Adam) for MLP 784-1024-BN-ReLU-1024-BN-ReLU-256 and ConvNet 1x28x28 (conv3x3 32, pool, conv3x3 64, pool,
linear 256), with the workbench's default objectives written out from their Javadocs:
VICReg.defaults() (invariance 25 x MSE, variance 25 x mean over views of the hinge on sqrt(unbiased
var + 1e-4), covariance 1 x sum over views of off-diagonal C^2 / D with the unbiased covariance) and
InfoNCE.defaults() (NT-Xent over the 2B stacked embeddings, tau 0.1, self-similarity masked out).
Data: the first steps*256 MNIST digits from the IDX file TrainBench passes (grey/255), both views the
same batch. Prints 'RESULT model objective samples_per_s load1' and, last, 'PEAK_RSS_KB kB'. Run with /usr/bin/python3 (Debian
python3-torch); 2 threads.

Usage: torch_reference.py [steps] [mlp,conv] [mnist-images-idx3-ubyte.gz]"""
import gzip
import os
import struct
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
    # Bardes, Ponce, LeCun 2022 with the paper's defaults (lambda = mu = 25, nu = 1, gamma = 1, eps = 1e-4).
    inv = 25.0 * F.mse_loss(za, zb)

    def var(z):
        std = torch.sqrt(z.var(dim=0, unbiased=True) + 1e-4)
        return F.relu(1 - std).mean()

    def cov(z):
        zc = z - z.mean(0)
        c = zc.T @ zc / (z.shape[0] - 1)
        return (c.pow(2).sum() - c.diagonal().pow(2).sum()) / z.shape[1]

    return inv + 25.0 * 0.5 * (var(za) + var(zb)) + 1.0 * (cov(za) + cov(zb))


def infonce(za, zb, tau=0.1):
    # SimCLR's NT-Xent: 2B anchors, positive = the other view, all j != i in the denominator.
    b = za.shape[0]
    u = F.normalize(torch.cat([za, zb], dim=0), dim=1)
    logits = (u @ u.T / tau).masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return F.cross_entropy(logits, target)


def mnist(path, n):
    """The first n images of an IDX3 (gzip) file as float32 [n, 784] in [0, 1]."""
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 0x803 or count < n:
            raise SystemExit("%s: not an IDX3 image file with at least %d images" % (path, n))
        raw = f.read(n * rows * cols)
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(n, rows * cols).float() / 255.0


def run(model_name, obj_name, steps, images):
    net = mlp() if model_name == "mlp" else Conv()
    loss_fn = vicreg if obj_name == "vicreg" else infonce
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    data = mnist(images, B * steps) if images else torch.rand(B * steps, 784)

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
    images = sys.argv[3] if len(sys.argv) > 3 else None
    print("data:", images or "uniform random (no MNIST file given)")
    for m in models:
        for o in ("vicreg", "infonce"):
            sps = run(m, o, steps, images)
            print("RESULT %s %s %.1f %.1f" % (m, o, sps, os.getloadavg()[0]), flush=True)
    # Peak resident size of this process (kB), for the memory comparison (issue 12: ≤ 2× PyTorch). VmHWM, not
    # getrusage's ru_maxrss: that one survives exec, so a child of a large JVM would report the JVM's peak.
    with open("/proc/self/status") as f:
        hwm = [l.split()[1] for l in f if l.startswith("VmHWM:")]
    if hwm:
        print("PEAK_RSS_KB %s" % hwm[0], flush=True)
