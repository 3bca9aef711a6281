package org.jepa.workbench.objective;

import java.util.List;
import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A named training objective: one {@link PredictionCost} plus zero or more {@link Regularizer}s on the
 * embeddings. The methods of the literature are presets built from these parts:
 * <pre>
 *   VICReg   = InvarianceOnly(λ)      + Variance(μ) + Covariance(ν)
 *   SIGReg   = InvarianceOnly((1−λ)/4) + IsotropicGaussian(λ)          (LeJEPA)
 *   InfoNCE, BarlowTwins, MarginContrastive, CosineRegression, EmbeddingPrediction, InvarianceOnly:
 *            a cost and no regularizer
 * </pre>
 * so {@code VICReg.defaults()} reads the same in a notebook as before and a JEPA can also take the
 * parts one by one. The training loss is the sum of all terms, cost terms first.
 */
public interface Objective {

    /** Short name used in history tables and plots, e.g. {@code "vicreg"}. */
    String name();

    /** The prediction cost. */
    PredictionCost cost();

    /** The regularizers, in the order their terms are added (empty for pure costs). */
    List<Regularizer> regularizers();

    /**
     * The objective on two batches of embeddings: the cost on (za, zb) and every regularizer on the two
     * views [za, zb]. Used by tests and by anything that scores two embedding batches.
     *
     * @param za first view (or prediction) [B, D]
     * @param zb second view (or target) [B, D]
     * @param dim D
     */
    default Map<String, SDVariable> terms(Graph g, SDVariable za, SDVariable zb, long dim) {
        Terms.requirePair(name(), za, zb, false);
        return Terms.compose(name(), cost().terms(g, za, zb), regularizers(), g, Embeddings.of(za, zb, dim));
    }

    /** Checks batch size and dimension for the cost and every regularizer; throws naming the problem. */
    default void validate(int batchSize, int dim) {
        try {
            cost().validate(batchSize, dim);
            for (Regularizer r : regularizers()) r.validate(batchSize, dim);
        } catch (org.jepa.workbench.WorkbenchException e) {
            if (e.getMessage().startsWith(name() + ":")) throw e;
            throw new org.jepa.workbench.WorkbenchException(name() + ": " + e.getMessage(), e);
        }
    }
}
