package org.jepa.workbench.diagnostics;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Result of {@link Collapse#diagnose}: every metric, the {@link Verdict} and why. Immutable; array getters
 * return copies. NaN marks a metric that was not requested (alignment without positives, LiDAR without views).
 */
public final class CollapseReport {
    private final String name;
    private final int n;
    private final int d;
    private final double[] perDimStd;
    private final double meanStd;
    private final double relativeStd;
    private final double deadDimFraction;
    private final double stdOfL2Normalized;
    private final double normStdRatio;
    private final double[] singularValues;
    private final double rankMe;
    private final double rankMeFraction;
    private final double[] covarianceEigenvalues;
    private final double collapsedSpectrumFraction;
    private final double[][] correlation;
    private final double meanAbsCorrelation;
    private final double uniformity;
    private final double alignment;
    private final double lidar;
    private final Verdict verdict;
    private final String reason;
    private final List<String> warnings;
    private final CollapseThresholds thresholds;
    private final double millis;

    CollapseReport(String name, int n, int d, double[] perDimStd, double meanStd, double relativeStd,
                   double deadDimFraction, double stdOfL2Normalized, double normStdRatio, double[] singularValues,
                   double rankMe, double rankMeFraction, double[] covarianceEigenvalues,
                   double collapsedSpectrumFraction, double[][] correlation, double meanAbsCorrelation,
                   double uniformity, double alignment, double lidar, Verdict verdict, String reason,
                   List<String> warnings, CollapseThresholds thresholds, double millis) {
        this.name = name;
        this.n = n;
        this.d = d;
        this.perDimStd = perDimStd;
        this.meanStd = meanStd;
        this.relativeStd = relativeStd;
        this.deadDimFraction = deadDimFraction;
        this.stdOfL2Normalized = stdOfL2Normalized;
        this.normStdRatio = normStdRatio;
        this.singularValues = singularValues;
        this.rankMe = rankMe;
        this.rankMeFraction = rankMeFraction;
        this.covarianceEigenvalues = covarianceEigenvalues;
        this.collapsedSpectrumFraction = collapsedSpectrumFraction;
        this.correlation = correlation;
        this.meanAbsCorrelation = meanAbsCorrelation;
        this.uniformity = uniformity;
        this.alignment = alignment;
        this.lidar = lidar;
        this.verdict = verdict;
        this.reason = reason;
        this.warnings = warnings;
        this.thresholds = thresholds;
        this.millis = millis;
    }

    /** Run name used in tables and legends. */
    public String name() { return name; }
    /** Number of samples N. */
    public int samples() { return n; }
    /** Embedding dimension D. */
    public int dims() { return d; }
    /** Per-dimension std over samples (N−1 divisor), length D, embedding units. */
    public double[] perDimStd() { return perDimStd.clone(); }
    /** Mean of {@link #perDimStd()}. */
    public double meanStd() { return meanStd; }
    /** meanStd / RMS of all entries: ≈ 1 for centred data, → 0 when all rows coincide. */
    public double relativeStd() { return relativeStd; }
    /** Fraction of dimensions with std below {@code deadDimRelativeStd} × RMS of the per-dim stds. */
    public double deadDimFraction() { return deadDimFraction; }
    /** Mean over dims of the std of z/‖z‖: ≈ 1/√D healthy (isotropic), 0 collapsed. */
    public double stdOfL2Normalized() { return stdOfL2Normalized; }
    /** {@link #stdOfL2Normalized()} × √D: ≈ 1 isotropic, 0 collapsed. */
    public double normStdRatio() { return normStdRatio; }
    /** Singular values of Z (uncentred), descending, length min(N, D). */
    public double[] singularValues() { return singularValues.clone(); }
    /** RankMe effective rank, in [1, min(N, D)]. */
    public double rankMe() { return rankMe; }
    /** RankMe / min(N, D), in (0, 1]. */
    public double rankMeFraction() { return rankMeFraction; }
    /** Covariance eigenvalues, descending, length D, embedding units². */
    public double[] covarianceEigenvalues() { return covarianceEigenvalues.clone(); }
    /** Covariance eigenvalues divided by their sum (what the spectrum plot draws). */
    public double[] normalizedSpectrum() {
        double s = 0;
        for (double v : covarianceEigenvalues) s += v;
        double[] out = new double[covarianceEigenvalues.length];
        for (int i = 0; i < out.length; i++) out[i] = s > 0 ? covarianceEigenvalues[i] / s : 0;
        return out;
    }
    /** Share of the first min(N−1, D) covariance eigenvalues below spectrumFloor × the largest. */
    public double collapsedSpectrumFraction() { return collapsedSpectrumFraction; }
    /** Correlation matrix [D][D] (copy); dead dimensions have 0 rows/columns. */
    public double[][] correlationMatrix() {
        double[][] c = new double[d][];
        for (int i = 0; i < d; i++) c[i] = correlation[i].clone();
        return c;
    }
    /** Mean |correlation| over off-diagonal pairs: 0 decorrelated, 1 fully redundant. */
    public double meanAbsCorrelation() { return meanAbsCorrelation; }
    /** Uniformity log E exp(−2‖u−v‖²) on normalised rows; −4 for uniform on a high-dim sphere, 0 collapsed. */
    public double uniformity() { return uniformity; }
    /** Alignment E‖u−v‖² of the positives; NaN when none were given. */
    public double alignment() { return alignment; }
    /** LiDAR; NaN when no views were given. */
    public double lidar() { return lidar; }
    public Verdict verdict() { return verdict; }
    /** The rule(s) that decided the verdict, with their numbers. */
    public String reason() { return reason; }
    /** Warnings (e.g. N ≤ D); empty when none. */
    public List<String> warnings() { return warnings; }
    public CollapseThresholds thresholds() { return thresholds; }
    /** Wall time of the diagnosis in milliseconds. */
    public double millis() { return millis; }

    /** Names of the scalar metrics, in table order; each is readable with {@link #metric(String)}. */
    public static final List<String> METRICS = List.of("rankMe", "rankMeFraction", "stdOfL2Normalized",
        "normStdRatio", "meanStd", "relativeStd", "deadDimFraction", "collapsedSpectrumFraction",
        "meanAbsCorrelation", "uniformity", "alignment", "lidar");

    static final String[] SCALARS = {"rankMe", "rankMeFraction", "stdOfL2Normalized", "normStdRatio",
        "meanStd", "relativeStd", "deadDimFraction", "collapsedSpectrumFraction", "meanAbsCorrelation",
        "uniformity", "alignment", "lidar"};

    /** A scalar metric by name (see {@link #METRICS}); NaN for alignment/LiDAR when not computed. */
    public double metric(String name) {
        org.jepa.workbench.WorkbenchException.require(METRICS.contains(name),
                "unknown metric '" + name + "'; known: " + METRICS);
        return scalar(name);
    }

    double scalar(String metric) {
        return switch (metric) {
            case "rankMe" -> rankMe;
            case "rankMeFraction" -> rankMeFraction;
            case "stdOfL2Normalized" -> stdOfL2Normalized;
            case "normStdRatio" -> normStdRatio;
            case "meanStd" -> meanStd;
            case "relativeStd" -> relativeStd;
            case "deadDimFraction" -> deadDimFraction;
            case "collapsedSpectrumFraction" -> collapsedSpectrumFraction;
            case "meanAbsCorrelation" -> meanAbsCorrelation;
            case "uniformity" -> uniformity;
            case "alignment" -> alignment;
            case "lidar" -> lidar;
            default -> throw new IllegalArgumentException(metric);
        };
    }

    private static String reference(String metric, int d) {
        return switch (metric) {
            case "rankMe" -> "isotropic ≈ min(N,D); collapse → 1";
            case "rankMeFraction" -> "isotropic ≈ 1; dimensional collapse < minRankFraction";
            case "stdOfL2Normalized" -> String.format("isotropic ≈ 1/√D = %.4g; collapse → 0", 1 / Math.sqrt(d));
            case "normStdRatio" -> "isotropic ≈ 1; complete collapse < completeNormStdRatio";
            case "meanStd" -> "embedding units";
            case "relativeStd" -> "centred ≈ 1; point collapse → 0";
            case "deadDimFraction" -> "healthy 0";
            case "collapsedSpectrumFraction" -> "healthy 0; rank k → 1 − k/D";
            case "meanAbsCorrelation" -> "decorrelated ≈ 0";
            case "uniformity" -> "uniform sphere ≈ −4 (large D); collapse → 0";
            case "alignment" -> "identical positives = 0; max 4";
            case "lidar" -> "higher = richer; ≤ min(N−1, D)";
            default -> "";
        };
    }

    /** One row per scalar metric: columns metric, value, reference (how to read it). Title carries the verdict. */
    public Table toTable() {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        StringColumn ref = StringColumn.create("reference");
        metric.append("N");
        value.append(n);
        ref.append("samples");
        metric.append("D");
        value.append(d);
        ref.append("dimensions");
        for (String s : SCALARS) {
            double v = scalar(s);
            if (Double.isNaN(v) && (s.equals("alignment") || s.equals("lidar"))) continue;
            metric.append(s);
            value.append(v);
            ref.append(reference(s, d));
        }
        return Table.create(name + ": " + verdict, metric, value, ref);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("CollapseReport[%s] N=%d D=%d verdict=%s (%s)%n", name, n, d, verdict, reason));
        b.append(String.format("  rankMe=%.4g (%.3g of min(N,D))  stdOfL2Normalized=%.4g (1/√D=%.4g)  "
                + "deadDimFraction=%.3g  collapsedSpectrumFraction=%.3g%n", rankMe, rankMeFraction,
                stdOfL2Normalized, 1 / Math.sqrt(d), deadDimFraction, collapsedSpectrumFraction));
        b.append(String.format("  uniformity=%.4g  meanAbsCorrelation=%.3g  relativeStd=%.3g", uniformity,
                meanAbsCorrelation, relativeStd));
        if (!Double.isNaN(alignment)) b.append(String.format("  alignment=%.4g", alignment));
        if (!Double.isNaN(lidar)) b.append(String.format("  lidar=%.4g", lidar));
        for (String w : warnings) b.append(System.lineSeparator()).append("  WARNING: ").append(w);
        return b.toString();
    }
}
