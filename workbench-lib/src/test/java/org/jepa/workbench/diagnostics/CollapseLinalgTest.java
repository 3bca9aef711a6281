package org.jepa.workbench.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/**
 * The LAPACK route (OpenBLAS dsyev through ND4J's BLAS wrapper) used by the diagnostics, checked
 * against EJML and against closed forms: ordering, input left intact, values, the whitened generalised problem,
 * failure path.
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
                double[] lapack = Linalg.lapackSymmetricEigenvaluesDesc(s);
                assertNotNull(lapack, "LAPACK dsyev unavailable for d=" + d);
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
        double[] ev = Linalg.lapackSymmetricEigenvaluesDesc(new DMatrixRMaj(new double[][] {{2, 1}, {1, 2}}));
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
}
