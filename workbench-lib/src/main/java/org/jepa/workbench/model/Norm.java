package org.jepa.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

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

    /** Applies the norm to x [B, D]; creates γ, β (and running stats for BATCH) under prefix. */
    static Module.Bound bind(Norm norm, Graph g, String prefix, long d, boolean trainable) {
        if (norm == NONE) return (x, training) -> x;
        SameDiff sd = g.sd();
        SDVariable gamma = g.param(prefix + "/gamma", () -> g.ones(d), trainable);
        SDVariable beta = g.param(prefix + "/beta", () -> g.zeros(d), trainable);
        if (norm == LAYER) {
            return (x, training) -> {
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
        return (x, training) -> {
            if (!training) {
                return mulBroadcast(sd, x.sub(rm), sd.math().rsqrt(rv.add(EPS)).mul(gamma)).add(beta);
            }
            SDVariable mean = x.mean(0);
            SDVariable xc = x.sub(mean);
            SDVariable var = xc.mul(xc).mean(0);
            // Only the first training application of an online module updates the running stats.
            if (trainable && !tracked[0]) {
                tracked[0] = true;
                g.trackRunningStat(rmName, mean);
                g.trackRunningStat(rvName, var);
            }
            return mulBroadcast(sd, xc, sd.math().rsqrt(var.add(EPS)).mul(gamma)).add(beta);
        };
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
