package org.jepa.workbench.energy;

import java.util.Random;

/**
 * Produces contrastive negatives ȳ for a batch of data points. The first {@code conditionDim} columns
 * of each row (the conditioning x) are copied from the data point; only the y columns are sampled.
 * Implementations: {@link UniformNegatives}, {@link PerturbedNegatives}, {@link LangevinNegatives}.
 */
public interface NegativeSampler {
    String name();

    /**
     * @param batch        data rows [B][c+2]
     * @param k            negatives per data point
     * @param conditionDim c, number of leading conditioning columns
     * @param energy       the current energy (used by MCMC samplers)
     * @return negatives [B·k][c+2], rows i·k … i·k+k−1 belong to data point i
     */
    double[][] sample(double[][] batch, int k, int conditionDim, Energy energy, Random rng);

    static NegativeSampler uniform(Bounds box) {
        return new UniformNegatives(box);
    }

    static NegativeSampler perturbed(double sigma) {
        return new PerturbedNegatives(sigma);
    }

    static NegativeSampler shell(double radius) {
        return PerturbedNegatives.shell(radius);
    }

    static NegativeSampler langevin(Bounds box, int steps, double stepSize, double noiseScale) {
        return new LangevinNegatives(box, steps, stepSize, noiseScale);
    }
}
