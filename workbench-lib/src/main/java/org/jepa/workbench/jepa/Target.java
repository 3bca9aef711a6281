package org.jepa.workbench.jepa;

import org.jepa.workbench.WorkbenchException;

/**
 * Where a JEPA's targets come from.
 *
 * <ul>
 *   <li>{@link #online()}: the online encoder itself, with gradient (siamese methods: the cost compares
 *       two views' embeddings, and the regularizers keep them from collapsing).</li>
 *   <li>{@link #stopGradient()}: the online encoder without gradient (SimSiam). Implemented as a frozen
 *       copy re-synchronised to the online weights after every step, which computes exactly the
 *       stop-gradient target.</li>
 *   <li>{@link #ema(double)}: an exponential moving average of the online encoder (BYOL, I-JEPA, V-JEPA),
 *       τ from τ_base to 1 by a cosine schedule over the fit: target ← τ·target + (1 − τ)·online.</li>
 * </ul>
 */
public final class Target {
    enum Kind { ONLINE, STOP_GRADIENT, EMA }

    private final Kind kind;
    private final double tauBase;

    private Target(Kind kind, double tauBase) {
        this.kind = kind;
        this.tauBase = tauBase;
    }

    /** Targets from the online encoder, with gradient. */
    public static Target online() {
        return new Target(Kind.ONLINE, 0);
    }

    /** Targets from the online encoder, without gradient. */
    public static Target stopGradient() {
        return new Target(Kind.STOP_GRADIENT, 0);
    }

    /** Targets from an EMA copy with base momentum τ_base in [0, 1), e.g. 0.996. */
    public static Target ema(double tauBase) {
        WorkbenchException.require(tauBase >= 0 && tauBase < 1, "Target.ema: τ_base must be in [0, 1), got " + tauBase);
        return new Target(Kind.EMA, tauBase);
    }

    Kind kind() {
        return kind;
    }

    /** τ_base of an EMA target (0 otherwise). */
    public double tauBase() {
        return tauBase;
    }

    /** Whether the target is a separate, frozen copy of the encoder. */
    public boolean isCopy() {
        return kind != Kind.ONLINE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ONLINE -> "online";
            case STOP_GRADIENT -> "stop-gradient";
            case EMA -> "ema(" + tauBase + ")";
        };
    }
}
