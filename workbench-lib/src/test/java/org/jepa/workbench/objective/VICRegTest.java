package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class VICRegTest {

    /** Plain-Java VICReg, written from the paper's formulas. Returns {inv, var, cov} unweighted. */
    static double[] reference(double[][] a, double[][] b, double gamma, double eps) {
        int n = a.length, d = a[0].length;
        double inv = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) inv += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
        inv /= n * d;
        double var = 0, cov = 0;
        for (double[][] z : List.of(a, b)) {
            double[] mean = new double[d];
            for (double[] row : z) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
            double[][] c = new double[d][d];
            for (double[] row : z)
                for (int p = 0; p < d; p++)
                    for (int q = 0; q < d; q++) c[p][q] += (row[p] - mean[p]) * (row[q] - mean[q]) / (n - 1);
            double v = 0, off = 0;
            for (int p = 0; p < d; p++) {
                v += Math.max(0, gamma - Math.sqrt(c[p][p] + eps)) / d;
                for (int q = 0; q < d; q++) if (p != q) off += c[p][q] * c[p][q];
            }
            var += v / 2;
            cov += off / d;
        }
        return new double[] {inv, var, cov};
    }

    @Test
    void termNamesAreStableAndOrdered() {
        Map<String, Double> t = evaluate(VICReg.defaults(), gaussian(1, 5, 3, 1), gaussian(2, 5, 3, 1));
        assertEquals(List.of("invariance", "variance", "covariance"), List.copyOf(t.keySet()));
    }

    @Test
    void identicalRowsGiveTheFullVarianceHinge() {
        double[][] same = {{0.3, -1.2, 2.0}, {0.3, -1.2, 2.0}, {0.3, -1.2, 2.0}, {0.3, -1.2, 2.0}};
        Map<String, Double> t = evaluate(VICReg.defaults(), same, same);
        // Var = 0 → std = sqrt(1e-4) = 0.01 → hinge 0.99 per dim; ½(0.99 + 0.99)·25 = 24.75.
        assertEquals(0.0, t.get("invariance"), 1e-12);
        assertEquals(25 * (1 - Math.sqrt(1e-4)), t.get("variance"), 1e-9);
        assertEquals(0.0, t.get("covariance"), 1e-12);
    }

    @Test
    void matchesPlainJavaReferenceWithDefaultAndCustomWeights() {
        double[][] a = gaussian(3, 7, 4, 0.6);
        double[][] b = plus(a, gaussian(4, 7, 4, 1), 0.3);
        double[] r = reference(a, b, 1.0, 1e-4);
        Map<String, Double> t = evaluate(VICReg.defaults(), a, b);
        assertEquals(25 * r[0], t.get("invariance"), 1e-9);
        assertEquals(25 * r[1], t.get("variance"), 1e-9);
        assertEquals(1 * r[2], t.get("covariance"), 1e-9);
        assertTrue(r[1] > 0.1 && r[2] > 0.01, "test input must exercise every term");

        VICReg custom = VICReg.defaults().invarianceWeight(2).varianceWeight(3).covarianceWeight(5).gamma(0.8).epsilon(1e-3);
        double[] r2 = reference(a, b, 0.8, 1e-3);
        Map<String, Double> t2 = evaluate(custom, a, b);
        assertEquals(2 * r2[0], t2.get("invariance"), 1e-9);
        assertEquals(3 * r2[1], t2.get("variance"), 1e-9);
        assertEquals(5 * r2[2], t2.get("covariance"), 1e-9);
    }

    @Test
    void float32InputsGiveFloat32TermsCloseToDouble() {
        double[][] a = gaussian(5, 8, 4, 0.5);
        double[][] b = gaussian(6, 8, 4, 0.5);
        double[] r = reference(a, b, 1.0, 1e-4);
        Map<String, Double> t = evaluate(VICReg.defaults(), a, b, DataType.FLOAT, null);
        assertEquals(25 * r[0], t.get("invariance"), 1e-4);
        assertEquals(25 * r[1], t.get("variance"), 1e-4);
        assertEquals(r[2], t.get("covariance"), 1e-4);
    }

    @Test
    void gradientCheckInDouble() {
        // std per dim ≈ 0.5 < γ = 1: every hinge is active, away from its kink.
        double[][] a = gaussian(7, 6, 4, 0.5);
        double[][] b = plus(a, gaussian(8, 6, 4, 0.5), 0.5);
        assertTrue(gradCheck(VICReg.defaults(), a, b));
    }

    @Test
    void badHyperParametersAreRejectedByName() {
        assertMessage(() -> VICReg.defaults().varianceWeight(-1), "varianceWeight");
        assertMessage(() -> VICReg.defaults().covarianceWeight(Double.NaN), "covarianceWeight");
        assertMessage(() -> VICReg.defaults().invarianceWeight(Double.POSITIVE_INFINITY), "invarianceWeight");
        assertMessage(() -> VICReg.defaults().gamma(0), "gamma");
        assertMessage(() -> VICReg.defaults().epsilon(-1e-4), "epsilon");
    }

    @Test
    void batchOfOneIsRejected() {
        assertMessage(() -> VICReg.defaults().validate(1, 8), "variance");
        assertMessage(() -> VICReg.defaults().validate(4, 0), "dimension");
        VICReg.defaults().validate(2, 1);
    }

    @Test
    void shapeMismatchIsReported() {
        assertMessage(() -> evaluate(VICReg.defaults(), gaussian(1, 4, 3, 1), gaussian(1, 4, 2, 1)), "same shape");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String... fragments) {
        WorkbenchException ex = assertThrows(WorkbenchException.class, e);
        for (String f : fragments) assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' lacks '" + f + "'");
    }
}
