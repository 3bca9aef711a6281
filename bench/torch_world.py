#!/usr/bin/python3
"""PyTorch twin of the Two Rooms world model (TwoRoomsModel defaults) for WorldBench: training samples/s
and planning throughput (predictor rollouts per second, action-gradient calls per second) on CPU.

Same shapes as the workbench's model: encoder Linear(1568, 512) + BatchNorm + ReLU + Linear(512, 16);
predictor z + MLP([z, a]) with two hidden layers of 256; inverse-dynamics head Linear(32, 128) + ReLU +
Linear(128, 2); loss 16·prediction MSE over a 2-step rollout + 4·variance hinge + 1·temporal smoothness +
16·inverse-dynamics MSE; Adam, batch 64 trajectories of 5 frames. Frames are random (the workbench renders
its frames inside the timed loop; that costs about 2 % of a step there).
Usage: torch_world.py STEPS   (prints RESULT lines)
"""
import sys, time, os
import torch
import torch.nn as nn

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
torch.manual_seed(1)
F, D, A, T, B, K, H = 2 * 28 * 28, 16, 2, 5, 64, 2, 30
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 60

enc = nn.Sequential(nn.Linear(F, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, D))
pred = nn.Sequential(nn.Linear(D + A, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, D))
idm = nn.Sequential(nn.Linear(2 * D, 128), nn.ReLU(), nn.Linear(128, A))
opt = torch.optim.Adam(list(enc.parameters()) + list(pred.parameters()) + list(idm.parameters()), lr=3e-3)


def step(obs, act):
    z = enc(obs.reshape(-1, F)).reshape(B, T, D)
    loss = 0
    state = z[:, :-1]
    for k in range(1, K + 1):
        n = T - k
        state = state[:, :n] + pred(torch.cat([state[:, :n], act[:, k - 1:k - 1 + n]], -1))
        loss = loss + 16 * ((state - z[:, k:k + n]) ** 2).mean()
    flat = z.reshape(-1, D)
    std = torch.sqrt(flat.var(0) + 1e-4)
    loss = loss + 4 * torch.relu(1 - std).mean()
    loss = loss + ((z[:, 1:] - z[:, :-1]) ** 2).mean()
    loss = loss + 16 * ((idm(torch.cat([z[:, :-1], z[:, 1:]], -1)) - act) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


obs = torch.rand(B, T, F)
act = torch.randn(B, T - 1, A)
for _ in range(10):
    step(obs, act)
t0 = time.perf_counter()
for _ in range(steps):
    step(obs, act)
train = B * steps / (time.perf_counter() - t0)
print(f"RESULT training {train:.1f}")

enc.eval()
with torch.no_grad():
    z0 = enc(torch.rand(1, F))
    goal = enc(torch.rand(1, F))


def energies(a):
    z = z0.expand(a.shape[0], D)
    e = 0
    for t in range(H):
        z = z + pred(torch.cat([z, a[:, t]], -1))
        e = e + torch.sqrt(((z - goal) ** 2).sum(-1) + 1e-12)
    return e


cand = torch.randn(200, H, A)
with torch.no_grad():
    for _ in range(3):
        energies(cand)
    t0 = time.perf_counter()
    for _ in range(20):
        energies(cand)
    per = (time.perf_counter() - t0) / 20
print(f"RESULT rollouts {200 * H / per:.1f}")

g = torch.randn(8, H, A, requires_grad=True)
for _ in range(3):
    energies(g).sum().backward()
t0 = time.perf_counter()
for _ in range(20):
    g.grad = None
    energies(g).sum().backward()
print(f"RESULT gradients {20 / (time.perf_counter() - t0):.1f}")
