package org.jepa.workbench.callback;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What a {@link TrainingCallback} can see and do during training. */
public interface TrainingContext {

    /**
     * Embeds a batch with the current model (inference mode, no gradient), for models that have a
     * representation (a JEPA's encoder); others throw a clear error.
     *
     * @param x inputs, shape [N, C*H*W] (rows of a labelled data set's features)
     * @return representations, shape [N, D] (encoder output, before any projector)
     */
    INDArray embed(INDArray x);

    /** Total optimizer steps this fit will take (resumed steps included). */
    long totalSteps();

    /** Global step index of the last completed step (-1 before the first). */
    long step();

    /** Current epoch, from 0. */
    int epoch();

    /** Asks the trainer to stop after the current step; the reason is recorded in the history. */
    void requestStop(String reason);
}
