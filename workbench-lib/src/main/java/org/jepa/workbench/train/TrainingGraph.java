package org.jepa.workbench.train;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's training loss, built into a graph by {@link Trainable#trainingGraph}, and what the trainer
 * needs to run it step by step.
 *
 * @param <B> the batch type
 */
public interface TrainingGraph<B> {

    /** Weighted loss terms, in a stable order; the training loss is their sum. */
    Map<String, SDVariable> terms();

    /** Extra scalars recorded in the history but not optimised (e.g. mean energy of data and negatives). */
    default Map<String, SDVariable> monitors() {
        return Map.of();
    }

    /**
     * Input values for one step, by the input variable they feed (as created with
     * {@link org.jepa.workbench.model.Graph#input}). May draw from {@code rng} (after the batch source did),
     * e.g. contrastive negatives.
     */
    Map<SDVariable, INDArray> feed(B batch, Step step, Random rng);

    /** Variables whose gradients {@link #afterUpdate} needs but the optimizer must not touch (latent codes). */
    default List<SDVariable> extraGradients() {
        return List.of();
    }

    /**
     * After the optimizer updated the parameters (and running statistics): EMA targets, per-sample codes.
     *
     * @param gradients the step's gradients (of the parameters and of {@link #extraGradients()})
     * @return scalars to record in the history, in the order of {@link #scalarNames()}
     */
    default Map<String, Double> afterUpdate(Step step, Gradients gradients) {
        return Map.of();
    }

    /** The gradients of one step. */
    @FunctionalInterface
    interface Gradients {
        /** The gradient of the loss with respect to {@code v} (same shape as v), or null when the loss does not reach it. */
        INDArray of(SDVariable v);
    }

    /** Names of the scalars {@link #afterUpdate} returns (history columns), e.g. {@code ema_tau}. */
    default List<String> scalarNames() {
        return List.of();
    }

    /** State beyond the parameters that a checkpoint must keep (per-sample codes); copies. */
    default Map<String, INDArray> state() {
        return Map.of();
    }

    /** Restores {@link #state()} from a checkpoint; a mismatch is one clear error. */
    default void restore(Map<String, INDArray> state) {
    }

    /**
     * Where a training step stands.
     *
     * @param index global step index, from 0
     * @param epoch epoch, from 0
     * @param total total steps of the fit
     * @param lr    learning rate of this step
     */
    record Step(long index, int epoch, long total, double lr) {
    }
}
