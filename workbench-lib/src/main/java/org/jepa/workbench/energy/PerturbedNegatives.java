package org.jepa.workbench.energy;

import java.util.Random;

/**
 * Negatives made by perturbing data points with isotropic Gaussian noise, ȳ = y + σ·ε (σ > 0, in data
 * units; default 0.5): they probe the immediate neighbourhood of the manifold (denoising-style).
 */
public final class PerturbedNegatives implements NegativeSampler {
    private final double sigma;

    public PerturbedNegatives(double sigma) {
        Checks.positive(sigma, "perturbation sigma");
        this.sigma = sigma;
    }

    @Override
    public String name() {
        return "perturbed(σ=" + sigma + ")";
    }

    @Override
    public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
        double[][] out = new double[batch.length * k][];
        for (int i = 0; i < batch.length; i++)
            for (int j = 0; j < k; j++) {
                double[] r = batch[i].clone();
                r[c] += sigma * rng.nextGaussian();
                r[c + 1] += sigma * rng.nextGaussian();
                out[i * k + j] = r;
            }
        return out;
    }
}
