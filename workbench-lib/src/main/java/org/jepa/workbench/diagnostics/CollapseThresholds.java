package org.jepa.workbench.diagnostics;

import org.jepa.workbench.WorkbenchException;

/**
 * The rules behind a {@link Verdict}, immutable; change one with the {@code with...} methods:
 * {@code CollapseThresholds.defaults().withMinRankFraction(0.2)}.
 *
 * <p>COMPLETE_COLLAPSE when either
 * <ul>
 *   <li>{@code normStdRatio = √D · std(z/‖z‖) < completeNormStdRatio} (default 0.1): isotropic embeddings
 *       give ≈ 1, a single point gives 0. Below 0.1 every embedding lies in a cone whose spread is a tenth of
 *       an isotropic cloud's — the SimSiam/BYOL collapse that lightly's {@code std_of_l2_normalized} tracks;
 *       half-normal (ReLU-like) embeddings still give ≈ 0.6, so healthy non-negative features do not trip it;</li>
 *   <li>{@code relativeStd = mean_j std_j / rms(z) < completeRelativeStd} (default 1e-3): the spread around
 *       the mean is a thousandth of the embeddings' magnitude (a point plus numerical noise); or all entries
 *       are zero.</li>
 * </ul>
 * DIMENSIONAL_COLLAPSE (checked only if not complete) when any of
 * <ul>
 *   <li>{@code RankMe / min(N, D) < minRankFraction} (default 0.1): fewer than a tenth of the available
 *       dimensions are used. Kept low on purpose: healthy trained encoders have decaying spectra and often
 *       reach only 0.2–0.5; a σ_k ∝ 1/k spectrum in 512-d gives ≈ 0.23 and is not flagged;</li>
 *   <li>{@code collapsedSpectrumFraction > maxCollapsedSpectrumFraction} (default 0.25): the share of
 *       covariance eigenvalues below {@code spectrumFloor} (default 1e-6, i.e. a std 1000× below the top
 *       direction's) among the first min(N−1, D) — the tail that drops to numerical zero in Jing et al.'s
 *       log-spectrum plots;</li>
 *   <li>{@code deadDimFraction > maxDeadDimFraction} (default 0.25): the share of coordinates whose std is
 *       below {@code deadDimRelativeStd} (default 0.01) times the RMS of all per-dimension stds
 *       (coordinate-aligned collapse, what VICReg's variance term prevents). Relative, so it does not depend
 *       on the encoder's output scale.</li>
 * </ul>
 * None of these is scale-dependent: embeddings uniformly scaled down to 1e-6 are not called collapsed.
 * The optional absolute rule {@link #withMinMeanStd} (off by default) adds COMPLETE_COLLAPSE when
 * {@code meanStd < minMeanStd}, for callers that know a reference scale (e.g. the untrained encoder's).
 */
public final class CollapseThresholds {
    private final double completeNormStdRatio;
    private final double completeRelativeStd;
    private final double minRankFraction;
    private final double spectrumFloor;
    private final double maxCollapsedSpectrumFraction;
    private final double deadDimRelativeStd;
    private final double maxDeadDimFraction;
    private final double minMeanStd;

    private CollapseThresholds(double completeNormStdRatio, double completeRelativeStd, double minRankFraction,
                               double spectrumFloor, double maxCollapsedSpectrumFraction,
                               double deadDimRelativeStd, double maxDeadDimFraction, double minMeanStd) {
        check(completeNormStdRatio, "completeNormStdRatio", 0, 1);
        check(completeRelativeStd, "completeRelativeStd", 0, 1);
        check(minRankFraction, "minRankFraction", 0, 1);
        check(spectrumFloor, "spectrumFloor", 0, 1);
        check(maxCollapsedSpectrumFraction, "maxCollapsedSpectrumFraction", 0, 1);
        check(deadDimRelativeStd, "deadDimRelativeStd", 0, 1);
        check(maxDeadDimFraction, "maxDeadDimFraction", 0, 1);
        this.completeNormStdRatio = completeNormStdRatio;
        this.completeRelativeStd = completeRelativeStd;
        this.minRankFraction = minRankFraction;
        this.spectrumFloor = spectrumFloor;
        this.maxCollapsedSpectrumFraction = maxCollapsedSpectrumFraction;
        this.deadDimRelativeStd = deadDimRelativeStd;
        this.maxDeadDimFraction = maxDeadDimFraction;
        WorkbenchException.require(Double.isFinite(minMeanStd) && minMeanStd >= 0,
                "CollapseThresholds.minMeanStd must be finite and >= 0, got " + minMeanStd);
        this.minMeanStd = minMeanStd;
    }

    private static void check(double v, String name, double lo, double hi) {
        WorkbenchException.require(Double.isFinite(v) && v >= lo && v <= hi,
                "CollapseThresholds." + name + " must be in [" + lo + ", " + hi + "], got " + v);
    }

    /** The documented defaults (0.1, 1e-3, 0.1, 1e-6, 0.25, 0.01, 0.25). */
    public static CollapseThresholds defaults() {
        return new CollapseThresholds(0.1, 1e-3, 0.1, 1e-6, 0.25, 0.01, 0.25, 0);
    }

    public double completeNormStdRatio() { return completeNormStdRatio; }
    public double completeRelativeStd() { return completeRelativeStd; }
    public double minRankFraction() { return minRankFraction; }
    public double spectrumFloor() { return spectrumFloor; }
    public double maxCollapsedSpectrumFraction() { return maxCollapsedSpectrumFraction; }
    public double deadDimRelativeStd() { return deadDimRelativeStd; }
    public double maxDeadDimFraction() { return maxDeadDimFraction; }
    /** Absolute floor on meanStd (embedding units) below which the verdict is COMPLETE_COLLAPSE; 0 = off (default). */
    public double minMeanStd() { return minMeanStd; }

    /**
     * Copy with an absolute floor on the mean per-dimension std (embedding units, ≥ 0; 0 turns the rule off,
     * the default). The other rules are scale-free, so they cannot see a representation that shrinks to a
     * point at the origin (what invariance-only training does to a bias-free output): its residue still looks
     * isotropic. Set it from a reference scale, e.g. 1e-3 × the meanStd of the untrained encoder.
     */
    public CollapseThresholds withMinMeanStd(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, minRankFraction, spectrumFloor,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, maxDeadDimFraction, v);
    }

    public CollapseThresholds withCompleteNormStdRatio(double v) {
        return new CollapseThresholds(v, completeRelativeStd, minRankFraction, spectrumFloor,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withCompleteRelativeStd(double v) {
        return new CollapseThresholds(completeNormStdRatio, v, minRankFraction, spectrumFloor,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withMinRankFraction(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, v, spectrumFloor,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withSpectrumFloor(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, minRankFraction, v,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withMaxCollapsedSpectrumFraction(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, minRankFraction, spectrumFloor,
                v, deadDimRelativeStd, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withDeadDimRelativeStd(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, minRankFraction, spectrumFloor,
                maxCollapsedSpectrumFraction, v, maxDeadDimFraction, minMeanStd);
    }

    public CollapseThresholds withMaxDeadDimFraction(double v) {
        return new CollapseThresholds(completeNormStdRatio, completeRelativeStd, minRankFraction, spectrumFloor,
                maxCollapsedSpectrumFraction, deadDimRelativeStd, v, minMeanStd);
    }

    @Override
    public String toString() {
        return "CollapseThresholds[complete: normStdRatio<" + completeNormStdRatio + " or relativeStd<"
                + completeRelativeStd + "; dimensional: rankMe/min(N,D)<" + minRankFraction
                + " or collapsedSpectrumFraction>" + maxCollapsedSpectrumFraction + " (floor " + spectrumFloor
                + ") or deadDimFraction>" + maxDeadDimFraction + " (dead: std<" + deadDimRelativeStd
                + "·rms std)" + (minMeanStd > 0 ? "; complete also: meanStd<" + minMeanStd : "") + "]";
    }
}
