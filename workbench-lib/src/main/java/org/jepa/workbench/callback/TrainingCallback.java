package org.jepa.workbench.callback;

import java.util.Map;

/** Hooks into a training run; every method has an empty default. Called on the training thread. */
public interface TrainingCallback {

    /** Before the first step. */
    default void onStart(TrainingContext ctx) {
    }

    /**
     * After each optimizer step.
     *
     * @param step   global step index, starting at 0
     * @param losses this step's loss terms (weighted) and {@code "loss"}, the total
     */
    default void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
    }

    /** After each epoch, with the epoch's mean of every loss term. */
    default void onEpochEnd(TrainingContext ctx, int epoch, Map<String, Double> meanLosses) {
    }

    /** After the last step (also after an early stop). */
    default void onEnd(TrainingContext ctx) {
    }
}
