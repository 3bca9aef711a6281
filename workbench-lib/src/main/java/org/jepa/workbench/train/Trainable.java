package org.jepa.workbench.train;

import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;

/**
 * Anything the {@link Trainer} can fit: a model that owns a {@link Parameters} store and can build its
 * training loss into a graph over it. A JEPA is one ({@code jepa.Jepa}); so are the energy models of the
 * {@code energy} package. The trainer owns the loop — optimizer, schedules, callbacks, checkpoints,
 * divergence checks — and nothing else trains.
 *
 * @param <B> the batch type (what its {@link org.jepa.workbench.data.BatchSource} produces)
 */
public interface Trainable<B> {

    /** The store the trainer optimises (trainable arrays), checkpoints and restores (all arrays). */
    Parameters parameters();

    /**
     * Builds the training loss into {@code g}, a fresh graph over {@link #parameters()}, and says how to
     * feed it. Called once per fit.
     *
     * @param example the fit's first batch (drawn with a throw-away generator): its shapes fix the graph,
     *                and it is checked here so that a mismatch is one clear error before any step
     */
    TrainingGraph<B> trainingGraph(Graph g, B example);
}
