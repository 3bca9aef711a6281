package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

class System2InferenceTest {

    @Test
    void quadraticBowlConvergesAndIterationsGrowWithDistance() {
        // E = ‖y‖²: GD contracts by (1 − 2η) per step, so iterations = ⌈log(2d/tol)/−log(1−2η)⌉ grows with d
        System2Inference s2 = System2Inference.create().stepSize(0.1).tolerance(1e-4);
        double[] dist = {0.01, 0.1, 1, 10};
        double[][] starts = new double[dist.length][];
        for (int i = 0; i < dist.length; i++) starts[i] = new double[] {dist[i], 0};
        List<System2Inference.Result> r = s2.inferAll(EnergyMetricsTest.SQUARED_NORM, starts, new boolean[] {true, true});
        for (int i = 0; i < dist.length; i++) {
            assertTrue(r.get(i).converged());
            int expected = (int) Math.ceil(Math.log(2 * dist[i] / 1e-4) / -Math.log(0.8));
            assertEquals(expected, r.get(i).iterations(), 1);
            assertEquals(r.get(i).iterations() + 1, r.get(i).trajectory().length);
            if (i > 0) assertTrue(r.get(i).iterations() > r.get(i - 1).iterations());
            assertTrue(r.get(i).finalEnergy() < 1e-8);
        }
    }

    @Test
    void observedCoordinateIsHeldAndAmbiguousStartsTakeLonger() {
        // soft free energy of the practicum ellipse: for observed y1 = 0.5 the missing y2 has two answers
        // (±1.5·√(1 − 0.5²/4)); starting near the ridge y2 = 0 between them, the gradient is tiny
        LatentVariableEnergy m = LatentVariableEnergy.builder(new EllipseDecoder(2, 1.5)).build();
        FreeEnergy f = m.softFreeEnergy(10);
        System2Inference s2 = System2Inference.create().stepSize(0.05).tolerance(1e-3);
        double[] delta = {0.5, 0.1, 0.01, 0.001};
        double[][] starts = new double[delta.length][];
        for (int i = 0; i < delta.length; i++) starts[i] = new double[] {0.5, delta[i]};
        List<System2Inference.Result> r = s2.inferAll(f, starts, new boolean[] {false, true});
        double branch = 1.5 * Math.sqrt(1 - 0.25 / 4);
        for (int i = 0; i < delta.length; i++) {
            System2Inference.Result ri = r.get(i);
            assertTrue(ri.converged());
            assertEquals(0.5, ri.last()[0], 0.0, "observed coordinate must not move");
            assertEquals(branch, ri.last()[1], 0.05, "lands on the upper branch");
            if (i > 0) assertTrue(ri.iterations() > r.get(i - 1).iterations(),
                    "closer to the ridge must take longer: " + ri.iterations() + " vs " + r.get(i - 1).iterations());
        }
    }

    @Test
    void capAndBadInput() {
        System2Inference.Result r = System2Inference.create().stepSize(1e-4).maxIterations(5)
                .infer(EnergyMetricsTest.SQUARED_NORM, new double[] {1, 1}, new boolean[] {true, true});
        assertFalse(r.converged());
        assertEquals(5, r.iterations());
        assertThrows(WorkbenchException.class, () -> System2Inference.create().stepSize(0));
        assertThrows(WorkbenchException.class, () -> System2Inference.create().tolerance(Double.NaN));
        assertThrows(WorkbenchException.class, () -> System2Inference.create()
                .infer(EnergyMetricsTest.SQUARED_NORM, new double[] {Double.NaN, 1}, new boolean[] {true, true}));
        assertThrows(WorkbenchException.class, () -> System2Inference.create()
                .infer(EnergyMetricsTest.SQUARED_NORM, new double[] {1, 1}, new boolean[] {false, false}));
    }
}
