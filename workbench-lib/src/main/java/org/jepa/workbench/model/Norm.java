package org.jepa.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalisation after each hidden linear layer of an {@link Mlp}.
 *
 * <p>BATCH is written out by hand (mean and biased variance over the batch, ε = 1e-5, learned γ, β;
 * running statistics with momentum 0.1 as in PyTorch, used in inference mode) because it needs only a
 * handful of element-wise ops and its gradient is checked. LAYER normalises each row over features.
 */
public enum Norm {
    NONE, BATCH, LAYER;

    static final double EPS = 1e-5;

    /**
     * A bound norm that can also take its caller's [B, 1] column of ones ({@code null}: it builds its own), so an
     * {@link Mlp} builds one column per application instead of one per layer.
     */
    interface WithOnes extends Module.Bound {
        SDVariable apply(SDVariable x, SDVariable ones, boolean training);

        @Override
        default SDVariable apply(SDVariable x, boolean training) {
            return apply(x, null, training);
        }
    }

    /** Applies the norm to x [B, D]; creates γ, β (and running stats for BATCH) under prefix. */
    static WithOnes bind(Norm norm, Graph g, String prefix, long d, boolean trainable) {
        if (norm == NONE) return (x, ones, training) -> x;
        SameDiff sd = g.sd();
        SDVariable gamma = g.param(prefix + "/gamma", () -> g.ones(d), trainable);
        SDVariable beta = g.param(prefix + "/beta", () -> g.zeros(d), trainable);
        if (norm == LAYER) {
            return (x, ones, training) -> {
                SDVariable xc = x.sub(x.mean(true, 1));
                SDVariable inv = sd.math().rsqrt(xc.mul(xc).mean(true, 1).add(EPS));
                return mulBroadcast(sd, mulBroadcast(sd, xc, inv), gamma).add(beta);
            };
        }
        String rmName = prefix + "/running_mean";
        String rvName = prefix + "/running_var";
        SDVariable rm = g.param(rmName, () -> g.zeros(d), false);
        SDVariable rv = g.param(rvName, () -> g.ones(d), false);
        boolean[] tracked = {false};
        return (x, given, training) -> {
            if (!training) {
                return mulBroadcast(sd, x.sub(rm), sd.math().rsqrt(rv.add(EPS)).mul(gamma)).add(beta);
            }
            // The batch statistics and broadcasts as products with a column of ones (see columnMean).
            SDVariable ones = given != null ? given : onesColumn(sd, x);
            SDVariable mean = columnMean(sd, ones, x);                                     // [1, D]
            SDVariable xc = x.sub(ones.mmul(mean));
            SDVariable var = columnMean(sd, ones, xc.mul(xc));                              // [1, D]
            // Only the first training application of an online module updates the running stats.
            if (trainable && !tracked[0]) {
                tracked[0] = true;
                g.trackRunningStat(rmName, mean.reshape(-1));
                g.trackRunningStat(rvName, var.reshape(-1));
            }
            SDVariable scale = sd.math().rsqrt(var.add(EPS)).mul(gamma.reshape(1, -1));
            return xc.mul(ones.mmul(scale)).add(ones.mmul(beta.reshape(1, -1)));
        };
    }

    /**
     * A [B, 1] column of ones for x [B, D], sized at run time (the batch may vary); built by {@code fill} from the
     * batch size, so no gradient flows through it.
     */
    static SDVariable onesColumn(SameDiff sd, SDVariable x) {
        SDVariable shape = sd.concat(0, sd.reshape(sd.sizeAt(x, 0), 1), sd.constant(Nd4j.createFromArray(1L)));
        return sd.fill(shape, x.dataType(), 1.0);
    }

    /**
     * The mean of x [B, D] over the batch as onesᵀ · x / B, [1, D]. In M2.1 a reduction over rows (and the
     * gradient of a broadcast add or subtract, which is one) takes 0.7 ms on [256, 1024] floats, the same sum as a
     * matrix product 0.1 ms; the broadcast back, ones · row, is a product as well, whose gradient is the same fast
     * sum (bench/README, "ReLU as a mask and column sums as products").
     */
    static SDVariable columnMean(SameDiff sd, SDVariable ones, SDVariable x) {
        return sd.mmul(ones, x, true, false, false).div(sd.sizeAt(x, 0).castTo(x.dataType()));
    }

    /**
     * x ⊙ v for x [B, D] and v broadcastable to it. SameDiff M2.1's multiply_bp with a broadcast operand
     * is ~25× slower than without (measured 206 ms vs 8 ms for [256, 1024] ⊙ [1024]), while a broadcast
     * add_bp is fast; so v is first expanded to x's shape by adding it to zeros, then multiplied
     * element-wise. Same value and gradient, much less time.
     */
    static SDVariable mulBroadcast(SameDiff sd, SDVariable x, SDVariable v) {
        return x.mul(sd.zerosLike(x).add(v));
    }
}
