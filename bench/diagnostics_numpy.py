#!/usr/bin/python3
"""numpy twin of org.jepa.workbench.diagnostics.bench.DiagnosticsBench: the same collapse metrics, the same
algorithms (one centred Gram for all second moments, reused for LiDAR's within-class scatter as
Gc - q*Mc^T*Mc, symmetric eigenvalues, Cholesky route for LiDAR, all
pairs of a 1024-row subset for uniformity), timed on the same matrix.

usage: diagnostics_numpy.py FILE N D Q [REPEATS]
FILE: raw little-endian float64, row-major [N, D]; rows i*Q .. i*Q+Q-1 are the Q views of sample i.
Prints one JSON line: median wall and CPU (all threads) seconds and the metric values."""
import json
import sys
import time

import numpy as np


def metrics(z, q, rng):
    n, d = z.shape
    mu = z.mean(axis=0)
    zc = z - mu
    gc = zc.T @ zc
    g = gc + n * np.outer(mu, mu)
    std = np.sqrt(np.clip(np.diag(gc), 0, None) / (n - 1))
    rms_std = np.sqrt(np.mean(std ** 2))
    dead = float(np.mean(std < 0.01 * rms_std))
    u = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    std_norm = float(u.std(axis=0, ddof=1).mean())
    sv = np.sqrt(np.clip(np.linalg.eigvalsh(g)[::-1][: min(n, d)], 0, None))
    p = sv / sv.sum() + 1e-7
    rankme = float(np.exp(-(p * np.log(p)).sum()))
    cov = np.clip(np.linalg.eigvalsh(gc)[::-1], 0, None) / (n - 1)
    sd = np.sqrt(np.clip(np.diag(gc), 0, None))
    den = np.outer(sd, sd)
    corr = np.where(den > 0, gc / np.where(den > 0, den, 1), 0.0)
    # uniformity: all distinct pairs of a 1024-row subset
    m = min(n, 1024)
    idx = np.sort(rng.choice(n, m, replace=False))
    us = u[idx]
    gg = us @ us.T
    s = np.diag(gg)
    sq = np.clip(s[:, None] + s[None, :] - 2 * gg, 0, None)
    e = -2.0 * sq[np.triu_indices(m, 1)]
    mx = e.max()
    unif = float(mx + np.log(np.mean(np.exp(e - mx))))
    # LiDAR with q views (rows grouped by sample), delta 1e-4, eps 1e-7
    # same algebra as the Java side: within scatter = Gc - q * Mc^T Mc (Mc = centred class means)
    e3 = z.reshape(n // q, q, d)
    ns = n // q
    mc = e3.mean(axis=1) - mu
    mm = mc.T @ mc
    sw = (gc - q * mm) / (ns * (q - 1)) + 1e-4 * np.eye(d)
    sb = mm / (ns - 1)
    L = np.linalg.cholesky(sw)
    linv = np.linalg.inv(L)
    lam = np.clip(np.linalg.eigvalsh(linv @ sb @ linv.T)[::-1], 0, None)
    p = lam / lam.sum() + 1e-7
    lidar = float(np.exp(-(p * np.log(p)).sum()))
    # alignment of view 0 vs view 1
    a = u.reshape(ns, q, d)
    align = float(np.mean(np.sum((a[:, 0, :] - a[:, 1, :]) ** 2, axis=1)))
    return {"rankMe": rankme, "stdOfL2Normalized": std_norm, "deadDimFraction": dead, "covTop": float(cov[0]),
            "uniformity": unif, "lidar": lidar, "alignment": align, "corr01": float(corr[0, 1])}


def main():
    path, n, d, q = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    z = np.fromfile(path, dtype="<f8").reshape(n, d)
    rng = np.random.default_rng(0)
    metrics(z, q, rng)  # warm-up
    times = []
    cpu = []
    for _ in range(reps):
        t = time.perf_counter()
        c = time.process_time()
        vals = metrics(z, q, rng)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    blas = "unknown"
    try:
        cfg = np.__config__.blas_opt_info if hasattr(np.__config__, "blas_opt_info") else {}
        blas = ",".join(cfg.get("libraries", [])) or "see numpy.show_config()"
    except Exception:
        pass
    print(json.dumps({"median_s": float(np.median(times)), "median_cpu_s": float(np.median(cpu)), "times_s": times, "cpu_s": cpu, "numpy": np.__version__,
                      "blas": blas, "values": vals}))


if __name__ == "__main__":
    main()
