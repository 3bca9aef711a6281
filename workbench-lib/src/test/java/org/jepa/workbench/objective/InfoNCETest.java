package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class InfoNCETest {

    /** Plain-Java NT-Xent over the 2B stacked views, direct log of a sum of exps. */
    static double reference(double[][] a, double[][] b, double tau) {
        int n = a.length, d = a[0].length;
        double[][] u = new double[2 * n][];
        for (int i = 0; i < 2 * n; i++) {
            double[] z = i < n ? a[i] : b[i - n];
            double norm = 0;
            for (double x : z) norm += x * x;
            norm = Math.sqrt(norm);
            u[i] = new double[d];
            for (int j = 0; j < d; j++) u[i][j] = z[j] / norm;
        }
        double loss = 0;
        for (int i = 0; i < 2 * n; i++) {
            int p = (i + n) % (2 * n);
            double denom = 0, pos = 0;
            for (int j = 0; j < 2 * n; j++) {
                if (j == i) continue;
                double s = 0;
                for (int k = 0; k < d; k++) s += u[i][k] * u[j][k];
                s /= tau;
                denom += Math.exp(s);
                if (j == p) pos = s;
            }
            loss += -pos + Math.log(denom);
        }
        return loss / (2 * n);
    }

    @Test
    void orthogonalEmbeddingsHaveClosedForms() {
        double[][] e12 = {{1, 0, 0, 0}, {0, 1, 0, 0}};
        double[][] e34 = {{0, 0, 1, 0}, {0, 0, 0, 1}};
        // Views agree: each row sees its positive at s = 1/τ and two negatives at 0.
        double tau = 0.5;
        Map<String, Double> t = evaluate(InfoNCE.defaults().temperature(tau), e12, e12);
        assertEquals(List.of("contrastive"), List.copyOf(t.keySet()));
        assertEquals(Math.log(1 + 2 * Math.exp(-1 / tau)), t.get("contrastive"), 1e-12);
        // Everything orthogonal: positive and both negatives at 0 → log 3 for any τ.
        assertEquals(Math.log(3), evaluate(InfoNCE.defaults(), e12, e34).get("contrastive"), 1e-12);
        // Scale does not matter (cosine similarity).
        double[][] scaled = {{0, 0, 7, 0}, {0, 0, 0, 0.01}};
        assertEquals(Math.log(3), evaluate(InfoNCE.defaults(), e12, scaled).get("contrastive"), 1e-12);
    }

    @Test
    void matchesPlainJavaReference() {
        double[][] a = gaussian(11, 6, 5, 1);
        double[][] b = plus(a, gaussian(12, 6, 5, 1), 0.4);
        for (double tau : new double[] {0.1, 0.5, 2.0}) {
            double expected = reference(a, b, tau);
            assertEquals(expected, evaluate(InfoNCE.defaults().temperature(tau), a, b).get("contrastive"), 1e-9, "tau=" + tau);
        }
        assertEquals(3 * reference(a, b, 0.1), evaluate(InfoNCE.defaults().weight(3), a, b).get("contrastive"), 1e-9);
    }

    @Test
    void smallTemperatureStaysFiniteInFloat32() {
        // τ = 0.01 puts logits at ±100: a naive exp overflows float32, the shifted one must not.
        double[][] a = gaussian(13, 8, 4, 1);
        double[][] b = gaussian(14, 8, 4, 1);
        double expected = reference(a, b, 0.01);
        double got = evaluate(InfoNCE.defaults().temperature(0.01), a, b, DataType.FLOAT, null).get("contrastive");
        assertEquals(expected, got, 1e-3 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void gradientCheckInDouble() {
        double[][] a = gaussian(15, 6, 4, 1);
        double[][] b = plus(a, gaussian(16, 6, 4, 1), 0.5);
        assertTrue(gradCheck(InfoNCE.defaults().temperature(0.5), a, b));
    }

    @Test
    void badHyperParametersAndBatchOfOne() {
        assertMessage(() -> InfoNCE.defaults().temperature(0), "temperature");
        assertMessage(() -> InfoNCE.defaults().temperature(-0.1), "temperature");
        assertMessage(() -> InfoNCE.defaults().weight(-1), "weight");
        assertMessage(() -> InfoNCE.defaults().validate(1, 16), "infonce", "contrastive", "batch size 1");
    }
}
