package org.jepa.workbench.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** Collapse metrics against closed forms and independent references. */
class CollapseMetricsTest {

    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] z = new double[n][d];
        for (double[] row : z) for (int j = 0; j < d; j++) row[j] = r.nextGaussian();
        return z;
    }

    static INDArray nd(double[][] z) {
        return Nd4j.createFromArray(z);
    }

    static double[][] sphere(int n, int d, long seed) {
        double[][] z = gaussian(n, d, seed);
        for (double[] row : z) {
            double s = 0;
            for (double v : row) s += v * v;
            s = Math.sqrt(s);
            for (int j = 0; j < d; j++) row[j] /= s;
        }
        return z;
    }

    /** N×k Gaussian times k orthonormal rows in R^D (Gram–Schmidt, test only): exact rank k. */
    static double[][] rankK(int n, int d, int k, long seed) {
        double[][] basis = gaussian(k, d, seed + 1);
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += basis[i][j] * basis[p][j];
                for (int j = 0; j < d; j++) basis[i][j] -= dot * basis[p][j];
            }
            double s = 0;
            for (double v : basis[i]) s += v * v;
            s = Math.sqrt(s);
            for (int j = 0; j < d; j++) basis[i][j] /= s;
        }
        double[][] a = gaussian(n, k, seed);
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) z[i][j] += a[i][c] * basis[c][j];
            }
        }
        return z;
    }

    @Test
    void isotropicGaussianIsHealthyWithFullRank() {
        int d = 64;
        CollapseReport r = Collapse.diagnose(nd(gaussian(20000, d, 1)));
        assertEquals(64, r.rankMe(), 0.05 * 64, "RankMe of isotropic Gaussian");
        assertEquals(1 / Math.sqrt(d), r.stdOfL2Normalized(), 0.05 / Math.sqrt(d), "std of l2-normalized");
        assertEquals(Verdict.HEALTHY, r.verdict(), r.toString());
        assertEquals(0.0, r.deadDimFraction());
        assertEquals(0.0, r.collapsedSpectrumFraction());
        assertTrue(r.warnings().isEmpty());
        // Covariance eigenvalues of N(0, I) lie in the Marchenko–Pastur bulk (1 ± √(D/N))².
        double[] ev = r.covarianceEigenvalues();
        double g = Math.sqrt(64.0 / 20000);
        assertTrue(ev[0] < (1 + g) * (1 + g) * 1.05 && ev[63] > (1 - g) * (1 - g) * 0.95,
                "MP bulk: " + ev[0] + " .. " + ev[63]);
        assertTrue(r.meanAbsCorrelation() < 0.02, "decorrelated: " + r.meanAbsCorrelation());
    }

    @Test
    void exactRankKGivesRankMeKAndZeroTail() {
        int k = 5;
        CollapseReport r = Collapse.diagnose(nd(rankK(20000, 64, k, 2)));
        // Exact rank k with k equal-in-expectation singular values (orthonormal basis, N ≫ k): the nonzero σ
        // differ by O(√(k/N)) ≈ 1.6%, costing ~1e-4 in entropy; the 59 zero σ add ε-terms ~1e-6 each. So
        // RankMe = k within 1% — a wrong normalisation (e.g. eigenvalues instead of singular values, or
        // centring) would still be near k here, so the spectrum checks below pin those down.
        assertEquals(k, r.rankMe(), 0.01 * k, "RankMe of rank-5 data");
        double[] ev = r.covarianceEigenvalues();
        for (int i = k; i < ev.length; i++) assertTrue(ev[i] < 1e-10 * ev[0], "tail " + i + ": " + ev[i] / ev[0]);
        double[] sv = r.singularValues();
        assertEquals(Math.sqrt(20000), sv[0], 0.05 * Math.sqrt(20000), "σ ≈ √N for unit-variance factors");
        assertEquals(Verdict.DIMENSIONAL_COLLAPSE, r.verdict(), r.toString());
        assertEquals(59.0 / 64, r.collapsedSpectrumFraction(), 1e-12);
    }

    @Test
    void rankMeWithUnequalSingularValuesMatchesFormula() {
        // Z = diag-like: columns scaled by s_j on orthogonal rows → σ_j = s_j · √(rows per column).
        double[] s = {4, 2, 1, 0.5};
        double[][] z = new double[8][4];
        for (int j = 0; j < 4; j++) {
            z[2 * j][j] = s[j];
            z[2 * j + 1][j] = s[j];
        }
        double sum = 0;
        for (double v : s) sum += v * Math.sqrt(2);
        double h = 0;
        for (double v : s) {
            double p = v * Math.sqrt(2) / sum + 1e-7;
            h -= p * Math.log(p);
        }
        assertEquals(Math.exp(h), EmbeddingMetrics.rankMe(nd(z)), 1e-9);
        double[] sv = EmbeddingMetrics.singularValues(nd(z));
        for (int j = 0; j < 4; j++) assertEquals(s[j] * Math.sqrt(2), sv[j], 1e-9);
    }

    @Test
    void constantEmbeddingsAreCompleteCollapse() {
        double[][] z = new double[500][32];
        for (double[] row : z) for (int j = 0; j < 32; j++) row[j] = 0.3 + 0.01 * j;
        CollapseReport r = Collapse.diagnose(nd(z));
        assertEquals(Verdict.COMPLETE_COLLAPSE, r.verdict(), r.toString());
        assertEquals(0.0, r.stdOfL2Normalized(), 1e-12);
        assertEquals(1.0, r.rankMe(), 1e-3);
        assertEquals(0.0, r.uniformity(), 1e-12, "all pairs at distance 0");
        // A point plus 1e-6 noise is still a point.
        double[][] noisy = gaussian(500, 32, 3);
        for (int i = 0; i < 500; i++) for (int j = 0; j < 32; j++) noisy[i][j] = z[i][j] + 1e-6 * noisy[i][j];
        assertEquals(Verdict.COMPLETE_COLLAPSE, Collapse.diagnose(nd(noisy)).verdict());
        // All zeros.
        CollapseReport zero = Collapse.diagnose(Nd4j.zeros(DataType.FLOAT, 100, 8));
        assertEquals(Verdict.COMPLETE_COLLAPSE, zero.verdict());
        assertEquals(0.0, zero.rankMe());
    }

    @Test
    void deadCoordinatesAreDimensionalCollapse() {
        double[][] z = gaussian(4000, 32, 4);
        for (double[] row : z) for (int j = 16; j < 32; j++) row[j] = 0.5; // half the coordinates constant
        CollapseReport r = Collapse.diagnose(nd(z));
        assertEquals(0.5, r.deadDimFraction(), 1e-12);
        assertEquals(Verdict.DIMENSIONAL_COLLAPSE, r.verdict(), r.toString());
        assertTrue(r.reason().contains("deadDimFraction"), r.reason());
    }

    /** log E exp(−t‖x−y‖²) for x, y independent uniform on S^{d−1}, by Simpson quadrature over t = xᵀy. */
    static double uniformitySphere(int d, double temp) {
        int m = 200000; // even
        double a = -1;
        double b = 1;
        double hStep = (b - a) / m;
        double num = 0;
        double den = 0;
        for (int i = 0; i <= m; i++) {
            double t = a + i * hStep;
            double w = (i == 0 || i == m) ? 1 : (i % 2 == 1 ? 4 : 2);
            double dens = Math.pow(Math.max(1 - t * t, 0), (d - 3) / 2.0);
            num += w * dens * Math.exp(-temp * (2 - 2 * t));
            den += w * dens;
        }
        return Math.log(num / den);
    }

    @Test
    void uniformityOnSphereMatchesIntegral() {
        // d = 3: t is uniform on [−1, 1], so E exp(−4 + 4t) = (1 − e^{−8})/8 exactly.
        assertEquals(Math.log((1 - Math.exp(-8)) / 8), uniformitySphere(3, 2), 1e-9, "quadrature sanity");
        // Estimator error: for the uniform sphere the U-statistic's first-order term vanishes (E_y exp(4xᵀy)
        // is the same for every x), so the error is O(1/N) ≈ 1e-3 here; tolerance 0.02.
        for (int d : new int[] {3, 16, 64}) {
            double exact = uniformitySphere(d, 2);
            double got = EmbeddingMetrics.uniformity(nd(sphere(1000, d, 10 + d)));
            assertEquals(exact, got, 0.02, "uniformity on S^" + (d - 1));
        }
        // Subsampled path (N > 1024): 4000 points, 1024 used.
        double exact = uniformitySphere(32, 2);
        assertEquals(exact, EmbeddingMetrics.uniformity(nd(sphere(4000, 32, 5))), 0.02);
        // Scale must not matter (rows are normalised).
        double[][] big = sphere(800, 16, 6);
        for (double[] row : big) for (int j = 0; j < 16; j++) row[j] *= 7.5;
        assertEquals(uniformitySphere(16, 2), EmbeddingMetrics.uniformity(nd(big)), 0.02);
        // Large d: E‖x−y‖² = 2 → uniformity → −4.
        assertEquals(-4.0, uniformitySphere(4096, 2), 0.01);
    }

    @Test
    void alignmentClosedForms() {
        INDArray x = nd(gaussian(300, 16, 7));
        assertEquals(0.0, EmbeddingMetrics.alignment(x, x.dup()), 1e-12);
        assertEquals(0.0, EmbeddingMetrics.alignment(x, x.mul(3.0)), 1e-12, "scale-invariant");
        // Rotate every row by θ in the (0,1) plane of unit vectors e0: ‖u − v‖² = 2 − 2cos θ.
        double theta = 0.7;
        double[][] a = new double[50][4];
        double[][] b = new double[50][4];
        for (int i = 0; i < 50; i++) {
            a[i][0] = 1;
            b[i][0] = Math.cos(theta);
            b[i][1] = Math.sin(theta);
        }
        assertEquals(2 - 2 * Math.cos(theta), EmbeddingMetrics.alignment(nd(a), nd(b)), 1e-12);
        assertEquals(4.0, EmbeddingMetrics.alignment(nd(a), nd(a).neg()), 1e-12, "antipodal");
    }

    /** Reference LiDAR: scatter matrices by plain loops, Σ_w^{-1/2} from EJML eigenvectors (not Cholesky). */
    static double lidarReference(double[][][] e, double delta, double eps) {
        int n = e.length;
        int q = e[0].length;
        int d = e[0][0].length;
        double[][] mu = new double[n][d];
        double[] grand = new double[d];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < q; v++) for (int j = 0; j < d; j++) mu[i][j] += e[i][v][j] / q;
            for (int j = 0; j < d; j++) grand[j] += mu[i][j] / n;
        }
        DMatrixRMaj sb = new DMatrixRMaj(d, d);
        DMatrixRMaj sw = new DMatrixRMaj(d, d);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    sb.add(a, b, (mu[i][a] - grand[a]) * (mu[i][b] - grand[b]) / (n - 1));
                    double s = 0;
                    for (int v = 0; v < q; v++) s += (e[i][v][a] - mu[i][a]) * (e[i][v][b] - mu[i][b]);
                    sw.add(a, b, s / ((double) n * (q - 1)));
                }
            }
        }
        for (int a = 0; a < d; a++) sw.add(a, a, delta);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        assertTrue(eig.decompose(sw.copy()));
        DMatrixRMaj isqrt = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            DMatrixRMaj vec = eig.getEigenVector(k);
            double f = 1 / Math.sqrt(eig.getEigenvalue(k).real);
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) isqrt.add(a, b, f * vec.get(a) * vec.get(b));
        }
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(isqrt, sb, tmp);
        CommonOps_DDRM.mult(tmp, isqrt, m);
        EigenDecomposition_F64<DMatrixRMaj> eig2 = DecompositionFactory_DDRM.eig(d, false, false); // general
        assertTrue(eig2.decompose(m));
        double[] lam = new double[d];
        double sum = 0;
        for (int k = 0; k < d; k++) {
            lam[k] = Math.max(eig2.getEigenvalue(k).real, 0);
            sum += lam[k];
        }
        double h = 0;
        for (double l : lam) {
            double p = l / sum + eps;
            h -= p * Math.log(p);
        }
        return Math.exp(h);
    }

    @Test
    void lidarMatchesIndependentReference() {
        int n = 150;
        int q = 4;
        int d = 12;
        Random r = new Random(11);
        double[][][] e = new double[n][q][d];
        for (int i = 0; i < n; i++) {
            double[] c = new double[d];
            for (int j = 0; j < d; j++) c[j] = r.nextGaussian() * (1.0 + j); // anisotropic class centres
            for (int v = 0; v < q; v++) {
                for (int j = 0; j < d; j++) e[i][v][j] = c[j] + 0.3 * r.nextGaussian() * (j % 3 + 1);
            }
        }
        List<INDArray> views = new ArrayList<>();
        for (int v = 0; v < q; v++) {
            double[][] m = new double[n][d];
            for (int i = 0; i < n; i++) m[i] = e[i][v].clone();
            views.add(nd(m));
        }
        double ref = lidarReference(e, 1e-4, 1e-7);
        double got = EmbeddingMetrics.lidar(views);
        assertEquals(ref, got, 1e-8 * ref, "LiDAR vs reference");
        assertTrue(got > 1 && got < d, "in range: " + got);
        // Stacked layout [N*q, D] with rows grouped by sample gives the same number.
        double[][] stacked = new double[n * q][];
        for (int i = 0; i < n; i++) for (int v = 0; v < q; v++) stacked[i * q + v] = e[i][v].clone();
        assertEquals(got, EmbeddingMetrics.lidar(nd(stacked), q), 1e-10 * got);
        // And through the report.
        CollapseReport rep = Collapse.of(views.get(0)).views(views).positives(views.get(1)).diagnose();
        assertEquals(got, rep.lidar(), 1e-10 * got);
        assertTrue(rep.alignment() > 0);
        // groupedViews on the stacked matrix: same LiDAR (there via Gc − q·McᵀMc, a different summation, so
        // agreement to round-off of that subtraction, 1e-8); alignment between each sample's views 0 and 1.
        CollapseReport grouped = Collapse.of(nd(stacked)).groupedViews(q).diagnose();
        assertEquals(ref, grouped.lidar(), 1e-8 * ref);
        assertEquals(EmbeddingMetrics.alignment(views.get(0), views.get(1)), grouped.alignment(), 1e-12);
        // A different δ changes the value (the parameter is used).
        assertTrue(Math.abs(EmbeddingMetrics.lidar(views, 10.0, 1e-7) - got) > 1e-3);
    }

    @Test
    void fewerSamplesThanDimsWarnsButWorks() {
        CollapseReport r = Collapse.diagnose(nd(gaussian(10, 64, 12)));
        assertFalse(r.warnings().isEmpty());
        assertTrue(r.warnings().get(0).contains("N=10"), r.warnings().get(0));
        assertTrue(r.rankMe() <= 10 + 1e-6, "bounded by N: " + r.rankMe());
        assertEquals(10, r.singularValues().length);
        assertTrue(r.toString().contains("WARNING"));
    }

    @Test
    void badInputGetsOneClearException() {
        double[][] z = gaussian(20, 4, 13);
        z[3][2] = Double.NaN;
        WorkbenchException ex = assertThrows(WorkbenchException.class, () -> Collapse.diagnose(nd(z)));
        assertTrue(ex.getMessage().contains("NaN") && ex.getMessage().contains("row 3"), ex.getMessage());
        z[3][2] = Double.POSITIVE_INFINITY;
        ex = assertThrows(WorkbenchException.class, () -> Collapse.diagnose(nd(z)));
        assertTrue(ex.getMessage().contains("Inf"), ex.getMessage());
        ex = assertThrows(WorkbenchException.class, () -> Collapse.diagnose(Nd4j.create(DataType.FLOAT, 0, 5)));
        assertTrue(ex.getMessage().contains("empty"), ex.getMessage());
        ex = assertThrows(WorkbenchException.class, () -> Collapse.diagnose(Nd4j.ones(DataType.FLOAT, 5)));
        assertTrue(ex.getMessage().contains("rank-2"), ex.getMessage());
        assertThrows(WorkbenchException.class, () -> Collapse.diagnose(new double[0][]));
        assertThrows(WorkbenchException.class, () -> EmbeddingMetrics.alignment(nd(gaussian(5, 3, 1)),
                nd(gaussian(6, 3, 1))));
        assertThrows(WorkbenchException.class, () -> EmbeddingMetrics.lidar(List.of(nd(gaussian(5, 3, 1)))));
        assertThrows(WorkbenchException.class, () -> CollapseThresholds.defaults().withMinRankFraction(-1));
    }

    @Test
    void floatAndDoubleAgreeAndTableIsComplete() {
        double[][] z = gaussian(2000, 16, 14);
        CollapseReport rd = Collapse.diagnose(nd(z));
        CollapseReport rf = Collapse.diagnose(nd(z).castTo(DataType.FLOAT));
        assertEquals(rd.rankMe(), rf.rankMe(), 1e-4 * rd.rankMe());
        assertEquals(rd.stdOfL2Normalized(), rf.stdOfL2Normalized(), 1e-5);
        assertEquals(rd.uniformity(), Collapse.diagnose(z).uniformity(), 1e-12, "double[][] overload");
        Table t = rd.toTable();
        assertTrue(t.name().contains("HEALTHY"));
        assertTrue(t.stringColumn("metric").contains("rankMe"));
        assertEquals(rd.rankMe(), t.doubleColumn("value").get(t.stringColumn("metric").indexOf("rankMe")), 0);
        // Correlation: diagonal 1, symmetric.
        double[][] c = rd.correlationMatrix();
        for (int i = 0; i < 16; i++) {
            assertEquals(1.0, c[i][i], 1e-12);
            for (int j = 0; j < 16; j++) assertEquals(c[i][j], c[j][i], 1e-12);
        }
        // Same seed → same numbers.
        assertEquals(Collapse.of(nd(gaussian(3000, 8, 1))).seed(3).diagnose().uniformity(),
                Collapse.of(nd(gaussian(3000, 8, 1))).seed(3).diagnose().uniformity(), 0.0);
    }
}
