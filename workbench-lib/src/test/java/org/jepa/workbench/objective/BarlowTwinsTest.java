package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarlowTwinsTest {

    static double[][] standardize(double[][] z, double eps) {
        int n = z.length, d = z[0].length;
        double[][] out = new double[n][d];
        for (int j = 0; j < d; j++) {
            double m = 0, v = 0;
            for (double[] row : z) m += row[j] / n;
            for (double[] row : z) v += (row[j] - m) * (row[j] - m) / n;
            for (int i = 0; i < n; i++) out[i][j] = (z[i][j] - m) / Math.sqrt(v + eps);
        }
        return out;
    }

    /** {on-diagonal, off-diagonal} unweighted. */
    static double[] reference(double[][] za, double[][] zb, double eps) {
        double[][] a = standardize(za, eps), b = standardize(zb, eps);
        int n = a.length, d = a[0].length;
        double on = 0, off = 0;
        for (int p = 0; p < d; p++)
            for (int q = 0; q < d; q++) {
                double c = 0;
                for (int i = 0; i < n; i++) c += a[i][p] * b[i][q] / n;
                if (p == q) on += (1 - c) * (1 - c);
                else off += c * c;
            }
        return new double[] {on, off};
    }

    @Test
    void perfectlyCorrelatedDecorrelatedInputsGiveZero() {
        // Columns centred, orthogonal, each with biased variance 1: C = I up to ε = 1e-5.
        double[][] a = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
        double[][] b = {{3, 5}, {3, -5}, {-3, 5}, {-3, -5}}; // positively rescaled views
        Map<String, Double> t = evaluate(BarlowTwins.defaults(), a, b);
        assertEquals(List.of("invariance", "redundancy"), List.copyOf(t.keySet()));
        // C_ii = 1/sqrt((1+ε)(s²+ε)/s²) per dim; exactly computed here.
        double on = 0;
        for (double s2 : new double[] {9, 25}) {
            double cii = 1 / Math.sqrt(1 + 1e-5) * s2 / Math.sqrt(s2) / Math.sqrt(s2 + 1e-5);
            on += (1 - cii) * (1 - cii);
        }
        assertEquals(on, t.get("invariance"), 1e-14);
        assertTrue(t.get("invariance") < 1e-9);
        assertEquals(0.0, t.get("redundancy"), 1e-14);
        // Anti-correlated second view: C_ii ≈ −1 → (1 − (−1))² = 4 per dimension.
        double[][] neg = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
        assertEquals(8.0, evaluate(BarlowTwins.defaults(), a, neg).get("invariance"), 1e-3);
    }

    @Test
    void matchesPlainJavaReference() {
        double[][] a = gaussian(31, 9, 4, 1);
        double[][] b = plus(a, gaussian(32, 9, 4, 1), 0.7);
        double[] r = reference(a, b, 1e-5);
        Map<String, Double> t = evaluate(BarlowTwins.defaults().lambda(0.25).weight(2), a, b);
        assertEquals(2 * r[0], t.get("invariance"), 1e-9);
        assertEquals(2 * 0.25 * r[1], t.get("redundancy"), 1e-9);
        assertTrue(r[1] > 0.01);
    }

    @Test
    void gradientCheckInDouble() {
        double[][] a = gaussian(33, 6, 4, 1);
        double[][] b = plus(a, gaussian(34, 6, 4, 1), 0.5);
        assertTrue(gradCheck(BarlowTwins.defaults().lambda(0.2), a, b));
    }

    @Test
    void badHyperParametersAndBatchOfOne() {
        assertMessage(() -> BarlowTwins.defaults().lambda(-1e-3), "lambda");
        assertMessage(() -> BarlowTwins.defaults().epsilon(0), "epsilon");
        assertMessage(() -> BarlowTwins.defaults().weight(Double.NaN), "weight");
        assertMessage(() -> BarlowTwins.defaults().validate(1, 8), "barlow", "invariance", "batch size 1");
    }
}
