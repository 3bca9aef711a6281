package org.jepa.workbench.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Finite;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A row-wise function [N, in] → [N, out] compiled once into its own graph over a parameter store
 * (so it sees the live, trained weights) and evaluated in chunks of 2,048 rows to bound memory.
 */
public final class Inference implements EmbeddingModel {
    private static final int CHUNK = 2048;
    private final Graph graph;
    private final String input;
    private final String output;
    private final long inWidth;
    private final long outWidth;
    private final String what;

    /**
     * @param params  the store to bind
     * @param inWidth input width
     * @param outWidth output width
     * @param body    builds the output [N, out] from the input placeholder [N, in]
     * @param what    name used in error messages, e.g. "embed"
     */
    public Inference(Parameters params, long inWidth, long outWidth, BiFunction<Graph, SDVariable, SDVariable> body, String what) {
        this.graph = new Graph(params);
        this.inWidth = inWidth;
        this.what = what;
        SDVariable in = graph.input("inference_in", -1, inWidth);
        SDVariable out = body.apply(graph, in);
        this.input = in.name();
        this.output = out.name();
        this.outWidth = outWidth;
    }

    @Override
    public INDArray embed(INDArray x) {
        WorkbenchException.require(x != null && x.rank() == 2 && x.columns() == inWidth,
                what + ": expected inputs of shape [N, " + inWidth + "], got " + (x == null ? "null" : Arrays.toString(x.shape())));
        WorkbenchException.require(x.rows() > 0, what + ": no rows");
        Finite.require(x, what);
        INDArray xi = x.castTo(graph.dtype());
        long n = xi.rows();
        List<INDArray> parts = new ArrayList<>();
        for (long s = 0; s < n; s += CHUNK) {
            INDArray chunk = xi.get(NDArrayIndex.interval(s, Math.min(n, s + CHUNK)), NDArrayIndex.all()).dup();
            parts.add(graph.sd().output(Map.of(input, chunk), output).get(output).dup());
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    @Override
    public long inputWidth() {
        return inWidth;
    }

    @Override
    public long outputWidth() {
        return outWidth;
    }
}
