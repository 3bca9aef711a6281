package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** InvarianceOnly, CosineRegression and EmbeddingPrediction: the objectives without batch statistics. */
class RegressionObjectivesTest {

    @Test
    void invarianceOnlyIsTheMeanSquaredError() {
        double[][] a = {{1, 2}, {3, 4}};
        double[][] b = {{1, 0}, {0, 4}};
        // (0 + 4 + 9 + 0)/4
        Map<String, Double> t = evaluate(InvarianceOnly.defaults().weight(2), a, b);
        assertEquals(List.of("invariance"), List.copyOf(t.keySet()));
        assertEquals(2 * 13 / 4.0, t.get("invariance"), 1e-12);
        // A collapsed pair costs nothing: the baseline has no force against collapse.
        double[][] c = {{5, 5}, {5, 5}};
        assertEquals(0.0, evaluate(InvarianceOnly.defaults(), c, c).get("invariance"), 0.0);
        // Batch of one is fine here.
        InvarianceOnly.defaults().validate(1, 3);
        assertEquals(1.0, evaluate(InvarianceOnly.defaults(), new double[][] {{1, 1}}, new double[][] {{0, 2}}).get("invariance"), 1e-12);
    }

    @Test
    void cosineRegressionHandValues() {
        // Same direction → 0, orthogonal → 2, opposite → 4; scale-free.
        double[][] a = {{1, 0}, {0, 3}, {2, 2}};
        double[][] b = {{5, 0}, {1, 0}, {-1, -1}};
        Map<String, Double> t = evaluate(CosineRegression.defaults(), a, b);
        assertEquals(List.of("regression"), List.copyOf(t.keySet()));
        assertEquals((0 + 2 + 4) / 3.0, t.get("regression"), 1e-12);
        assertEquals(0.5 * 2, evaluate(CosineRegression.defaults().weight(0.5), new double[][] {{1, 0}}, new double[][] {{0, 1}})
                .get("regression"), 1e-12);
        // D = 1 (a size-1 reduction trips SameDiff M2.1 unless handled): cos = sign agreement.
        assertEquals(2.0, evaluate(CosineRegression.defaults(), new double[][] {{2}, {3}}, new double[][] {{1}, {-1}}).get("regression"), 1e-12);
    }

    @Test
    void cosineRegressionMatchesReferenceInFloat32() {
        double[][] a = gaussian(61, 9, 5, 1);
        double[][] b = gaussian(62, 9, 5, 2);
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            double dot = 0, na = 0, nb = 0;
            for (int j = 0; j < 5; j++) {
                dot += a[i][j] * b[i][j];
                na += a[i][j] * a[i][j];
                nb += b[i][j] * b[i][j];
            }
            expected += (2 - 2 * dot / Math.sqrt(na * nb)) / a.length;
        }
        assertEquals(expected, evaluate(CosineRegression.defaults(), a, b).get("regression"), 1e-12);
        assertEquals(expected, evaluate(CosineRegression.defaults(), a, b, DataType.FLOAT, null).get("regression"), 1e-5);
    }

    @Test
    void embeddingPredictionDistances() {
        double[][] p = {{0, 0.5}, {3, -2}};
        double[][] y = {{0, 0}, {0, 0}};
        // residuals 0, 0.5, 3, −2
        Map<String, Double> mse = evaluate(EmbeddingPrediction.defaults(), p, y);
        assertEquals(List.of("prediction"), List.copyOf(mse.keySet()));
        assertEquals((0 + 0.25 + 9 + 4) / 4, mse.get("prediction"), 1e-12);
        assertEquals((0 + 0.5 + 3 + 2) / 4, evaluate(EmbeddingPrediction.defaults().distance("l1"), p, y).get("prediction"), 1e-12);
        // smooth-L1, β = 1: 0, 0.5²/2, 3 − 0.5, 2 − 0.5
        assertEquals((0 + 0.125 + 2.5 + 1.5) / 4,
                evaluate(EmbeddingPrediction.defaults().distance("smooth_l1"), p, y).get("prediction"), 1e-12);
        // β = 4: every residual is in the quadratic zone → r²/8
        assertEquals((0 + 0.25 + 9 + 4) / 8 / 4,
                evaluate(EmbeddingPrediction.defaults().distance(EmbeddingPrediction.Distance.SMOOTH_L1).beta(4), p, y).get("prediction"), 1e-12);
    }

    @Test
    void gradientChecksInDouble() {
        double[][] a = gaussian(63, 5, 4, 1);
        double[][] b = gaussian(64, 5, 4, 1);
        assertTrue(gradCheck(InvarianceOnly.defaults(), a, b), "none");
        assertTrue(gradCheck(CosineRegression.defaults(), a, b), "byol");
        // Residuals are away from 0 (|r| kink) and from β = 1 (smooth-L1 switch) for these seeds.
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < 4; j++) {
                double r = Math.abs(a[i][j] - b[i][j]);
                assertTrue(r > 1e-3 && Math.abs(r - 1) > 1e-3, "residual near a kink: " + r);
            }
        for (EmbeddingPrediction.Distance d : EmbeddingPrediction.Distance.values())
            assertTrue(gradCheck(EmbeddingPrediction.defaults().distance(d), a, b), d.toString());
    }

    @Test
    void badHyperParameters() {
        assertMessage(() -> InvarianceOnly.defaults().weight(-1), "weight");
        assertMessage(() -> CosineRegression.defaults().weight(Double.NaN), "weight");
        assertMessage(() -> EmbeddingPrediction.defaults().beta(0), "beta");
        assertMessage(() -> EmbeddingPrediction.defaults().distance("cosine"), "unknown distance", "cosine");
        assertMessage(() -> EmbeddingPrediction.defaults().validate(0, 4), "batch size");
        assertMessage(() -> CosineRegression.defaults().validate(4, 0), "dimension");
    }
}
