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

    /**
     * The trainer is done with {@code batch}, one this source made: a source whose batches are fresh arrays frees
     * them here, so their off-heap memory goes back at once rather than at some later garbage collection (without
     * it a training run's resident size grows by a batch per step until the collector runs). The default keeps
     * them: a source that hands out arrays someone else also holds must not free them. Called at most once per
     * batch, after its step and before the next batch is drawn; the last one when the fit ends.
     */
    default void release(B batch) {
    }
}
