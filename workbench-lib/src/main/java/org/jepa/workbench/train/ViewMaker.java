package org.jepa.workbench.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Produces one augmented view of a batch; the trainer calls it once per view and step. The data
 * package's augmentations plug in as a lambda, e.g. {@code (b, rng) -> aug.apply(b, rng)}.
 */
@FunctionalInterface
public interface ViewMaker {
    /**
     * @param batch inputs [B, C*H*W] (do not modify in place)
     * @param rng   the trainer's seeded generator for this step; use it for every random choice
     * @return the view, same shape as {@code batch}
     */
    INDArray view(INDArray batch, Random rng);

    /** The identity view (no augmentation). */
    static ViewMaker identity() {
        return (b, rng) -> b;
    }
}
