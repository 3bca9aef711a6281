package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarginContrastiveTest {

    static double dist(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) s += (x[k] - y[k]) * (x[k] - y[k]);
        return Math.sqrt(s);
    }

    /** {positive, negative} unweighted, by direct loops over pairs. */
    static double[] reference(double[][] a, double[][] b, double m) {
        int n = a.length;
        double pos = 0, neg = 0;
        for (int i = 0; i < n; i++) {
            double d = dist(a[i], b[i]);
            pos += d * d / n;
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                double h = Math.max(0, m - dist(a[i], b[j]));
                neg += h * h / (n * (n - 1.0));
            }
        }
        return new double[] {pos, neg};
    }

    @Test
    void tinyHandExample() {
        // Positives coincide; the two negatives are at distance 1, margin 2 → (2 − 1)² each.
        double[][] z = {{0}, {1}};
        Map<String, Double> t = evaluate(MarginContrastive.defaults().margin(2), z, z);
        assertEquals(List.of("positive", "negative"), List.copyOf(t.keySet()));
        assertEquals(0.0, t.get("positive"), 1e-12);
        assertEquals(1.0, t.get("negative"), 1e-9);
        // Negatives beyond the margin cost nothing; the positive is the squared distance 0.5² + 0.5².
        double[][] a = {{0, 0}, {10, 0}};
        double[][] b = {{0.5, 0.5}, {10, 0}};
        Map<String, Double> t2 = evaluate(MarginContrastive.defaults(), a, b);
        assertEquals(0.25, t2.get("positive"), 1e-12);
        assertEquals(0.0, t2.get("negative"), 1e-12);
    }

    @Test
    void matchesPlainJavaReference() {
        double[][] a = gaussian(21, 7, 3, 1);
        double[][] b = plus(a, gaussian(22, 7, 3, 1), 0.3);
        MarginContrastive obj = MarginContrastive.defaults().margin(2.5).positiveWeight(0.5).negativeWeight(4);
        double[] r = reference(a, b, 2.5);
        Map<String, Double> t = evaluate(obj, a, b);
        assertTrue(r[1] > 0.05, "input must activate some hinges");
        assertEquals(0.5 * r[0], t.get("positive"), 1e-9);
        assertEquals(4 * r[1], t.get("negative"), 1e-9);
    }

    @Test
    void gradientCheckInDouble() {
        double[][] a = gaussian(23, 6, 4, 1);
        double[][] b = plus(a, gaussian(24, 6, 4, 1), 0.5);
        double m = 2.5;
        int active = 0;
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b.length; j++) {
                if (i == j) continue;
                double d = dist(a[i], b[j]);
                assertTrue(Math.abs(d - m) > 1e-3, "pair too close to the hinge kink");
                if (d < m) active++;
            }
        assertTrue(active > 0 && active < 30, "want both active and inactive hinges, got " + active);
        assertTrue(gradCheck(MarginContrastive.defaults().margin(m), a, b));
    }

    @Test
    void badHyperParametersAndBatchOfOne() {
        assertMessage(() -> MarginContrastive.defaults().margin(0), "margin");
        assertMessage(() -> MarginContrastive.defaults().positiveWeight(-1), "positiveWeight");
        assertMessage(() -> MarginContrastive.defaults().negativeWeight(Double.NaN), "negativeWeight");
        assertMessage(() -> MarginContrastive.defaults().validate(1, 3), "margin", "negative", "batch size 1");
    }
}
