package org.jepa.workbench.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-call collapse diagnosis of an embedding matrix.
 *
 * <pre>{@code
 * CollapseReport r = Collapse.diagnose(z);                 // z: [N, D] INDArray, float or double
 * r.verdict();   r.rankMe();   r.toTable();                // a notebook cell can end with r.toTable()
 *
 * CollapseReport r2 = Collapse.of(z).name("vicreg")        // fluent form, everything optional
 *         .positives(zAug)                                 // [N, D], row i pairs with z's row i → alignment
 *         .views(List.of(v0, v1, v2))                      // q views [N, D] of the same N samples → LiDAR
 *         .thresholds(CollapseThresholds.defaults().withMinRankFraction(0.2))
 *         .uniformitySamples(1024).seed(7)
 *         .diagnose();
 * }</pre>
 *
 * Cost: one D×D Gram in double (OpenBLAS dsyrk) for all second moments, two LAPACK symmetric eigenvalue
 * problems (Gram and covariance), one m×m Gram on at most 1024 rows for uniformity, plus a second Gram, an EJML
 * Cholesky with two triangular solves and one more eigenvalue problem when views are given (LiDAR). Measured
 * against numpy in {@code bench/README.md}.
 */
public final class Collapse {
    private static final Logger LOG = LoggerFactory.getLogger(Collapse.class);

    private final INDArray z;
    private String name = "embeddings";
    private INDArray positives;
    private List<INDArray> views;
    private int groupedViews;
    private CollapseThresholds thresholds = CollapseThresholds.defaults();
    private int uniformitySamples = EmbeddingMetrics.UNIFORMITY_MAX_SAMPLES;
    private long seed = 0L;
    private double lidarDelta = EmbeddingMetrics.LIDAR_DELTA;

    private Collapse(INDArray z) {
        this.z = z;
    }

    /** Diagnoses {@code z} [N, D] with default thresholds; no alignment or LiDAR (they need pairs/views). */
    public static CollapseReport diagnose(INDArray z) {
        return of(z).diagnose();
    }

    /** Same, for a plain [N][D] Java array. */
    public static CollapseReport diagnose(double[][] z) {
        return of(EmbeddingMetrics.fromArray(z)).diagnose();
    }

    /** Starts a configurable diagnosis of {@code z} [N, D]. */
    public static Collapse of(INDArray z) {
        return new Collapse(z);
    }

    /** Name shown in tables and plot legends (default "embeddings"). */
    public Collapse name(String name) {
        WorkbenchException.require(name != null && !name.isBlank(), "Collapse.name must not be blank");
        this.name = name;
        return this;
    }

    /** Positive partners [N, D] (row i of this pairs with row i of z), enabling the alignment metric. */
    public Collapse positives(INDArray positives) {
        this.positives = positives;
        return this;
    }

    /** q ≥ 2 augmentation views, each [N', D], row i of each being sample i (enables LiDAR). */
    public Collapse views(List<INDArray> views) {
        this.views = views == null ? null : new ArrayList<>(views);
        return this;
    }

    /**
     * Declares that z itself holds q ≥ 2 augmentations per sample, rows grouped by sample (rows i*q … i*q+q−1
     * are sample i). Enables LiDAR on z and, unless {@link #positives} is set, alignment between each sample's
     * first two augmentations. All other metrics still use every row of z.
     */
    public Collapse groupedViews(int q) {
        WorkbenchException.require(q >= 2, "groupedViews needs q >= 2 augmentations per sample, got " + q);
        this.groupedViews = q;
        return this;
    }

    public Collapse thresholds(CollapseThresholds thresholds) {
        WorkbenchException.require(thresholds != null, "thresholds must not be null");
        this.thresholds = thresholds;
        return this;
    }

    /** Rows used for the uniformity estimate (all distinct pairs among them; default 1024). */
    public Collapse uniformitySamples(int m) {
        WorkbenchException.require(m >= 2, "uniformitySamples must be >= 2, got " + m);
        this.uniformitySamples = m;
        return this;
    }

    /** Seed for the uniformity row subset (default 0). */
    public Collapse seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** δ added to LiDAR's within-class scatter (default 1e-4). */
    public Collapse lidarDelta(double delta) {
        WorkbenchException.require(Double.isFinite(delta) && delta > 0, "lidarDelta must be > 0, got " + delta);
        this.lidarDelta = delta;
        return this;
    }

    /** Computes every metric and the verdict. */
    public CollapseReport diagnose() {
        long t0 = System.nanoTime();
        Linalg.Dense d = Linalg.checked(z, "embeddings '" + name + "'");
        int n = d.n;
        int dim = d.d;
        List<String> warnings = new ArrayList<>();
        if (n <= dim) {
            String w = "N=" + n + " <= D=" + dim + ": RankMe and the spectrum are bounded by N (rank <= min(N, D)"
                    + ", covariance rank <= N-1); use more samples than dimensions for a meaningful rank";
            warnings.add(w);
            LOG.warn("{}: {}", name, w);
        }
        if (n < 2) warnings.add("N=1: standard deviations and uniformity are undefined (reported as 0 / NaN)");

        Moments m = new Moments(d);
        double[] std = m.perDimStd();
        double[] sigma = m.singularValues();
        double[] cov = m.covarianceEigenvalues();
        double[][] corr = m.correlation();
        double stdNorm = EmbeddingMetrics.stdOfNormalized(d);
        double uniformity = n >= 2 ? EmbeddingMetrics.uniformityOf(d, EmbeddingMetrics.UNIFORMITY_T,
                uniformitySamples, seed) : Double.NaN;
        double alignment = Double.NaN;
        if (positives != null) {
            alignment = EmbeddingMetrics.alignmentOf(d, Linalg.checked(positives, "positives"), 2.0);
        }
        double lidar = Double.NaN;
        WorkbenchException.require(views == null || groupedViews == 0, "give either views(...) or groupedViews(q)");
        if (views != null) lidar = EmbeddingMetrics.lidar(views, lidarDelta, EmbeddingMetrics.ENTROPY_EPS);
        if (groupedViews > 0) {
            WorkbenchException.require(n % groupedViews == 0, "groupedViews: " + n + " rows is not a multiple of q="
                    + groupedViews);
            lidar = EmbeddingMetrics.lidarGrouped(d, m, groupedViews, lidarDelta, EmbeddingMetrics.ENTROPY_EPS);
            if (positives == null) alignment = EmbeddingMetrics.alignmentGrouped(d, groupedViews);
        }

        double rankMe = EmbeddingMetrics.rankMeFromSingularValues(sigma);
        double ss = 0;
        double meanStd = 0;
        for (double s : std) {
            ss += s * s;
            meanStd += s;
        }
        meanStd /= dim;
        double sumSq = 0;
        for (int j = 0; j < dim; j++) sumSq += m.gram.data[j * dim + j];
        double rms = Math.sqrt(sumSq / ((double) n * dim));
        double relativeStd = rms > 0 ? meanStd / rms : 0.0;
        double deadFraction = EmbeddingMetrics.deadDimFraction(std, thresholds.deadDimRelativeStd());
        int covRank = Math.max(1, Math.min(n - 1, dim));
        int collapsedSpec = 0;
        for (int k = 0; k < covRank; k++) {
            if (!(cov[0] > 0) || cov[k] < thresholds.spectrumFloor() * cov[0]) collapsedSpec++;
        }
        double collapsedSpectrumFraction = collapsedSpec / (double) covRank;
        double rankFraction = rankMe / Math.min(n, dim);
        double normStdRatio = stdNorm * Math.sqrt(dim);
        double meanAbsCorr = 0;
        if (dim > 1) {
            for (int i = 0; i < dim; i++) for (int j = 0; j < dim; j++) if (i != j) meanAbsCorr += Math.abs(corr[i][j]);
            meanAbsCorr /= (double) dim * (dim - 1);
        }

        Verdict verdict;
        List<String> reasons = new ArrayList<>();
        if (rms == 0) reasons.add("all entries are zero");
        if (normStdRatio < thresholds.completeNormStdRatio()) {
            reasons.add(String.format("normStdRatio=%.4g < %.3g", normStdRatio, thresholds.completeNormStdRatio()));
        }
        if (relativeStd < thresholds.completeRelativeStd()) {
            reasons.add(String.format("relativeStd=%.4g < %.3g", relativeStd, thresholds.completeRelativeStd()));
        }
        if (meanStd < thresholds.minMeanStd()) {
            reasons.add(String.format("meanStd=%.4g < minMeanStd=%.3g (the embeddings shrank towards a point)", meanStd,
                    thresholds.minMeanStd()));
        }
        if (!reasons.isEmpty() && n >= 2) {
            verdict = Verdict.COMPLETE_COLLAPSE;
        } else {
            reasons.clear();
            if (rankFraction < thresholds.minRankFraction()) {
                reasons.add(String.format("rankMe/min(N,D)=%.4g < %.3g", rankFraction, thresholds.minRankFraction()));
            }
            if (collapsedSpectrumFraction > thresholds.maxCollapsedSpectrumFraction()) {
                reasons.add(String.format("collapsedSpectrumFraction=%.4g > %.3g", collapsedSpectrumFraction,
                        thresholds.maxCollapsedSpectrumFraction()));
            }
            if (deadFraction > thresholds.maxDeadDimFraction()) {
                reasons.add(String.format("deadDimFraction=%.4g > %.3g", deadFraction, thresholds.maxDeadDimFraction()));
            }
            verdict = reasons.isEmpty() ? Verdict.HEALTHY : Verdict.DIMENSIONAL_COLLAPSE;
            if (reasons.isEmpty()) {
                reasons.add(String.format("normStdRatio=%.3g, rankMe/min(N,D)=%.3g, collapsedSpectrumFraction=%.3g, "
                        + "deadDimFraction=%.3g all within thresholds", normStdRatio, rankFraction,
                        collapsedSpectrumFraction, deadFraction));
            }
        }
        if (n < 2) {
            verdict = Verdict.COMPLETE_COLLAPSE;
            reasons.add(0, "a single sample cannot show spread");
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        return new CollapseReport(name, n, dim, std, meanStd, relativeStd, deadFraction, stdNorm, normStdRatio,
                sigma, rankMe, rankFraction, cov, collapsedSpectrumFraction, corr, meanAbsCorr, uniformity,
                alignment, lidar, verdict, String.join("; ", reasons), List.copyOf(warnings), thresholds, millis);
    }

    @Override
    public String toString() {
        return "Collapse[" + name + ", shape " + (z == null ? "null" : Arrays.toString(z.shape())) + "]";
    }
}
