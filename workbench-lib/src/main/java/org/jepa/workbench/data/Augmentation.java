package org.jepa.workbench.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A random, seeded transformation of a batch: maps a matrix [B, D] to a new float32 matrix [B, D]
 * (the input is never modified). All randomness comes from {@code rng}, consumed in a fixed order
 * (sample by sample, step by step), so the same input and a {@code Random} with the same seed give
 * the same output. Build one with {@link Augment}. (Per-pixel noise streams use
 * {@code SplittableRandom.nextGaussian()}, whose algorithm the JDK does not pin down: same numbers on
 * the same JDK, possibly different ones across JDK versions.)
 */
@FunctionalInterface
public interface Augmentation {

    /**
     * @param batch rows are samples, shape [B, D] (for images D = channels*height*width, row-major)
     * @param rng   source of all randomness
     * @return a new float32 matrix [B, D]
     */
    INDArray apply(INDArray batch, Random rng);

    /** This augmentation, then {@code next}, drawing from the same {@code rng}. */
    default Augmentation andThen(Augmentation next) {
        return (batch, rng) -> next.apply(apply(batch, rng), rng);
    }
}
