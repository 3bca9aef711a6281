package org.jepa.workbench.train;

import java.util.Random;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.LabeledData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Synthetic data and augmentations for tests. */
public final class Synthetic {
    private Synthetic() {
    }

    /** n points in `dim` dimensions around k random centres (scale 1), noise std `noise`. */
    public static LabeledData clusters(int n, int dim, int k, double noise, long seed) {
        Random r = new Random(seed);
        double[][] c = new double[k][dim];
        for (double[] row : c) for (int j = 0; j < dim; j++) row[j] = r.nextGaussian();
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < dim; j++) x[i * dim + j] = (float) (c[y[i]][j] + noise * r.nextGaussian());
        }
        return new LabeledData("clusters", Nd4j.create(x, new long[] {n, dim}), y, 1, 1, dim, k);
    }

    /** Additive Gaussian noise augmentation drawn from the trainer's rng. */
    public static Augmentation noise(double std) {
        return (b, rng) -> {
            float[] e = new float[(int) b.length()];
            for (int i = 0; i < e.length; i++) e[i] = (float) (std * rng.nextGaussian());
            return b.add(Nd4j.create(e, b.shape()).castTo(b.dataType()));
        };
    }

    public static INDArray randn(long seed, DataType t, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(t);
    }
}
