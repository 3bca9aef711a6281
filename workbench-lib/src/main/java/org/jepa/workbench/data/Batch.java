package org.jepa.workbench.data;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training batch for a JEPA: B sequences of T frames, and the actions taken between consecutive
 * frames. Two-view methods are the case T = 2 (the two augmented views, no actions); masked prediction
 * is T = 2 (context, full view) with the mask descriptor as the one action; a world model's batch is a
 * window of a trajectory.
 *
 * @param observations frames [B, T, F], each frame flattened (F = C·H·W, row-major)
 * @param actions      actions [B, T−1, A] (a_t leads from frame t to t+1), or null when there are none
 */
public record Batch(INDArray observations, INDArray actions) {

    public Batch {
        WorkbenchException.require(observations != null, "Batch: observations are null");
        WorkbenchException.require(observations.rank() == 3, "Batch: observations must be [B, T, F], got shape "
                + Arrays.toString(observations.shape()));
        WorkbenchException.require(observations.size(0) > 0 && observations.size(1) > 0 && observations.size(2) > 0,
                "Batch: empty observations " + Arrays.toString(observations.shape()));
        if (actions != null) {
            WorkbenchException.require(actions.rank() == 3 && actions.size(0) == observations.size(0)
                            && actions.size(1) == observations.size(1) - 1 && actions.size(2) > 0,
                    "Batch: actions must be [B, T−1, A] = [" + observations.size(0) + ", " + (observations.size(1) - 1)
                            + ", A], got " + Arrays.toString(actions.shape()));
        }
    }

    /** B, the number of sequences. */
    public int size() {
        return (int) observations.size(0);
    }

    /** T, frames per sequence. */
    public int frames() {
        return (int) observations.size(1);
    }

    /** F, the flattened width of one frame. */
    public long frameWidth() {
        return observations.size(2);
    }

    /** A, the action width; 0 when there are no actions. */
    public long actionWidth() {
        return actions == null ? 0 : actions.size(2);
    }

    /**
     * Frees both arrays' off-heap memory now. Only for a batch whose arrays nothing else uses — a source's own fresh
     * batch, from its {@link BatchSource#release}; views (whose memory is another array's) are left alone, and an
     * array already freed is skipped. Using an array after this fails with ND4J's "argument was closed" error.
     */
    public void close() {
        Sources.close(observations);
        if (actions != null) Sources.close(actions);
    }
}
