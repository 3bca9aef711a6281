package org.jepa.workbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Anything that maps inputs to representations, in inference mode (batch norm uses running statistics,
 * no gradients): a JEPA's encoder, a frozen pre-trained encoder, an untrained baseline. Probes, k-NN and
 * the collapse diagnostics read models through this.
 */
public interface EmbeddingModel {

    /**
     * @param x inputs [N, inputWidth] (for images inputWidth = C·H·W, rows flattened)
     * @return representations [N, outputWidth]
     */
    INDArray embed(INDArray x);

    /** Expected input width. */
    long inputWidth();

    /** Representation width D. */
    long outputWidth();
}
