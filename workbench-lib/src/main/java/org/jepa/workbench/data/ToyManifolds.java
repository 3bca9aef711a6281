package org.jepa.workbench.data;

import java.util.Random;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;

/**
 * Seeded generators for 2-D toy manifolds used to draw energy landscapes.
 *
 * <ul>
 *   <li><b>ellipse / horn</b> (NYU DLSP practicum 15, "inference/training for LV-EBMs"):
 *       {@code y = [ρ₁(x)·cos θ, ρ₂(x)·sin θ] + ε}, θ ~ U[0, 2π), ε ~ N(0, σ²·I), σ = 0.05, with
 *       {@code ρ(x) = [αx + β(1−x), βx + α(1−x)]·exp(2x)}. The practicum fixes x = 0, α = 1.5, β = 2, so
 *       the ellipse has semi-axes ρ₁ = β = 2 (horizontal) and ρ₂ = α = 1.5 (vertical). The horn draws
 *       x ~ U[0, 1] per point (x is returned), giving ellipses that grow and rotate their aspect with x.
 *       (Shared notes give y and x=0, α=1.5, β=2; the ρ(x) formula is the practicum's as we recall it.)</li>
 *   <li><b>spiral</b>: θ ~ U[0, turns·2π), r = 0.25 + θ/(2π)·spacing, y = r·[cos θ, sin θ] + ε.</li>
 *   <li><b>two moons</b>: upper arc [cos t, sin t], lower arc [1 − cos t, 0.5 − sin t], t ~ U[0, π]; θ = t.</li>
 * </ul>
 * Same seed → same points. Usage: {@code ToyManifolds.ellipse().samples(200).seed(1).generate()}.
 */
public final class ToyManifolds {
    static {
        FirstUse.run(); // often the first workbench class a notebook touches
    }

    /** Which manifold to draw. */
    public enum Kind { ELLIPSE, HORN, SPIRAL, TWO_MOONS }

    private final Kind kind;
    private int samples = 200;
    private double noise = 0.05;
    private long seed = 0;
    private double alpha = 1.5, beta = 2.0, xFixed = 0.0;
    private double turns = 1.5, spacing = 0.9;

    private ToyManifolds(Kind kind) {
        this.kind = kind;
    }

    /** NYU practicum ellipse (x = 0, α = 1.5, β = 2: semi-axes 2 and 1.5). */
    public static ToyManifolds ellipse() {
        return new ToyManifolds(Kind.ELLIPSE);
    }

    /** Conditional horn: x ~ U[0,1], ellipse of axes ρ(x). */
    public static ToyManifolds horn() {
        return new ToyManifolds(Kind.HORN);
    }

    public static ToyManifolds spiral() {
        return new ToyManifolds(Kind.SPIRAL);
    }

    public static ToyManifolds twoMoons() {
        return new ToyManifolds(Kind.TWO_MOONS);
    }

    public static ToyManifolds of(Kind kind) {
        return new ToyManifolds(kind);
    }

    /** Number of points N (≥ 1). Default 200. */
    public ToyManifolds samples(int n) {
        WorkbenchException.require(n > 0, "samples must be > 0, got " + n);
        this.samples = n;
        return this;
    }

    /** Standard deviation σ of the isotropic Gaussian noise ε (≥ 0). Default 0.05. */
    public ToyManifolds noise(double sigma) {
        WorkbenchException.require(Double.isFinite(sigma) && sigma >= 0, "noise must be finite and >= 0, got " + sigma);
        this.noise = sigma;
        return this;
    }

    public ToyManifolds seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Ellipse/horn α (default 1.5) and β (default 2). */
    public ToyManifolds alphaBeta(double alpha, double beta) {
        WorkbenchException.require(Double.isFinite(alpha) && Double.isFinite(beta) && alpha > 0 && beta > 0,
                "alpha and beta must be finite and > 0, got " + alpha + ", " + beta);
        this.alpha = alpha;
        this.beta = beta;
        return this;
    }

    /** The fixed x of the ellipse (default 0, as in the practicum). */
    public ToyManifolds x(double x) {
        WorkbenchException.require(Double.isFinite(x), "x must be finite");
        this.xFixed = x;
        return this;
    }

    /** Spiral: number of turns (default 1.5) and radial growth per turn (default 0.9). */
    public ToyManifolds spiralShape(double turns, double spacing) {
        WorkbenchException.require(turns > 0 && spacing > 0, "spiral turns and spacing must be > 0");
        this.turns = turns;
        this.spacing = spacing;
        return this;
    }

    /** ρ(x) = [αx + β(1−x), βx + α(1−x)]·exp(2x). */
    public static double[] rho(double x, double alpha, double beta) {
        double s = Math.exp(2 * x);
        return new double[] {(alpha * x + beta * (1 - x)) * s, (beta * x + alpha * (1 - x)) * s};
    }

    public ToyData generate() {
        Random r = new Random(seed);
        int n = samples;
        double[][] y = new double[n][2];
        double[] theta = new double[n];
        double[] x = kind == Kind.HORN ? new double[n] : null;
        int[] branch = (kind == Kind.TWO_MOONS || kind == Kind.SPIRAL) ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case ELLIPSE, HORN -> {
                    double xi = kind == Kind.HORN ? r.nextDouble() : xFixed;
                    if (x != null) x[i] = xi;
                    double[] rh = rho(xi, alpha, beta);
                    double t = 2 * Math.PI * r.nextDouble();
                    theta[i] = t;
                    y[i][0] = rh[0] * Math.cos(t);
                    y[i][1] = rh[1] * Math.sin(t);
                }
                case SPIRAL -> {
                    double t = turns * 2 * Math.PI * r.nextDouble();
                    theta[i] = t;
                    double rad = 0.25 + t / (2 * Math.PI) * spacing;
                    y[i][0] = rad * Math.cos(t);
                    y[i][1] = rad * Math.sin(t);
                    branch[i] = (int) (t / (2 * Math.PI));
                }
                case TWO_MOONS -> {
                    double t = Math.PI * r.nextDouble();
                    theta[i] = t;
                    int b = r.nextBoolean() ? 0 : 1;
                    branch[i] = b;
                    y[i][0] = b == 0 ? Math.cos(t) : 1 - Math.cos(t);
                    y[i][1] = b == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
                }
            }
            y[i][0] += noise * r.nextGaussian();
            y[i][1] += noise * r.nextGaussian();
        }
        return new ToyData(kind.name().toLowerCase(), y, x, theta, branch);
    }

    /**
     * Off-manifold probes: uniform points in the box [lo, hi]² whose distance to every point of a dense
     * noise-free sample of this manifold is at least {@code minDistance}. Used for the energy gap.
     */
    public double[][] offManifoldProbes(int n, double lo, double hi, double minDistance) {
        WorkbenchException.require(n > 0 && hi > lo && minDistance > 0, "offManifoldProbes: need n > 0, hi > lo, minDistance > 0");
        ToyManifolds clean = of(kind).samples(4000).noise(0).seed(seed + 7919).alphaBeta(alpha, beta).x(xFixed)
                .spiralShape(turns, spacing);
        double[][] dense = clean.generate().y();
        Random r = new Random(seed + 104729);
        double[][] out = new double[n][];
        int k = 0, tries = 0;
        while (k < n) {
            WorkbenchException.require(++tries < 1000 * n, "offManifoldProbes: box too small for minDistance " + minDistance);
            double a = lo + (hi - lo) * r.nextDouble(), b = lo + (hi - lo) * r.nextDouble();
            double best = Double.MAX_VALUE;
            for (double[] p : dense) best = Math.min(best, (p[0] - a) * (p[0] - a) + (p[1] - b) * (p[1] - b));
            if (best >= minDistance * minDistance) out[k++] = new double[] {a, b};
        }
        return out;
    }
}
