package org.jepa.workbench.data;

import java.util.Arrays;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trajectories as a batch source: observations [N, T, F] and the actions between frames [N, T−1, A]
 * (or none). A batch is B whole trajectories, or, with {@link #window}, a random window of W consecutive
 * frames from each (its start drawn from the trainer's generator), as world models are trained.
 *
 * <pre>{@code
 * trainer.fit(worldModel, Sequences.of(frames, actions).window(9));
 * }</pre>
 */
public final class Sequences implements BatchSource<Batch> {
    private final INDArray observations;
    private final INDArray actions;
    private final int window;

    private Sequences(INDArray observations, INDArray actions, int window) {
        this.observations = observations;
        this.actions = actions;
        this.window = window;
    }

    /**
     * @param observations [N, T, F], finite
     * @param actions      [N, T−1, A], finite, or null
     */
    public static Sequences of(INDArray observations, INDArray actions) {
        WorkbenchException.require(observations != null && observations.rank() == 3, "Sequences: observations must be [N, T, F], got "
                + (observations == null ? "null" : Arrays.toString(observations.shape())));
        WorkbenchException.require(observations.size(0) > 0 && observations.size(1) >= 2,
                "Sequences: need at least one trajectory of 2 frames, got " + Arrays.toString(observations.shape()));
        Sources.checkFinite(observations, "Sequences observations");
        if (actions != null) {
            WorkbenchException.require(actions.rank() == 3 && actions.size(0) == observations.size(0)
                    && actions.size(1) == observations.size(1) - 1, "Sequences: actions must be [N, T−1, A] = ["
                    + observations.size(0) + ", " + (observations.size(1) - 1) + ", A], got " + Arrays.toString(actions.shape()));
            Sources.checkFinite(actions, "Sequences actions");
        }
        return new Sequences(observations, actions, (int) observations.size(1));
    }

    /** Same trajectories, batched as random windows of {@code frames} consecutive frames (2 ≤ frames ≤ T). */
    public Sequences window(int frames) {
        WorkbenchException.require(frames >= 2 && frames <= observations.size(1), "Sequences.window: frames must be in [2, "
                + observations.size(1) + "], got " + frames);
        return new Sequences(observations, actions, frames);
    }

    /** Frames per trajectory T. */
    public int length() {
        return (int) observations.size(1);
    }

    @Override
    public int size() {
        return (int) observations.size(0);
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        long t = observations.size(1);
        INDArray ow = Nd4j.create(observations.dataType(), rows.length, window, observations.size(2));
        INDArray aw = actions == null ? null : Nd4j.create(actions.dataType(), rows.length, window - 1, actions.size(2));
        for (int i = 0; i < rows.length; i++) {
            int s = window == t ? 0 : rng.nextInt((int) (t - window + 1));
            ow.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(observations.get(NDArrayIndex.point(rows[i]), NDArrayIndex.interval(s, s + window), NDArrayIndex.all()));
            if (aw != null) {
                aw.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all())
                        .assign(actions.get(NDArrayIndex.point(rows[i]), NDArrayIndex.interval(s, s + window - 1), NDArrayIndex.all()));
            }
        }
        return new Batch(ow, aw);
    }

    /** Frees the batch's windows (fresh arrays made by {@link #batch}). */
    @Override
    public void release(Batch batch) {
        batch.close();
    }

}
