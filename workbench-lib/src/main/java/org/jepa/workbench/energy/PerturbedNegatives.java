package org.jepa.workbench.energy;

import java.util.Random;

/**
 * Negatives made by perturbing data points (denoising-style), in data units:
 * <ul>
 *   <li>Gaussian: ȳ = y + σ·ε, ε ~ N(0, I) — many land back on the manifold when σ is large compared with
 *       its curvature, so the model cannot separate them;</li>
 *   <li>shell: ȳ = y + r·u with u uniform on the unit circle — every negative is exactly r from its data
 *       point ({@link #shell(double)}).</li>
 * </ul>
 */
public final class PerturbedNegatives implements NegativeSampler {
    private final double sigma;
    private final boolean shell;

    public PerturbedNegatives(double sigma) {
        this(sigma, false);
    }

    private PerturbedNegatives(double scale, boolean shell) {
        Checks.positive(scale, shell ? "shell radius" : "perturbation sigma");
        this.sigma = scale;
        this.shell = shell;
    }

    /** Negatives at distance exactly r from their data point, in a uniform direction. */
    public static PerturbedNegatives shell(double r) {
        return new PerturbedNegatives(r, true);
    }

    @Override
    public String name() {
        return shell ? "shell(r=" + sigma + ")" : "perturbed(σ=" + sigma + ")";
    }

    @Override
    public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
        double[][] out = new double[batch.length * k][];
        for (int i = 0; i < batch.length; i++)
            for (int j = 0; j < k; j++) {
                double[] r = batch[i].clone();
                if (shell) {
                    double a = 2 * Math.PI * rng.nextDouble();
                    r[c] += sigma * Math.cos(a);
                    r[c + 1] += sigma * Math.sin(a);
                } else {
                    r[c] += sigma * rng.nextGaussian();
                    r[c + 1] += sigma * rng.nextGaussian();
                }
                out[i * k + j] = r;
            }
        return out;
    }
}
