package org.jepa.workbench.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/**
 * The native route (OpenBLAS dsyrk / LAPACK dsyev through {@link NativeBlas}) used by the diagnostics, checked
 * against EJML, ND4J gemm and closed forms: ordering, input left intact, values, the whitened generalised problem
 * (dense and diagonal W), failure path, and a whole diagnosis with the native path off.
 */
class CollapseLinalgTest {

    /** Random symmetric matrix AᵀA/size + shift·I (shift may make it indefinite). */
    static DMatrixRMaj randomSymmetric(int d, double shift, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        for (int k = 0; k < a.data.length; k++) a.data[k] = r.nextGaussian();
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(a, a, s);
        CommonOps_DDRM.scale(1.0 / d, s);
        for (int i = 0; i < d; i++) s.add(i, i, shift);
        return s;
    }

    @Test
    void lapackEigenvaluesMatchEjmlDescendingAndLeaveInputIntact() {
        for (int d : new int[] {1, 2, 7, 64, 300}) {
            for (double shift : new double[] {0.0, -0.5}) {
                DMatrixRMaj s = randomSymmetric(d, shift, 11L * d);
                DMatrixRMaj before = s.copy();
                assertTrue(NativeBlas.available(), "OpenBLAS not loaded or failed its self-check");
                double[] lapack = NativeBlas.symmetricEigenvaluesDesc(s.data, d);
                assertNotNull(lapack, "LAPACK dsyev failed for d=" + d);
                double[] ejml = Linalg.ejmlSymmetricEigenvaluesDesc(s);
                assertArrayEquals(before.data, s.data, 0.0, "input modified");
                assertEquals(d, lapack.length);
                double scale = Math.max(1.0, Math.abs(ejml[0]));
                for (int i = 0; i < d; i++) {
                    assertEquals(ejml[i], lapack[i], 1e-10 * scale, "eigenvalue " + i + " of d=" + d);
                    if (i > 0) assertEquals(true, lapack[i] <= lapack[i - 1], "not descending at " + i);
                }
                double trace = 0;
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    trace += s.get(i, i);
                    sum += lapack[i];
                }
                assertEquals(trace, sum, 1e-9 * Math.max(1, Math.abs(trace)), "sum of eigenvalues != trace");
            }
        }
    }

    @Test
    void lapackEigenvaluesOfKnownMatrix() {
        // [[2,1],[1,2]] has eigenvalues 3 and 1; diag(5, -1, 0) has 5, 0, -1
        double[] ev = NativeBlas.symmetricEigenvaluesDesc(new double[] {2, 1, 1, 2}, 2);
        assertArrayEquals(new double[] {3, 1}, ev, 1e-14);
        ev = Linalg.symmetricEigenvaluesDesc(new DMatrixRMaj(new double[][] {{5, 0, 0}, {0, -1, 0}, {0, 0, 0}}));
        assertArrayEquals(new double[] {5, 0, -1}, ev, 1e-14);
    }

    @Test
    void notPositiveDefiniteGivesClearError() {
        DMatrixRMaj w = randomSymmetric(20, -5.0, 3);
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Linalg.generalizedEigenvaluesDesc(randomSymmetric(20, 0, 4), w));
        assertEquals(true, e.getMessage().contains("not positive definite"), e.getMessage());
    }

    @Test
    void generalizedEigenvaluesMatchExplicitWhitening() {
        // B v = λ W v with W = diag(w): eigenvalues of W^{-1/2} B W^{-1/2}, built explicitly here
        int d = 40;
        DMatrixRMaj b = randomSymmetric(d, 0, 21);
        DMatrixRMaj w = new DMatrixRMaj(d, d);
        Random r = new Random(5);
        double[] wd = new double[d];
        for (int i = 0; i < d; i++) {
            wd[i] = 0.5 + r.nextDouble() * 3;
            w.set(i, i, wd[i]);
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) m.set(i, j, b.get(i, j) / Math.sqrt(wd[i] * wd[j]));
        }
        double[] expected = Linalg.ejmlSymmetricEigenvaluesDesc(m);
        double[] got = Linalg.generalizedEigenvaluesDesc(b, w);
        assertArrayEquals(expected, got, 1e-10);
    }

    @Test
    void generalizedEigenvaluesMatchWhiteningByEigenvectorsForDenseW() {
        // Dense W (the diagonal case above never reaches a blocked triangular kernel): whiten with
        // W^{-1/2} = V diag(w^{-1/2}) Vᵀ from EJML's eigenvectors, an independent route. This is the check that
        // caught LAPACK dsygv's wrong answers (OpenBLAS 0.3.19 SkylakeX dtrsm) before it could ship.
        for (int d : new int[] {33, 64, 130}) {
            DMatrixRMaj b = randomSymmetric(d, 0, 100 + d);
            DMatrixRMaj w = randomSymmetric(d, 0.5, 200 + d);
            double[][] v = Linalg.topEigenvectors(w, d);
            double[] wv = Linalg.ejmlSymmetricEigenvaluesDesc(w);
            DMatrixRMaj isqrt = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double acc = 0;
                    for (int k = 0; k < d; k++) acc += v[i][k] * v[j][k] / Math.sqrt(wv[k]);
                    isqrt.set(i, j, acc);
                }
            }
            DMatrixRMaj tmp = new DMatrixRMaj(d, d);
            DMatrixRMaj m = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(isqrt, b, tmp);
            CommonOps_DDRM.mult(tmp, isqrt, m);
            double[] expected = Linalg.ejmlSymmetricEigenvaluesDesc(Linalg.toEjmlSymmetric(m.data, d));
            double[] got = Linalg.generalizedEigenvaluesDesc(b, w);
            for (int i = 0; i < d; i++) {
                assertEquals(expected[i], got[i], 1e-9 * expected[0], "eigenvalue " + i + " of d=" + d);
            }
        }
    }

    @Test
    void nativeGramsMatchNd4jGemm() {
        Random r = new Random(9);
        for (int[] shape : new int[][] {{1, 1}, {3, 5}, {300, 64}, {1000, 130}}) {
            int n = shape[0];
            int d = shape[1];
            double[] a = new double[n * d];
            for (int k = 0; k < a.length; k++) a[k] = r.nextGaussian() + 3;
            Linalg.Dense z = new Linalg.Dense(a, n, d);
            double[] mean = z.columnMeans();
            double[] c1 = Linalg.centeredGram(z, mean);
            double[] g1 = Linalg.gramOfColumns(a, n, d);
            double[] r1 = Linalg.gramOfRows(a, n, d);
            NativeBlas.disabled = true;
            try {
                double[] c2 = Linalg.centeredGram(z, mean);
                double[] g2 = Linalg.gramOfColumns(a, n, d);
                double[] r2 = Linalg.gramOfRows(a, n, d);
                assertArrayEquals(c2, c1, 1e-9 * n, "centred Gram " + n + "x" + d);
                assertArrayEquals(g2, g1, 1e-9 * n * 10, "Gram of columns " + n + "x" + d);
                assertArrayEquals(r2, r1, 1e-9 * d * 10, "Gram of rows " + n + "x" + d);
            } finally {
                NativeBlas.disabled = false;
            }
        }
    }

    @Test
    void nativeTriangularInverseIsExactAcrossTheBlockSplit() {
        // orders around dtrtri's 64 limit and the recursion's splits; L·L⁻¹ = I to 1e-10
        for (int d : new int[] {1, 64, 65, 129, 512}) {
            Random r = new Random(d);
            double[] l = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) l[i * d + j] = r.nextGaussian() / Math.sqrt(d);
                l[i * d + i] = 0.5 + r.nextDouble();
            }
            double[] inv = NativeBlas.invertLower(l, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) s += l[i * d + k] * inv[k * d + j];
                    assertEquals(i == j ? 1.0 : 0.0, s, 1e-10, "(L·L⁻¹)[" + i + "][" + j + "] at d=" + d);
                }
            }
        }
    }

    @Test
    void validationFindsTheFirstBadValueAcrossParallelBlocksAndAcceptsHugeFiniteOnes() {
        int n = 2000;
        int d = 8;
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = (i + j) % 5;
        z[1700][3] = Double.NEGATIVE_INFINITY;
        z[1500][6] = Double.NaN; // first in row-major order, in a different block than row 1700
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Linalg.checked(EmbeddingMetrics.fromArray(z), "z"));
        assertTrue(e.getMessage().contains("NaN at row 1500, column 6"), e.getMessage());
        z[1500][6] = 0;
        e = assertThrows(WorkbenchException.class, () -> Linalg.checked(EmbeddingMetrics.fromArray(z), "z"));
        assertTrue(e.getMessage().contains("Inf at row 1700, column 3"), e.getMessage());
        z[1700][3] = 1e200; // finite, its square overflows: valid input, that row normalises to zero
        Linalg.Dense ok = Linalg.checked(EmbeddingMetrics.fromArray(z), "z");
        assertEquals(0.0, ok.invNorms()[1700]);
    }

    @Test
    void nativeSelfCheckPassesHere() {
        assertEquals(null, NativeBlas.selfCheck());
    }

    @Test
    void wholeDiagnosisIsTheSameWithTheNativePathOff() {
        Random r = new Random(4);
        int n = 600;
        int d = 48;
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = r.nextGaussian() * (1 + j % 5) + (i % 3);
        org.nd4j.linalg.api.ndarray.INDArray x = EmbeddingMetrics.fromArray(z);
        CollapseReport fast = Collapse.of(x).groupedViews(3).diagnose();
        NativeBlas.disabled = true;
        CollapseReport slow;
        try {
            slow = Collapse.of(x).groupedViews(3).diagnose();
        } finally {
            NativeBlas.disabled = false;
        }
        assertEquals(slow.rankMe(), fast.rankMe(), 1e-9 * slow.rankMe());
        assertEquals(slow.lidar(), fast.lidar(), 1e-9 * slow.lidar());
        assertEquals(slow.uniformity(), fast.uniformity(), 1e-12);
        assertArrayEquals(slow.covarianceEigenvalues(), fast.covarianceEigenvalues(), 1e-9 * slow.covarianceEigenvalues()[0]);
        assertEquals(slow.verdict(), fast.verdict());
    }
}
