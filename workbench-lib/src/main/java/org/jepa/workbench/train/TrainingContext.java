package org.jepa.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What a {@link TrainingCallback} can see and do during training. */
public interface TrainingContext {

    /**
     * Embeds a batch with the current online encoder (inference mode, no gradient).
     *
     * @param x inputs, shape [N, C*H*W] as in {@link org.jepa.workbench.data.LabeledData#features()}
     * @return representations, shape [N, D] (encoder output, before any projector)
     */
    INDArray embed(INDArray x);

    /** Global step index of the last completed step (-1 before the first). */
    long step();

    /** Current epoch, from 0. */
    int epoch();

    /** Asks the trainer to stop after the current step; the reason is recorded in the history. */
    void requestStop(String reason);
}
