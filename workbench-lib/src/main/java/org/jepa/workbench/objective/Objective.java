package org.jepa.workbench.objective;

import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A joint-embedding objective: a loss on two batches of embeddings of the same samples.
 *
 * <p>The architecture decides what {@code za} and {@code zb} are: two views through a siamese
 * encoder (contrastive and information-regularized methods), or a prediction and a target embedding
 * (BYOL, SimSiam, JEPA). One implementation per file, each with its formula and paper in the Javadoc.
 */
public interface Objective {

    /** Short name used in history tables and plots, e.g. {@code "vicreg"}. */
    String name();

    /**
     * Adds this objective to {@code sd}.
     *
     * @param za embeddings of the first view (or the prediction), shape [B, D]
     * @param zb embeddings of the second view (or the target), shape [B, D]
     * @return loss terms in a stable order, term name → scalar variable, each already multiplied by its
     *     weight; the training loss is their sum
     */
    Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb);

    /**
     * Values for placeholders this objective declared in {@link #terms}, drawn fresh for each training
     * step (e.g. SIGReg's random directions). Deterministic given {@code rng}.
     */
    default Map<String, INDArray> stepFeeds(long step, Random rng) {
        return Map.of();
    }

    /**
     * Checks the batch shape before any training step; throws
     * {@link org.jepa.workbench.WorkbenchException} naming the problem (e.g. batch size 1 for a
     * variance term).
     */
    default void validate(int batchSize, int dim) {
    }
}
