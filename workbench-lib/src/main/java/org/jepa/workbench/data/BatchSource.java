package org.jepa.workbench.data;

import java.util.Random;

/**
 * Where a trainer draws its batches from: N examples, of which it asks for minibatches by index. The
 * trainer fixes the order (a seeded permutation per epoch) and hands in its generator, so augmentations
 * and masks drawn here are reproducible too.
 *
 * @param <B> the batch type the model trains on ({@link Batch} for JEPAs)
 */
public interface BatchSource<B> {

    /** Number of examples N. */
    int size();

    /**
     * The batch made of examples {@code rows}.
     *
     * @param rows indices in [0, N)
     * @param rng  the trainer's seeded generator for this step; draw every random choice from it
     */
    B batch(int[] rows, Random rng);
}
