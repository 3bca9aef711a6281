package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A prediction cost: how far a JEPA's prediction is from its target, in embedding space. It acts on a
 * (prediction, target) pair of batches: the predictor's output and the target encoder's embedding of
 * the next frame, or — in siamese methods, where the predictor is the identity — the two views'
 * embeddings. One implementation per file, with its formula and paper in the Javadoc.
 *
 * <p>Implementations: {@link InvarianceOnly} (mean squared error), {@link EmbeddingPrediction}
 * (MSE / L1 / smooth-L1), {@link CosineRegression}, {@link InfoNCE}, {@link MarginContrastive},
 * {@link BarlowTwins} (cross-correlation of the pair). A cost on its own is an {@link Objective} with
 * no regularizer, so it can be handed to a model directly.
 */
public interface PredictionCost extends Objective {

    /** Short name used in tables, e.g. {@code "infonce"}. */
    String name();

    /**
     * Adds this cost to {@code g}.
     *
     * @param prediction predicted embeddings [N, D] (or the first view's)
     * @param target     target embeddings [N, D] (or the second view's); the model decides whether it
     *                   carries a gradient (siamese) or not (EMA or stop-gradient targets)
     * @return loss terms in a stable order, term name → scalar, each already multiplied by its weight
     */
    Map<String, SDVariable> terms(Graph g, SDVariable prediction, SDVariable target);

    /**
     * Checks the batch shape before any training step; throws {@link org.jepa.workbench.WorkbenchException}
     * naming the problem (e.g. batch size 1 for a contrastive term, which needs negatives).
     */
    @Override
    default void validate(int batchSize, int dim) {
    }

    /** This cost alone. */
    @Override
    default PredictionCost cost() {
        return this;
    }

    /** None: a cost on its own has no regularizer. */
    @Override
    default java.util.List<Regularizer> regularizers() {
        return java.util.List.of();
    }
}
