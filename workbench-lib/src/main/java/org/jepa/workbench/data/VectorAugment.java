package org.jepa.workbench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random transformations of plain feature vectors [B, D], applied element-wise in the order they
 * were added to the {@link Builder}. Each step takes one {@code nextLong()} from the {@code Random}
 * per batch to seed a {@link SplittableRandom} (non-atomic, several times faster than
 * {@code java.util.Random} per element) that then draws row by row, feature by feature.
 */
public final class VectorAugment implements Augmentation {

    private interface Step {
        void apply(float[] data, Random rng);
    }

    private final List<Step> steps;
    private final String description;

    private VectorAugment(Builder b) {
        this.steps = List.copyOf(b.steps);
        this.description = "VectorAugment[" + String.join(" -> ", b.names) + "]";
    }

    @Override
    public INDArray apply(INDArray batch, Random rng) {
        int rows = FloatBatch.checkBatch(batch, -1, description);
        WorkbenchException.require(rng != null, description + ": rng is null");
        float[] data = FloatBatch.toFloats(batch);
        FloatBatch.requireFinite(data, description);
        for (Step s : steps) s.apply(data, rng);
        return FloatBatch.matrix(data, rows, batch.columns());
    }

    @Override
    public String toString() {
        return description;
    }

    /** Fluent builder; each call appends one step. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        Builder() {
        }

        /** Adds independent Gaussian noise N(0, sigma^2) to every feature. */
        public Builder noise(double sigma) {
            WorkbenchException.require(sigma >= 0 && Double.isFinite(sigma),
                    "noise: sigma must be finite and >= 0, got " + sigma);
            names.add("noise(" + sigma + ")");
            steps.add((x, rng) -> {
                SplittableRandom g = new SplittableRandom(rng.nextLong());
                for (int i = 0; i < x.length; i++) x[i] += (float) (sigma * g.nextGaussian());
            });
            return this;
        }

        /**
         * Sets each feature to 0 independently with probability {@code p} (no rescaling of the kept
         * features, unlike dropout).
         */
        public Builder featureMask(double p) {
            WorkbenchException.require(p >= 0 && p < 1, "featureMask: p must be in [0, 1), got " + p);
            names.add("featureMask(" + p + ")");
            steps.add((x, rng) -> {
                SplittableRandom g = new SplittableRandom(rng.nextLong());
                for (int i = 0; i < x.length; i++) if (g.nextDouble() < p) x[i] = 0f;
            });
            return this;
        }

        /** The pipeline; with no steps it returns a float32 copy of its input. */
        public VectorAugment build() {
            return new VectorAugment(this);
        }
    }
}
