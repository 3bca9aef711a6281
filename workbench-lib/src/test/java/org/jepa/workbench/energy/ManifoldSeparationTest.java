package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jepa.workbench.energy.ManifoldSeparation.Method;
import org.jepa.workbench.energy.ManifoldSeparation.Result;
import org.jepa.workbench.eval.Auroc;
import org.junit.jupiter.api.Test;

class ManifoldSeparationTest {

    private static ManifoldSeparation cell(int d) {
        return ManifoldSeparation.builder().ambientDim(d).method(Method.REGULARIZED).seed(3).build();
    }

    @Test
    void aurocOrientationOnAHandComputedCase() {
        // held-out energies {0, 1, 2}, probes {1.5, 3}: of the 6 pairs the probe is higher in 5 → 5/6
        assertEquals(5.0 / 6, Auroc.of(new double[] {0, 1, 2}, new double[] {1.5, 3}), 1e-12);
        // a tie counts one half: {1} vs {1, 2} → (0.5 + 1)/2
        assertEquals(0.75, Auroc.of(new double[] {1}, new double[] {1, 2}), 1e-12);
    }

    @Test
    void embeddingIsOrthonormalAndPointsSitWhereTheySay() {
        for (int d : new int[] {2, 5, 64}) {
            ManifoldSeparation m = cell(d);
            double[][] q = m.embedding();
            double uu = 0, ww = 0, uw = 0;
            for (double[] row : q) {
                uu += row[0] * row[0];
                ww += row[1] * row[1];
                uw += row[0] * row[1];
            }
            assertEquals(1, uu, 1e-12);
            assertEquals(1, ww, 1e-12);
            assertEquals(0, uw, 1e-12);
            double r = 0.3;
            for (double[] y : m.onManifold(200, new Random(1))) {
                assertEquals(d, y.length);
                assertEquals(0, m.distanceToManifold(y), 1e-9, "held-out point on the manifold, D=" + d);
            }
            for (double[] v : m.offManifold(200, r, new Random(2))) {
                assertEquals(r, m.distanceToManifold(v), 1e-9, "probe at distance r, D=" + d);
            }
        }
    }

    @Test
    void distanceMatchesADenseSearchAlongTheArc() {
        // the closed form against brute force over 20 001 arc points, for probes and arbitrary points
        ManifoldSeparation m = cell(6);
        double[][] q = m.embedding();
        Random rng = new Random(5);
        double[][] probes = m.offManifold(20, 0.3, rng);
        for (int i = 0; i < 40; i++) {
            double[] v = new double[6];
            if (i < 20) v = probes[i];
            else for (int j = 0; j < 6; j++) v[j] = 1.5 * rng.nextGaussian();
            double best = Double.MAX_VALUE;
            for (int s = 0; s <= 20_000; s++) {
                double t = ManifoldSeparation.ARC * s / 20_000.0, d2 = 0;
                for (int j = 0; j < 6; j++) {
                    double e = v[j] - (q[j][0] * Math.cos(t) + q[j][1] * Math.sin(t));
                    d2 += e * e;
                }
                best = Math.min(best, d2);
            }
            assertEquals(Math.sqrt(best), m.distanceToManifold(v), 1e-6);
        }
    }

    @Test
    void sameSeedSameNumbersOtherSeedOthers() {
        Supplier<ManifoldSeparation.Builder> b = () -> ManifoldSeparation.builder().ambientDim(8)
                .method(Method.CONTRASTIVE).negatives(4).steps(30).testPoints(100);
        Result a = b.get().seed(7).build().run(), a2 = b.get().seed(7).build().run(), c = b.get().seed(8).build().run();
        for (String key : new String[] {"auroc", "held_out_energy", "off_manifold_energy", "negatives_near_fraction", "final_loss"}) {
            assertEquals(a.toMap().get(key), a2.toMap().get(key), key + ": same seed, same number");
        }
        assertNotEquals(a.heldOutEnergy(), c.heldOutEnergy(), "another seed, another run");
        Result r1 = ManifoldSeparation.builder().ambientDim(8).method(Method.REGULARIZED).steps(30).testPoints(100).seed(7).build().run();
        Result r2 = ManifoldSeparation.builder().ambientDim(8).method(Method.REGULARIZED).steps(30).testPoints(100).seed(7).build().run();
        assertEquals(r1.auroc(), r2.auroc());
        assertEquals(r1.heldOutEnergy(), r2.heldOutEnergy());
        Map<String, Object> m = a.toMap();
        assertEquals(8, m.get("ambient_dim"));
        assertEquals("CONTRASTIVE", m.get("method"));
        assertEquals(4, m.get("negatives"));
        assertEquals(14, m.size());
    }

    @Test
    void badSettingsSayWhatToDo() {
        assertMessage("ambientDim", () -> ManifoldSeparation.builder().ambientDim(1).method(Method.REGULARIZED).build());
        assertMessage("ambientDim", () -> ManifoldSeparation.builder().ambientDim(ManifoldSeparation.MAX_AMBIENT_DIM + 1)
                .method(Method.REGULARIZED).build());
        assertMessage("ambientDim", () -> ManifoldSeparation.builder().method(Method.REGULARIZED).build());
        assertMessage("method", () -> ManifoldSeparation.builder().ambientDim(4).build());
        assertMessage("K >= 1", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.CONTRASTIVE).build());
        assertMessage("K >= 1", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.CONTRASTIVE).negatives(0).build());
        assertMessage("without negatives", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.REGULARIZED).negatives(4).build());
        assertMessage("steps", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.REGULARIZED).steps(0).build());
        assertMessage("radius", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.REGULARIZED).radius(1.2).build());
        assertMessage("radius", () -> ManifoldSeparation.builder().ambientDim(4).method(Method.REGULARIZED).radius(Double.NaN).build());
        // REGULARIZED with negatives(0) is the documented "unset"
        ManifoldSeparation.builder().ambientDim(4).method(Method.REGULARIZED).negatives(0).build();
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        WorkbenchException ex = assertThrows(WorkbenchException.class, e);
        assertTrue(ex.getMessage().contains(part), "message should name '" + part + "': " + ex.getMessage());
    }

    /**
     * Measured at the defaults (500 test points): regularized 0.991 (seed 1), 0.960 (seed 2); contrastive K=4
     * 0.904 (seed 1) but 0.638 (seed 2) — at D = 2 the contrastive model is seed-sensitive in 200 steps, so
     * its bar is only "clearly above chance".
     */
    @Test
    void atTwoDimensionsBothMethodsSeparateTheProbes() {
        Result c = ManifoldSeparation.builder().ambientDim(2).method(Method.CONTRASTIVE).negatives(4).seed(1).testPoints(200).build().run();
        Result r = ManifoldSeparation.builder().ambientDim(2).method(Method.REGULARIZED).seed(1).testPoints(200).build().run();
        assertTrue(c.auroc() > 0.6, "contrastive D=2: " + c);
        assertTrue(r.auroc() > 0.8, "regularized D=2: " + r);
        assertTrue(c.offManifoldEnergy() > c.heldOutEnergy() && r.offManifoldEnergy() > r.heldOutEnergy());
    }
}
