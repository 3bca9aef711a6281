#!/usr/bin/python3
"""Independent PyTorch reference for the workbench objectives (parity check).

Written from the papers' definitions, not from the Java code, so that a wrong formula on either side
shows up as a mismatch (a gradient check only proves a gradient matches its own loss).

Usage:  /usr/bin/python3 objectives_torch.py cases.json  > results.json
        (or the JSON on stdin when no file is given). Stdlib + torch only.

Input:  {"cases": [{"id": str, "objective": str, "params": {name: number|str},
                    "za": [[B x D floats]], "zb": [[B x D floats]],
                    "directions": [[D x K floats]]   (SIGReg only)}]}
Output: {"torch": version, "cases": [{"id": str, "terms": {term: {"value": float,
          "grad_za": [[...]], "grad_zb": [[...]]}}}]}
Exit code 77 (and a message on stderr) when torch cannot be imported.
Everything is float64 on one CPU thread; each term is differentiated on its own with respect to za, zb.
Term names and their weights follow the workbench's documented conventions (each term already
carries its weight; the loss is their sum).
"""
import json
import math
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:  # the Java test skips (JUnit assumption) on this exit code
    sys.stderr.write("objectives_torch.py: PyTorch is not importable: %s\n" % e)
    sys.exit(77)

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def off_diagonal(m):
    """Entries of a square matrix off its diagonal, as a flat vector."""
    n = m.shape[0]
    return m[~torch.eye(n, dtype=torch.bool)]


# ---------------------------------------------------------------- objectives, one function each

def invariance_only(za, zb, p, _dirs):
    # Mean squared error between the views (VICReg's invariance term alone).
    return {"invariance": p.get("weight", 1.0) * F.mse_loss(za, zb)}


def info_nce(za, zb, p, _dirs):
    # SimCLR's NT-Xent (Chen et al. 2020, eq. 1): 2B samples, cosine similarity / tau, the positive
    # of k is its other view, the denominator runs over all j != k; averaged over the 2B anchors.
    tau = p.get("temperature", 0.1)
    b = za.shape[0]
    u = F.normalize(torch.cat([za, zb], dim=0), dim=1)
    logits = (u @ u.T) / tau
    logits = logits.masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return {"contrastive": p.get("weight", 1.0) * F.cross_entropy(logits, target)}


def margin(za, zb, p, _dirs):
    # DrLIM (Hadsell, Chopra, LeCun 2006): similar pairs pay D^2, dissimilar pairs max(0, m - D)^2
    # (the workbench drops DrLIM's factors 1/2). Positives (i, i), negatives (i, j != i) in the batch.
    m = p.get("margin", 1.0)
    pos = (za - zb).pow(2).sum(dim=1).mean()
    d = torch.cdist(za, zb, p=2.0, compute_mode="donot_use_mm_for_euclid_dist")
    neg = F.relu(m - off_diagonal(d)).pow(2).mean()
    return {"positive": p.get("positiveWeight", 1.0) * pos,
            "negative": p.get("negativeWeight", 1.0) * neg}


def vicreg(za, zb, p, _dirs):
    # Bardes, Ponce, LeCun 2022, eqs. 1-6 (as lightly's vicreg_loss.py): MSE invariance; hinge on the
    # std (unbiased variance + eps) averaged over views; off-diagonal squared covariance / D summed
    # over views.
    gamma, eps = p.get("gamma", 1.0), p.get("epsilon", 1e-4)

    def variance(x):
        std = torch.sqrt(x.var(dim=0, unbiased=True) + eps)
        return F.relu(gamma - std).mean()

    def covariance(x):
        n, dim = x.shape
        xc = x - x.mean(dim=0)
        cov = xc.T @ xc / (n - 1)
        return off_diagonal(cov).pow(2).sum() / dim

    return {"invariance": p.get("invarianceWeight", 25.0) * F.mse_loss(za, zb),
            "variance": p.get("varianceWeight", 25.0) * 0.5 * (variance(za) + variance(zb)),
            "covariance": p.get("covarianceWeight", 1.0) * (covariance(za) + covariance(zb))}


def barlow(za, zb, p, _dirs):
    # Zbontar et al. 2021, eq. 1 with their Algorithm 1: batch-norm each view (no affine, training
    # statistics), C = a^T b / B, (1 - C_ii)^2 summed + lambda * sum_{i != j} C_ij^2.
    lam, eps, w = p.get("lambda", 5e-3), p.get("epsilon", 1e-5), p.get("weight", 1.0)
    a = F.batch_norm(za, None, None, training=True, eps=eps)
    b = F.batch_norm(zb, None, None, training=True, eps=eps)
    c = a.T @ b / za.shape[0]
    return {"invariance": w * (1.0 - torch.diagonal(c)).pow(2).sum(),
            "redundancy": w * lam * off_diagonal(c).pow(2).sum()}


def epps_pulley(x, t):
    """Epps-Pulley statistic of each column of x [N, K]: N * integral over t of
    |ecf(t) - exp(-t^2/2)|^2 exp(-t^2/2), trapezoid rule on the symmetric grid t; mean over columns."""
    n = x.shape[0]
    ecf = torch.exp(1j * (x.unsqueeze(-1) * t)).mean(dim=0)  # [K, T] complex
    normal_cf = torch.exp(-0.5 * t * t)
    diff = ecf - normal_cf
    integrand = (diff.real.pow(2) + diff.imag.pow(2)) * normal_cf
    return (n * torch.trapz(integrand, t, dim=-1)).mean()


def sigreg(za, zb, p, dirs):
    # LeJEPA (Balestriero, LeCun 2025): SIGReg = mean over unit directions a_k of Epps-Pulley on
    # z a_k, here on [-t_max, t_max] with the same knot spacing as the half-line rule; MINIMAL.md's
    # loss over V = 2 views: (1 - lambda) * mean over views of (view - mean of views)^2
    # + lambda * mean over views of SIGReg.
    lam = p.get("lambda", 0.02)
    knots, t_max = int(p.get("knots", 17)), p.get("tMax", 3.0)
    t = torch.linspace(-t_max, t_max, 2 * knots - 1)
    views = torch.stack([za, zb])  # [V, B, D]
    inv = (views.mean(dim=0, keepdim=True) - views).pow(2).mean()
    sig = torch.stack([epps_pulley(v @ dirs, t) for v in views]).mean()
    return {"invariance": (1 - lam) * inv, "sigreg": lam * sig}


def byol(za, zb, p, _dirs):
    # BYOL (Grill et al. 2020, eq. 2): || q/|q| - z/|z| ||^2 = 2 - 2 cos(q, z), averaged over the batch.
    return {"regression": p.get("weight", 1.0) * (2 - 2 * F.cosine_similarity(za, zb, dim=1)).mean()}


def jepa(za, zb, p, _dirs):
    # Prediction error in embedding space: I-JEPA uses smooth L1, V-JEPA L1; MSE as the default.
    dist, w = p.get("distance", "mse"), p.get("weight", 1.0)
    if dist == "mse":
        loss = F.mse_loss(za, zb)
    elif dist == "smooth_l1":
        loss = F.smooth_l1_loss(za, zb, beta=p.get("beta", 1.0))
    elif dist == "l1":
        loss = F.l1_loss(za, zb)
    else:
        raise ValueError("unknown distance " + repr(dist))
    return {"prediction": w * loss}


OBJECTIVES = {"none": invariance_only, "infonce": info_nce, "margin": margin, "vicreg": vicreg,
              "barlow": barlow, "sigreg": sigreg, "byol": byol, "jepa": jepa}


def run_case(case):
    za = torch.tensor(case["za"], dtype=torch.float64, requires_grad=True)
    zb = torch.tensor(case["zb"], dtype=torch.float64, requires_grad=True)
    dirs = case.get("directions")
    dirs = None if dirs is None else torch.tensor(dirs, dtype=torch.float64)
    terms = OBJECTIVES[case["objective"]](za, zb, case.get("params", {}), dirs)
    out = {}
    for name, value in terms.items():
        ga, gb = torch.autograd.grad(value, [za, zb], retain_graph=True, allow_unused=True)
        ga = torch.zeros_like(za) if ga is None else ga
        gb = torch.zeros_like(zb) if gb is None else gb
        v = value.item()
        if not math.isfinite(v):
            raise ValueError("case %s term %s is not finite: %r" % (case["id"], name, v))
        out[name] = {"value": v, "grad_za": ga.tolist(), "grad_zb": gb.tolist()}
    return {"id": case["id"], "terms": out}


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], "r", encoding="utf-8") as f:
            spec = json.load(f)
    else:
        spec = json.load(sys.stdin)
    result = {"torch": torch.__version__, "cases": [run_case(c) for c in spec["cases"]]}
    json.dump(result, sys.stdout)  # json writes floats with repr: exact float64 round trip
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
