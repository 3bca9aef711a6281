package org.jepa.workbench.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/** The optional absolute floor on meanStd: a cloud shrunk to the origin is scale-free-healthy, but collapsed. */
class MinMeanStdRuleTest {

    private static double[][] gaussian(int n, int d, double scale, long seed) {
        Random r = new Random(seed);
        double[][] z = new double[n][d];
        for (double[] row : z) for (int j = 0; j < d; j++) row[j] = scale * r.nextGaussian();
        return z;
    }

    @Test
    void shrunkIsotropicCloudIsHealthyByDefaultAndCollapsedWithAFloor() {
        double[][] tiny = gaussian(400, 16, 1e-6, 1);
        CollapseReport byDefault = Collapse.diagnose(tiny);
        assertEquals(Verdict.HEALTHY, byDefault.verdict(), byDefault.reason());
        CollapseReport floored = Collapse.of(org.jepa.workbench.diagnostics.EmbeddingMetrics.fromArray(tiny))
                .thresholds(CollapseThresholds.defaults().withMinMeanStd(1e-3)).diagnose();
        assertEquals(Verdict.COMPLETE_COLLAPSE, floored.verdict());
        assertTrue(floored.reason().contains("meanStd"), floored.reason());
    }

    @Test
    void unitCloudPassesTheFloorAndOtherSettersKeepIt() {
        CollapseThresholds t = CollapseThresholds.defaults().withMinMeanStd(1e-3).withMinRankFraction(0.2)
                .withSpectrumFloor(1e-7);
        assertEquals(1e-3, t.minMeanStd(), 0);
        assertEquals(0, CollapseThresholds.defaults().minMeanStd(), 0);
        CollapseReport r = Collapse.of(EmbeddingMetrics.fromArray(gaussian(400, 16, 1.0, 2))).thresholds(t).diagnose();
        assertEquals(Verdict.HEALTHY, r.verdict(), r.reason());
        assertThrows(WorkbenchException.class, () -> CollapseThresholds.defaults().withMinMeanStd(-1));
        assertThrows(WorkbenchException.class, () -> CollapseThresholds.defaults().withMinMeanStd(Double.NaN));
    }
}
