package org.jepa.workbench.energy;

import java.util.Random;

/** Negatives drawn uniformly in a box (the plotting domain): cheap, but most land far from the data. */
public final class UniformNegatives implements NegativeSampler {
    private final Bounds box;

    public UniformNegatives(Bounds box) {
        this.box = box;
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
        double[][] out = new double[batch.length * k][];
        for (int i = 0; i < batch.length; i++)
            for (int j = 0; j < k; j++) {
                double[] r = batch[i].clone();
                double[] p = box.sample(rng);
                r[c] = p[0];
                r[c + 1] = p[1];
                out[i * k + j] = r;
            }
        return out;
    }
}
