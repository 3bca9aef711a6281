package org.jepa.workbench.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * For masked-prediction JEPAs ({@link MaskedViews}): turns a (target) view into a context input, e.g. by
 * block masking, plus an optional condition for the predictor (a mask descriptor), which the model takes
 * as its one "action".
 */
@FunctionalInterface
public interface ContextMaker {

    /**
     * @param view inputs [B, C*H*W]
     * @param rng  the trainer's seeded generator for this step
     */
    Context make(INDArray view, Random rng);

    /**
     * @param input     context input [B, C*H*W] (e.g. the view with masked blocks set to 0)
     * @param condition predictor condition [B, K], or null if the predictor takes none; it is the model's
     *                  action, concatenated to the context embedding, so predictor input width = D + K
     */
    record Context(INDArray input, INDArray condition) {
    }
}
