package org.jepa.workbench.energy;

import java.util.Random;

/**
 * Negatives from short Langevin chains on the current energy:
 * <pre>  ȳ ← ȳ − η·∇E(ȳ) + noise·√(2η)·ε,  ε ~ N(0, I) </pre>
 * run for {@code steps} steps (default 5) with step η (default 0.01) and noise scale (default 1), clamped
 * to the box. Chains are persistent between calls (PCD; Tieleman 2008), and 5% are restarted uniformly
 * each call so they keep exploring; the conditioning x of each chain is replaced by the current batch's.
 * Du & Mordatch 2019, "Implicit generation and modeling with EBMs".
 */
public final class LangevinNegatives implements NegativeSampler {
    private final Bounds box;
    private final int steps;
    private final double eta, noise;
    private double[][] chains;

    public LangevinNegatives(Bounds box, int steps, double stepSize, double noiseScale) {
        org.jepa.workbench.WorkbenchException.require(steps > 0, "Langevin steps must be > 0, got " + steps);
        Checks.positive(stepSize, "Langevin step size");
        Checks.nonNegative(noiseScale, "Langevin noise scale");
        this.box = box;
        this.steps = steps;
        this.eta = stepSize;
        this.noise = noiseScale;
    }

    @Override
    public String name() {
        return "langevin(" + steps + ")";
    }

    @Override
    public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
        int n = batch.length * k;
        if (chains == null || chains.length != n || chains[0].length != batch[0].length) {
            chains = new UniformNegatives(box).sample(batch, k, c, energy, rng);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch[i / k], 0, chains[i], 0, c);
            if (rng.nextDouble() < 0.05) {
                double[] p = box.sample(rng);
                chains[i][c] = p[0];
                chains[i][c + 1] = p[1];
            }
        }
        double s = noise * Math.sqrt(2 * eta);
        for (int t = 0; t < steps; t++) {
            double[][] g = energy.gradients(chains);
            for (int i = 0; i < n; i++) {
                chains[i][c] += -eta * g[i][c] + s * rng.nextGaussian();
                chains[i][c + 1] += -eta * g[i][c + 1] + s * rng.nextGaussian();
                box.clamp(chains[i], c);
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = chains[i].clone();
        return out;
    }
}
