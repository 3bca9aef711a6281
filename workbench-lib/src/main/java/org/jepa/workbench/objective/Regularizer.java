package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A regularizer: a term on the online encoder's embeddings themselves — not on a prediction — that keeps
 * them from collapsing or shapes them (variance, covariance, an isotropic-Gaussian test, temporal
 * smoothness, inverse dynamics). It sees every frame's (or view's) embedding and, in action-conditioned
 * models, the actions, so it can act on the online encoder in a predictive setup too (as EB-JEPA does).
 *
 * <p>Stateless with respect to graphs: whatever a regularizer draws per step (SIGReg's directions) it
 * declares with {@link Graph#stepInput}, so one instance can be added to any number of graphs.
 */
public interface Regularizer {

    /** Short name, e.g. {@code "variance"}. */
    String name();

    /**
     * Adds this regularizer to {@code g}.
     *
     * @return loss terms in a stable order, term name → scalar, each already multiplied by its weight
     */
    Map<String, SDVariable> terms(Graph g, Embeddings z);

    /** Checks the batch shape before any training step; throws naming the problem. */
    default void validate(int batchSize, int dim) {
    }
}
