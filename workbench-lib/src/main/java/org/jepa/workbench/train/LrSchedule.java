package org.jepa.workbench.train;

/**
 * Learning rate per step: linear warm-up from 0 to {@code base} over {@code warmup} steps, then cosine
 * decay to {@code base·finalFraction} at the last step. Also the EMA momentum schedule of BYOL:
 * τ_k = 1 − (1 − τ_base)·(cos(πk/K) + 1)/2.
 */
public final class LrSchedule {
    private LrSchedule() {
    }

    /** Learning rate at step {@code k} (0-based) of {@code total}. */
    public static double lr(double base, long k, long warmup, long total, double finalFraction) {
        if (k < warmup) return base * (k + 1) / (double) warmup;
        long decay = Math.max(1, total - warmup);
        double t = Math.min(1.0, (k - warmup) / (double) decay);
        double cos = 0.5 * (1 + Math.cos(Math.PI * t));
        return base * (finalFraction + (1 - finalFraction) * cos);
    }

    /** EMA momentum τ at step {@code k} of {@code total}, from {@code tauBase} to 1. */
    public static double ema(double tauBase, long k, long total) {
        double t = total <= 1 ? 0 : Math.min(1.0, k / (double) (total - 1));
        return 1 - (1 - tauBase) * (Math.cos(Math.PI * t) + 1) / 2;
    }
}
