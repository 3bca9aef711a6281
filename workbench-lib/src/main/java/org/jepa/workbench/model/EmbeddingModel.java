package org.jepa.workbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained encoder in inference mode (batch norm uses running statistics, no gradients). It shares the
 * graph, and so the weights, of the trainer that produced it.
 */
public final class EmbeddingModel {
    private static final int CHUNK = 2048;
    private final SameDiff sd;
    private final String input;
    private final String output;
    private final long inputWidth;
    private final long outputWidth;
    private final DataType dtype;

    public EmbeddingModel(SameDiff sd, String input, String output, long inputWidth, long outputWidth, DataType dtype) {
        this.sd = sd;
        this.input = input;
        this.output = output;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.dtype = dtype;
    }

    /**
     * Embeds {@code x}.
     *
     * @param x inputs [N, inputWidth]
     * @return representations [N, outputWidth] (encoder output, before any projector)
     */
    public INDArray embed(INDArray x) {
        WorkbenchException.require(x != null && x.rank() == 2 && x.columns() == inputWidth,
                "embed: expected inputs of shape [N, " + inputWidth + "], got "
                        + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        WorkbenchException.require(x.rows() > 0, "embed: no rows");
        INDArray xi = x.castTo(dtype);
        long n = xi.rows();
        List<INDArray> parts = new ArrayList<>();
        for (long s = 0; s < n; s += CHUNK) {
            INDArray chunk = xi.get(NDArrayIndex.interval(s, Math.min(n, s + CHUNK)), NDArrayIndex.all()).dup();
            parts.add(sd.output(Map.of(input, chunk), output).get(output).dup());
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    public long inputWidth() {
        return inputWidth;
    }

    /** Representation width D. */
    public long outputWidth() {
        return outputWidth;
    }

    /** The underlying graph (for advanced use: parameter arrays are {@code sd.getArrForVarName(name)}). */
    public SameDiff sameDiff() {
        return sd;
    }
}
