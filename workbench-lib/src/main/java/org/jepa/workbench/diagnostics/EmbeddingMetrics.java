package org.jepa.workbench.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Individual collapse metrics on an embedding matrix Z of shape [N samples, D dims] (float or double
 * INDArray; computed in double). {@link Collapse#diagnose} computes them all at once, sharing one Gram matrix;
 * use these when you need a single number. Every method rejects NaN/Inf, empty or non-matrix input with a
 * {@link WorkbenchException}. Standard deviations use the unbiased N−1 divisor (as {@code torch.std}).
 */
public final class EmbeddingMetrics {
    /** ε added to each normalised value in RankMe and LiDAR (Garrido et al. 2023). */
    public static final double ENTROPY_EPS = 1e-7;
    /** Default δ added to the within-class scatter in LiDAR (Thilak et al. 2023). */
    public static final double LIDAR_DELTA = 1e-4;
    /** Default temperature t of the uniformity loss (Wang &amp; Isola 2020). */
    public static final double UNIFORMITY_T = 2.0;
    /** Rows used by {@link #uniformity(INDArray)}: all distinct pairs among at most this many rows. */
    public static final int UNIFORMITY_MAX_SAMPLES = 1024;
    /** Norms are clamped to this before dividing, so zero rows normalise to zero (as torch F.normalize). */
    static final double NORM_EPS = 1e-12;

    private EmbeddingMetrics() {
    }

    /** Per-dimension standard deviation over samples (N−1 divisor), length D. */
    public static double[] perDimStd(INDArray z) {
        return Linalg.checked(z, "embeddings").columnStd();
    }

    /**
     * Fraction of dimensions whose std is below {@code relativeThreshold} × RMS of all per-dim stds
     * (default in {@link CollapseThresholds}: 0.01). All-zero std gives 1.
     */
    public static double deadDimFraction(double[] perDimStd, double relativeThreshold) {
        WorkbenchException.require(perDimStd != null && perDimStd.length > 0, "perDimStd is empty");
        double ss = 0;
        for (double s : perDimStd) ss += s * s;
        double rms = Math.sqrt(ss / perDimStd.length);
        if (!(rms > 0)) return 1.0;
        int dead = 0;
        for (double s : perDimStd) if (s < relativeThreshold * rms) dead++;
        return dead / (double) perDimStd.length;
    }

    /** Rows divided by their l2 norm (zero rows stay zero), as a new double matrix. */
    public static INDArray l2Normalize(INDArray z) {
        return Linalg.checked(z, "embeddings").normalizedRows().toNd4j();
    }

    /**
     * Mean over dimensions of the std over samples of z/‖z‖ (lightly's {@code std_of_l2_normalized}):
     * ≈ 1/√D for isotropic embeddings, 0 for a collapsed (single-direction) set. Unitless.
     */
    public static double stdOfL2Normalized(INDArray z) {
        return stdOfNormalized(Linalg.checked(z, "embeddings"));
    }

    static double stdOfNormalized(Linalg.Dense d) {
        if (d.n < 2) return 0.0;
        // Without materialising z/‖z‖ (saves an N×D allocation): row norms and the normalised column means come
        // from the validation pass (Dense.summarize); one more parallel pass over row blocks sums the squared
        // deviations, partials combined in block order (deterministic).
        int n = d.n;
        int dim = d.d;
        double[] inv = d.invNorms();
        double[] mean = d.normalizedColumnMeans();
        double[][] partial = new double[Linalg.blocks(n)][];
        Linalg.forBlocks(n, (b, r0, r1) -> {
            double[] ss = new double[dim];
            for (int i = r0; i < r1; i++) {
                int o = i * dim;
                for (int j = 0; j < dim; j++) {
                    double x = d.a[o + j] * inv[i] - mean[j];
                    ss[j] += x * x;
                }
            }
            partial[b] = ss;
        });
        double[] ss = new double[dim];
        for (double[] p : partial) for (int j = 0; j < dim; j++) ss[j] += p[j];
        double acc = 0;
        for (int j = 0; j < dim; j++) acc += Math.sqrt(ss[j] / (n - 1));
        return acc / dim;
    }

    /** Singular values of Z (not centred), descending, length min(N, D); via EJML eigenvalues of ZᵀZ. */
    public static double[] singularValues(INDArray z) {
        return new Moments(Linalg.checked(z, "embeddings")).singularValues();
    }

    /** Eigenvalues of the covariance of Z (N−1 divisor), descending, length D (units: embedding units²). */
    public static double[] covarianceEigenvalues(INDArray z) {
        return new Moments(Linalg.checked(z, "embeddings")).covarianceEigenvalues();
    }

    /**
     * RankMe (Garrido et al. 2023): exp(−Σ p_k log p_k), p_k = σ_k/Σσ + 1e-7, σ = singular values of Z
     * (uncentred). In [1, min(N, D)] (0 for the all-zero matrix). Bounded by N: with N ≤ D it cannot reach D.
     */
    public static double rankMe(INDArray z) {
        return rankMeFromSingularValues(singularValues(z));
    }

    /** RankMe from precomputed singular values. */
    public static double rankMeFromSingularValues(double[] sigma) {
        WorkbenchException.require(sigma != null && sigma.length > 0, "singular values are empty");
        return Linalg.expEntropy(sigma, sigma.length, ENTROPY_EPS);
    }

    /** Pearson correlation matrix of the D dimensions, [D][D]; zero-variance dimensions get 0 rows/columns. */
    public static double[][] correlationMatrix(INDArray z) {
        return new Moments(Linalg.checked(z, "embeddings")).correlation();
    }

    /** Alignment with α = 2: E‖f(x) − f(y)‖² over row-paired positives, on l2-normalised rows. In [0, 4]. */
    public static double alignment(INDArray x, INDArray y) {
        return alignment(x, y, 2.0);
    }

    /**
     * Alignment (Wang &amp; Isola 2020): mean over rows i of ‖x_i/‖x_i‖ − y_i/‖y_i‖‖^α. Row i of x and row i of
     * y are a positive pair; both [N, D].
     */
    public static double alignment(INDArray x, INDArray y, double alpha) {
        WorkbenchException.require(Double.isFinite(alpha) && alpha > 0, "alignment alpha must be > 0, got " + alpha);
        Linalg.Dense a = Linalg.checked(x, "alignment x");
        Linalg.Dense b = Linalg.checked(y, "alignment y");
        return alignmentOf(a, b, alpha);
    }

    static double alignmentOf(Linalg.Dense x, Linalg.Dense y, double alpha) {
        WorkbenchException.require(x.n == y.n && x.d == y.d, "alignment: x has shape [" + x.n + ", " + x.d
                + "] but y has [" + y.n + ", " + y.d + "]");
        double[] u = x.normalizedRows().a;
        double[] v = y.normalizedRows().a;
        double acc = 0;
        for (int i = 0; i < x.n; i++) {
            double s = 0;
            for (int j = i * x.d, e = j + x.d; j < e; j++) s += (u[j] - v[j]) * (u[j] - v[j]);
            acc += alpha == 2.0 ? s : Math.pow(Math.sqrt(s), alpha);
        }
        return acc / x.n;
    }

    /** Alignment (α = 2) between augmentations 0 and 1 of each sample in z [n*q, D] grouped by sample. */
    static double alignmentGrouped(Linalg.Dense z, int q) {
        int n = z.n / q;
        int d = z.d;
        double[] inv = z.invNorms(); // from the validation pass
        double acc = 0;
        for (int i = 0; i < n; i++) {
            int ra = i * q;
            int a = ra * d;
            int b = a + d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                double x = z.a[a + j] * inv[ra] - z.a[b + j] * inv[ra + 1];
                s += x * x;
            }
            acc += s;
        }
        return acc / n;
    }

    /** Uniformity with t = 2 over all distinct pairs of at most 1024 rows (seed 0). */
    public static double uniformity(INDArray z) {
        return uniformity(z, UNIFORMITY_T, UNIFORMITY_MAX_SAMPLES, 0L);
    }

    /**
     * Uniformity (Wang &amp; Isola 2020): log of the mean over distinct pairs i&lt;j of exp(−t‖u_i − u_j‖²), u =
     * l2-normalised rows. In [−4t, 0]; lower is more uniform. When N &gt; maxSamples, a seeded random subset of
     * maxSamples rows is drawn (without replacement) and all its distinct pairs are used — one BLAS gemm; the
     * estimate is unbiased for the all-pairs mean. Needs N ≥ 2.
     */
    public static double uniformity(INDArray z, double t, int maxSamples, long seed) {
        return uniformityOf(Linalg.checked(z, "embeddings"), t, maxSamples, seed);
    }

    static double uniformityOf(Linalg.Dense d, double t, int maxSamples, long seed) {
        WorkbenchException.require(Double.isFinite(t) && t > 0, "uniformity t must be > 0, got " + t);
        WorkbenchException.require(maxSamples >= 2, "uniformity maxSamples must be >= 2, got " + maxSamples);
        int n = d.n;
        WorkbenchException.require(n >= 2, "uniformity needs at least 2 rows, got " + n);
        Linalg.Dense sub = d;
        if (n > maxSamples) {
            sub = d.rows(sampleWithoutReplacement(n, maxSamples, seed));
            n = maxSamples;
        }
        // ‖u_i − u_j‖² = s_i + s_j − 2 u_i·u_j (s_i = ‖u_i‖², 1 or 0 for zero rows).
        double[] g = Linalg.gramOfRows(sub.normalizedRows().a, n, d.d);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = g[i * n + i];
        // Two parallel passes over the pairs i < j (row blocks, partials combined in block order): the maximum
        // exponent, then the sum of exp(v − max) (log-sum-exp, so no underflow for large t).
        int m = n;
        int rows = 64; // small blocks: the triangle's rows differ in length
        double[] blockMax = new double[Linalg.blocks(m, rows)];
        Linalg.forBlocks(m, rows, (b, r0, r1) -> {
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = r0; i < r1; i++) {
                for (int j = i + 1; j < m; j++) mx = Math.max(mx, -t * Math.max(s[i] + s[j] - 2 * g[i * m + j], 0));
            }
            blockMax[b] = mx;
        });
        double maxE = Double.NEGATIVE_INFINITY;
        for (double v : blockMax) maxE = Math.max(maxE, v);
        double top = maxE;
        double[] blockSum = new double[blockMax.length];
        Linalg.forBlocks(m, rows, (b, r0, r1) -> {
            double acc = 0;
            for (int i = r0; i < r1; i++) {
                for (int j = i + 1; j < m; j++) acc += Math.exp(-t * Math.max(s[i] + s[j] - 2 * g[i * m + j], 0) - top);
            }
            blockSum[b] = acc;
        });
        double acc = 0;
        for (double v : blockSum) acc += v;
        return maxE + Math.log(acc / ((double) m * (m - 1) / 2));
    }

    static int[] sampleWithoutReplacement(int n, int k, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        Random r = new Random(seed);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int[] out = Arrays.copyOf(perm, k);
        Arrays.sort(out);
        return out;
    }

    /** LiDAR with δ = 1e-4, ε = 1e-7. */
    public static double lidar(List<INDArray> views) {
        return lidar(views, LIDAR_DELTA, ENTROPY_EPS);
    }

    /**
     * LiDAR (Thilak et al. 2023). {@code views.get(v)} is an [N, D] matrix whose row i is augmentation v of
     * sample i; each sample is a surrogate class with q = views.size() ≥ 2 members. With class means μ_i and
     * grand mean μ:
     * Σ_b = 1/(N−1) Σ_i (μ_i−μ)(μ_i−μ)ᵀ, Σ_w = 1/(N(q−1)) Σ_i Σ_v (e_iv−μ_i)(e_iv−μ_i)ᵀ + δI, and
     * LiDAR = exp(−Σ p_k log p_k), p_k = λ_k/Σλ + ε, λ = eigenvalues of Σ_w^{−1/2} Σ_b Σ_w^{−1/2} (computed
     * as the similar matrix L^{−1} Σ_b L^{−T}, Σ_w = LLᵀ, with EJML). In [1, min(N−1, D)]; needs N ≥ 2.
     */
    public static double lidar(List<INDArray> views, double delta, double eps) {
        WorkbenchException.require(views != null && views.size() >= 2,
                "LiDAR needs at least 2 views (augmentations) per sample, got " + (views == null ? 0 : views.size()));
        WorkbenchException.require(Double.isFinite(delta) && delta > 0, "LiDAR delta must be > 0, got " + delta);
        WorkbenchException.require(Double.isFinite(eps) && eps >= 0, "LiDAR eps must be >= 0, got " + eps);
        List<Linalg.Dense> v = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) v.add(Linalg.checked(views.get(i), "LiDAR view " + i));
        return lidarOf(v, delta, eps);
    }

    static double lidarOf(List<Linalg.Dense> v, double delta, double eps) {
        Linalg.requireSameShape(v, "LiDAR");
        int n = v.get(0).n;
        int d = v.get(0).d;
        int q = v.size();
        WorkbenchException.require(n >= 2, "LiDAR needs at least 2 samples (surrogate classes), got " + n);
        double[] means = new double[n * d];
        for (Linalg.Dense vi : v) for (int k = 0; k < means.length; k++) means[k] += vi.a[k];
        for (int k = 0; k < means.length; k++) means[k] /= q;
        // All within-class deviations stacked [n*q, d]: one gemm gives Σ_w's numerator.
        double[] dev = new double[n * q * d];
        for (int s = 0; s < q; s++) {
            double[] a = v.get(s).a;
            int o = s * n * d;
            for (int k = 0; k < means.length; k++) dev[o + k] = a[k] - means[k];
        }
        double[] sw = Linalg.gramOfColumns(dev, n * q, d);
        Linalg.Dense meansD = new Linalg.Dense(means, n, d);
        double[] grand = meansD.columnMeans();
        double[] mc = new double[means.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mc[i * d + j] = means[i * d + j] - grand[j];
        double[] sb = Linalg.gramOfColumns(mc, n, d);
        double fw = 1.0 / ((double) n * (q - 1));
        double fb = 1.0 / (n - 1);
        for (int k = 0; k < sw.length; k++) {
            sw[k] *= fw;
            sb[k] *= fb;
        }
        DMatrixRMaj w = Linalg.toEjmlSymmetric(sw, d);
        for (int i = 0; i < d; i++) w.add(i, i, delta);
        double[] lambda = Linalg.generalizedEigenvaluesDesc(Linalg.toEjmlSymmetric(sb, d), w);
        return Linalg.expEntropy(lambda, lambda.length, eps);
    }

    /**
     * LiDAR for z [n*q, D] with rows grouped by sample, reusing z's centred Gram Gc (already formed for the other
     * metrics): with centred class means Mc [n, D] (the grand mean of the class means is z's column mean),
     * Σ_i Σ_v (e_iv−μ_i)(e_iv−μ_i)ᵀ = Gc − q·McᵀMc and Σ_b = McᵀMc/(n−1) — one n×D gemm instead of two.
     */
    static double lidarGrouped(Linalg.Dense z, Moments m, int q, double delta, double eps) {
        int n = z.n / q;
        int d = z.d;
        WorkbenchException.require(n >= 2, "LiDAR needs at least 2 samples (surrogate classes), got " + n);
        double[] mc = new double[n * d];
        Linalg.forBlocks(n, (b, r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                for (int v = 0; v < q; v++) {
                    int o = (i * q + v) * d;
                    for (int j = 0; j < d; j++) mc[i * d + j] += z.a[o + j];
                }
                for (int j = 0; j < d; j++) mc[i * d + j] = mc[i * d + j] / q - m.mean[j];
            }
        });
        double[] mm = Linalg.gramOfColumns(mc, n, d);
        double[] gc = m.centeredGram.data;
        double[] sw = new double[d * d];
        double[] sb = new double[d * d];
        double fw = 1.0 / ((double) n * (q - 1));
        double fb = 1.0 / (n - 1);
        for (int k = 0; k < sw.length; k++) {
            sw[k] = (gc[k] - q * mm[k]) * fw;
            sb[k] = mm[k] * fb;
        }
        DMatrixRMaj w = Linalg.toEjmlSymmetric(sw, d);
        for (int i = 0; i < d; i++) w.add(i, i, delta);
        double[] lambda = Linalg.generalizedEigenvaluesDesc(Linalg.toEjmlSymmetric(sb, d), w);
        return Linalg.expEntropy(lambda, lambda.length, eps);
    }

    /**
     * LiDAR on one stacked matrix [N*q, D] whose rows are grouped by sample: rows i*q … i*q+q−1 are the q
     * augmentations of sample i.
     */
    public static double lidar(INDArray stacked, int q) {
        Linalg.Dense all = Linalg.checked(stacked, "LiDAR embeddings");
        WorkbenchException.require(q >= 2, "LiDAR needs q >= 2 augmentations per sample, got " + q);
        WorkbenchException.require(all.n % q == 0, "LiDAR: " + all.n + " rows is not a multiple of q=" + q);
        return lidarOf(splitViews(all, q), LIDAR_DELTA, ENTROPY_EPS);
    }

    /** Splits [N*q, D] rows grouped by sample (row i*q+v) into q views [N, D]. */
    static List<Linalg.Dense> splitViews(Linalg.Dense all, int q) {
        int n = all.n / q;
        int d = all.d;
        List<Linalg.Dense> views = new ArrayList<>(q);
        for (int v = 0; v < q; v++) {
            double[] out = new double[n * d];
            for (int i = 0; i < n; i++) System.arraycopy(all.a, (i * q + v) * d, out, i * d, d);
            views.add(new Linalg.Dense(out, n, d));
        }
        return views;
    }

    /**
     * Principal component scores of the rows of z.
     *
     * @param scores              [N][k] projections of the centred rows onto the top-k principal axes
     * @param explainedVariance   share of the total variance along each of the k axes
     */
    public record Pca(double[][] scores, double[] explainedVariance) {
    }

    /** PCA of z [N, D] onto k ≤ D axes: covariance from one gemm, eigenvectors from EJML (symmetric). */
    public static Pca pca(INDArray z, int k) {
        Linalg.Dense d = Linalg.checked(z, "embeddings");
        WorkbenchException.require(k >= 1 && k <= d.d, "PCA k must be in [1, " + d.d + "], got " + k);
        Moments m = new Moments(d);
        double[][] axes = Linalg.topEigenvectors(m.centeredGram, k);
        double[] ev = Linalg.symmetricEigenvaluesDesc(m.centeredGram);
        double total = 0;
        for (double v : ev) total += Math.max(v, 0);
        double[] share = new double[k];
        for (int c = 0; c < k; c++) share[c] = total > 0 ? Math.max(ev[c], 0) / total : 0;
        double[][] scores = new double[d.n][k];
        for (int i = 0; i < d.n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d.d; j++) s += (d.a[i * d.d + j] - m.mean[j]) * axes[j][c];
                scores[i][c] = s;
            }
        }
        return new Pca(scores, share);
    }

    /** Convenience for plain Java arrays: wraps a [N][D] array as a double INDArray (copied). */
    public static INDArray fromArray(double[][] z) {
        Linalg.toArray(z, "embeddings");
        return Nd4j.createFromArray(z).castTo(DataType.DOUBLE);
    }
}
