package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;

/**
 * The free energy of a {@link LatentVariableEnergy} at fixed x, as an {@link Energy} over y ∈ ℝ^d (d = the
 * model's {@link LatentVariableEnergy#yDim() yDim}, 2 for the toy manifolds).
 * <ul>
 *   <li>β = ∞ (zero temperature): {@code F∞(y) = min_z E(x, y, z)}. The minimum is found on the latent
 *       grid; for a 1-D latent it is then refined by projecting y onto the polyline through the decoded
 *       grid (exact for a piecewise-linear g, error O(Δz²) otherwise); optionally followed by
 *       {@link #refine(int, double) gradient descent on z} through the SameDiff graph.
 *       ∇_y F∞ = 2·(y − g(z*)) (envelope theorem).</li>
 *   <li>finite β: {@code F_β(y) = −(1/β)·log Σ_j w_j exp(−β E(x, y, z_j))} over the uniform grid with
 *       normalised trapezoid weights w_j (the trapezoid rule for (1/|Z|)∫ exp(−βE) dz), computed in plain Java doubles with the max-shift (log-sum-exp) trick
 *       — SameDiff's logSumExp backward is broken, and this is evaluation, not training.
 *       ∇_y F_β = Σ_j softmax(−βE)_j · 2(y − g(z_j)).</li>
 * </ul>
 * The decoder is decoded on the grid when this object is created: it is a snapshot of the model then.
 */
public final class FreeEnergy implements Energy {
    private final LatentVariableEnergy model;
    private final double[] x;
    private final double beta;
    private final int refineSteps;
    private final double refineLr;
    private final double[][] zg, g;
    private final double[] pen;
    private final double[] logW; // log trapezoid weights of the grid points, normalised to sum 1

    FreeEnergy(LatentVariableEnergy model, double[] x, double beta, int refineSteps, double refineLr) {
        WorkbenchException.require(x.length == model.xDim(),
                model.name() + ": free energy needs " + model.xDim() + " x value(s), got " + x.length);
        for (double v : x) WorkbenchException.require(Double.isFinite(v), model.name() + ": x is NaN/Inf");
        this.model = model;
        this.x = x.clone();
        this.beta = beta;
        this.refineSteps = refineSteps;
        this.refineLr = refineLr;
        this.zg = model.zGrid();
        this.g = model.decode(tile(zg.length), zg);
        this.logW = new double[zg.length];
        int per = model.gridPerDim();
        double wsum = 0;
        double[] w = new double[zg.length];
        for (int j = 0; j < zg.length; j++) {
            int r = j;
            w[j] = 1;
            for (int d = 0; d < zg[j].length; d++) {
                int idx = r % per;
                r /= per;
                if (idx == 0 || idx == per - 1) w[j] *= 0.5;
            }
            wsum += w[j];
        }
        for (int j = 0; j < zg.length; j++) logW[j] = Math.log(w[j] / wsum);
        this.pen = new double[zg.length];
        for (int j = 0; j < zg.length; j++) {
            double s = 0;
            for (double v : zg[j]) s += Math.abs(v);
            pen[j] = model.l1() * s;
        }
    }

    private double[][] tile(int n) {
        if (x.length == 0) return null;
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) r[i] = x;
        return r;
    }

    /** Same free energy with {@code steps} of gradient descent on z (learning rate {@code lr}) after the grid. */
    public FreeEnergy refine(int steps, double lr) {
        WorkbenchException.require(steps >= 0, "refine steps must be >= 0");
        Checks.positive(lr, "refine learning rate");
        return new FreeEnergy(model, x, beta, steps, lr);
    }

    /** Inverse temperature β (∞ for F∞). */
    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        String b = Double.isInfinite(beta) ? "F∞" : "Fβ(β=" + beta + ")";
        return b + " " + model.name();
    }

    @Override
    public int dim() {
        return model.yDim();
    }

    private static double sqDist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Grid + polyline minimiser for one point: returns {value, z..., p...} with p = g(z*) ∈ ℝ^d. */
    private double[] gridMin(double[] y) {
        int m = g.length, jb = 0, d = y.length;
        double best = Double.MAX_VALUE;
        for (int j = 0; j < m; j++) {
            double e = sqDist(y, g[j]) + pen[j];
            if (e < best) {
                best = e;
                jb = j;
            }
        }
        int k = zg[0].length;
        double[] z = zg[jb].clone();
        double[] p = g[jb].clone();
        if (k == 1) {
            for (int a = Math.max(0, jb - 1); a <= Math.min(m - 2, jb); a++) {
                int b = a + 1;
                double len2 = 0, dot = 0;
                for (int i = 0; i < d; i++) {
                    double ei = g[b][i] - g[a][i];
                    len2 += ei * ei;
                    dot += (y[i] - g[a][i]) * ei;
                }
                if (len2 == 0) continue;
                double t = Math.max(0, Math.min(1, dot / len2));
                double[] q = new double[d];
                for (int i = 0; i < d; i++) q[i] = g[a][i] + t * (g[b][i] - g[a][i]);
                double e = sqDist(y, q) + pen[a] + t * (pen[b] - pen[a]);
                if (e < best) {
                    best = e;
                    z[0] = zg[a][0] + t * (zg[b][0] - zg[a][0]);
                    p = q;
                }
            }
        }
        double[] r = new double[1 + k + d];
        r[0] = best;
        System.arraycopy(z, 0, r, 1, k);
        System.arraycopy(p, 0, r, 1 + k, d);
        return r;
    }

    /** Per point: {value, z*, g(z*)} after grid and optional gradient refinement. */
    private double[][] solve(double[][] y) {
        Checks.points(y, dim(), name());
        int n = y.length, k = model.zDim();
        double[][] res = new double[n][];
        for (int i = 0; i < n; i++) res[i] = gridMin(y[i]);
        if (refineSteps > 0) {
            double[][] z = new double[n][k];
            for (int i = 0; i < n; i++) System.arraycopy(res[i], 1, z[i], 0, k);
            double[][] xs = tile(n);
            double[] zlo = model.zMin(), zhi = model.zMax();
            for (int s = 0; s < refineSteps; s++) {
                double[][] gz = model.gradients(xs, y, z)[1];
                for (int i = 0; i < n; i++)
                    for (int d = 0; d < k; d++) z[i][d] = Math.max(zlo[d], Math.min(zhi[d], z[i][d] - refineLr * gz[i][d]));
            }
            double[] e = model.energies(xs, y, z);
            double[][] p = model.decode(xs, z);
            for (int i = 0; i < n; i++) {
                // a true evaluation of E(y, z) (the polyline value is an interpolation, not an upper bound)
                res[i][0] = e[i];
                System.arraycopy(z[i], 0, res[i], 1, k);
                System.arraycopy(p[i], 0, res[i], 1 + k, p[i].length);
            }
        }
        return res;
    }

    @Override
    public double[] energies(double[][] y) {
        Checks.points(y, dim(), name());
        double[] out = new double[y.length];
        if (Double.isInfinite(beta)) {
            double[][] r = solve(y);
            for (int i = 0; i < y.length; i++) out[i] = r[i][0];
        } else {
            for (int i = 0; i < y.length; i++) out[i] = softmin(y[i], null);
        }
        return out;
    }

    /** Softmin over the grid; fills grad (if not null) with ∇_y F_β. */
    private double softmin(double[] y, double[] grad) {
        int m = g.length, d = y.length;
        double[] e = new double[m];
        double mn = Double.MAX_VALUE;
        for (int j = 0; j < m; j++) {
            e[j] = sqDist(y, g[j]) + pen[j];
            mn = Math.min(mn, e[j]);
        }
        double s = 0;
        double[] gs = new double[d];
        for (int j = 0; j < m; j++) {
            double w = Math.exp(-beta * (e[j] - mn) + logW[j]);
            s += w;
            if (grad != null) for (int i = 0; i < d; i++) gs[i] += w * 2 * (y[i] - g[j][i]);
        }
        if (grad != null) for (int i = 0; i < d; i++) grad[i] = gs[i] / s;
        return mn - Math.log(s) / beta;
    }

    @Override
    public double[][] gradients(double[][] y) {
        Checks.points(y, dim(), name());
        double[][] out = new double[y.length][dim()];
        if (Double.isInfinite(beta)) {
            double[][] r = solve(y);
            int k = model.zDim();
            for (int i = 0; i < y.length; i++)
                for (int c = 0; c < dim(); c++) out[i][c] = 2 * (y[i][c] - r[i][1 + k + c]);
        } else {
            for (int i = 0; i < y.length; i++) softmin(y[i], out[i]);
        }
        return out;
    }

    /** z* = argmin_z E(x, y, z) per point, [N][zDim]. */
    public double[][] argmin(double[][] y) {
        double[][] r = solve(y);
        int k = model.zDim();
        double[][] z = new double[y.length][k];
        for (int i = 0; i < y.length; i++) System.arraycopy(r[i], 1, z[i], 0, k);
        return z;
    }
}
