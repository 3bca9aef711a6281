package org.jepa.workbench.objective;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Shared building blocks of the objectives: argument checks and a few graph fragments. Package-private
 * so that each objective file stays the single place where its formula is written.
 */
final class Terms {

    private Terms() {
    }

    /** Hyper-parameter that must be finite and {@code >= 0}. */
    static double nonNegative(String objective, String parameter, double value) {
        WorkbenchException.require(Double.isFinite(value) && value >= 0,
                objective + ": hyper-parameter '" + parameter + "' must be a finite number >= 0, got " + value);
        return value;
    }

    /** Hyper-parameter that must be finite and {@code > 0}. */
    static double positive(String objective, String parameter, double value) {
        WorkbenchException.require(Double.isFinite(value) && value > 0,
                objective + ": hyper-parameter '" + parameter + "' must be a finite number > 0, got " + value);
        return value;
    }

    /** Common part of {@link Objective#validate}: positive sizes, and a minimum batch for batch statistics. */
    static void requireSizes(String objective, String term, int minBatch, int batchSize, int dim) {
        WorkbenchException.require(dim >= 1,
                objective + ": embedding dimension must be >= 1, got " + dim);
        WorkbenchException.require(batchSize >= 1,
                objective + ": batch size must be >= 1, got " + batchSize);
        WorkbenchException.require(batchSize >= minBatch,
                objective + ": term '" + term + "' needs a batch of at least " + minBatch
                        + " samples (it uses statistics or negatives across the batch), got batch size " + batchSize);
    }

    /**
     * Checks, as far as the graph knows them, that {@code za} and {@code zb} have the same rank, shape and
     * data type. Unknown dimensions (-1, or a shape SameDiff cannot infer yet) are not checked here;
     * {@link Objective#validate} covers them before training.
     */
    static void requirePair(String objective, SDVariable za, SDVariable zb, boolean matrixOnly) {
        WorkbenchException.require(za != null && zb != null, objective + ": za and zb must not be null");
        WorkbenchException.require(za.dataType() == zb.dataType(),
                objective + ": za and zb must have the same data type, got " + za.dataType() + " and " + zb.dataType());
        WorkbenchException.require(za.dataType().isFPType(),
                objective + ": embeddings must be floating point, got " + za.dataType());
        long[] a = knownShape(za);
        long[] b = knownShape(zb);
        if (a != null && matrixOnly) {
            WorkbenchException.require(a.length == 2,
                    objective + ": za must have shape [batch, dim], got " + Arrays.toString(a));
        }
        if (b != null && matrixOnly) {
            WorkbenchException.require(b.length == 2,
                    objective + ": zb must have shape [batch, dim], got " + Arrays.toString(b));
        }
        if (a == null || b == null) {
            return;
        }
        boolean same = a.length == b.length;
        for (int i = 0; same && i < a.length; i++) {
            same = a[i] < 0 || b[i] < 0 || a[i] == b[i];
        }
        WorkbenchException.require(same, objective + ": za and zb must have the same shape, got za "
                + Arrays.toString(a) + " and zb " + Arrays.toString(b));
    }

    /** The static shape if SameDiff knows it, else {@code null}. */
    static long[] knownShape(SDVariable v) {
        try {
            return v.getShape();
        } catch (RuntimeException e) {
            // Shape inference needs placeholder values in some M2.1 code paths; treat as unknown.
            return null;
        }
    }

    /** Last dimension if known statically, else -1. */
    static long knownLastDim(SDVariable v) {
        long[] s = knownShape(v);
        return s == null || s.length == 0 ? -1 : s[s.length - 1];
    }

    /** Number of rows of {@code z} as a scalar of z's data type, evaluated at run time (batch may vary). */
    static SDVariable rows(SameDiff sd, SDVariable z) {
        return sd.sizeAt(z, 0).castTo(z.dataType());
    }

    /** z minus its batch mean, [B, D]; one node per graph and z, shared by the parts that need it. */
    static SDVariable centred(Graph g, SDVariable z) {
        return g.derived("centred", z, () -> z.sub(z.mean(true, 0)));
    }

    /**
     * Unbiased variance per dimension, [D], of z (one node per graph and z), written out: SameDiff M2.1's
     * variance op has a backward pass that scales by the float32 constant 2f/(B−1), so its gradient is off
     * by ~5e-8 (relative) even in double precision (found by ObjectiveTorchParityTest against PyTorch).
     */
    static SDVariable unbiasedVariance(Graph g, SDVariable z) {
        SameDiff sd = g.sd();
        return g.derived("unbiased variance", z, () -> square(centred(g, z)).sum(0).div(rows(sd, z).sub(1.0)));
    }

    /**
     * x² element-wise, as a · a with a = identity(x): the bits of SameDiff's square, forward and gradient, with less
     * time — M2.1 differentiates square through a per-element pow ({@code _powderivative}, 0.37 ms on [256, 256] floats,
     * against about 0.1 ms for the product's gradient). The product's two gradients, a·g + a·g = 2a·g, are exact; the
     * identity hands x that sum as one term, so where x feeds other ops too its gradient is summed as before (x · x
     * would add three terms, in another order).
     */
    static SDVariable square(SDVariable x) {
        SDVariable a = x.getSameDiff().identity(x);
        return a.mul(a);
    }

    /** Mean over all elements of (a − b)². */
    static SDVariable mse(SameDiff sd, SDVariable a, SDVariable b) {
        return square(a.sub(b)).mean();
    }

    /**
     * Sum over dimension 1 of a [B, D] variable, as [B, 1] if {@code keepDims} else [B]. SameDiff M2.1
     * throws a NullPointerException when it reduces along a dimension of size 1, so a statically known
     * D = 1 is handled without a reduction. {@code like} is an input of the same shape as {@code x} whose
     * shape SameDiff knows before execution (shapes of computed variables are often not inferred).
     */
    static SDVariable rowSum(SameDiff sd, SDVariable x, boolean keepDims, SDVariable like) {
        return Graph.rowSums(sd, x, knownLastDim(like), keepDims);
    }

    /** Row-wise L2 normalisation z / sqrt(‖z‖² + eps²): equal to z/‖z‖ unless ‖z‖ is below eps. */
    static SDVariable l2Normalize(SameDiff sd, SDVariable z, double eps) {
        SDVariable norm = sd.math().sqrt(rowSum(sd, square(z), true, z).add(eps * eps));
        return z.div(norm);
    }

    /** Renames {@code v} to {@code base} (or base_1, base_2, … if taken) so that graphs stay readable. */
    static SDVariable named(SameDiff sd, SDVariable v, String base) {
        String name = base;
        for (int i = 1; sd.hasVariable(name); i++) {
            name = base + "_" + i;
        }
        return v.rename(name);
    }

    /**
     * The cost's terms followed by each regularizer's, in order, as one read-only map; two terms of the
     * same name are one clear error (the history could not tell them apart).
     */
    static Map<String, SDVariable> compose(String objective, Map<String, SDVariable> costTerms,
                                           java.util.List<Regularizer> regularizers, Graph g, Embeddings z) {
        LinkedHashMap<String, SDVariable> m = new LinkedHashMap<>(costTerms);
        for (Regularizer r : regularizers) {
            for (Map.Entry<String, SDVariable> e : r.terms(g, z).entrySet()) {
                WorkbenchException.require(!m.containsKey(e.getKey()), objective + ": two terms are called '"
                        + e.getKey() + "'; give one of the parts another name");
                m.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Σ_k f(z_k) over the frames of {@code z} (views or time steps), added in frame order. */
    static SDVariable sumOverFrames(Embeddings z, java.util.function.Function<SDVariable, SDVariable> f) {
        SDVariable sum = null;
        for (SDVariable frame : z.frames()) {
            SDVariable v = f.apply(frame);
            sum = sum == null ? v : sum.add(v);
        }
        return sum;
    }

    /** Per-frame [B, ·] variables stacked frame-major into one [T·B, ·] (one stays as it is). */
    static SDVariable foldFrames(SameDiff sd, java.util.List<SDVariable> frames) {
        return frames.size() == 1 ? frames.get(0) : sd.concat(0, frames.toArray(new SDVariable[0]));
    }

    /** An ordered, read-only term map. */
    static Map<String, SDVariable> ordered(Object... nameThenVar) {
        LinkedHashMap<String, SDVariable> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenVar.length; i += 2) {
            m.put((String) nameThenVar[i], (SDVariable) nameThenVar[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
