package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class EnergyMetricsTest {

    /** E(y) = ‖y‖², closed form. */
    static final Energy SQUARED_NORM = new Energy() {
        public String name() {
            return "|y|^2";
        }

        public int dim() {
            return 2;
        }

        public double[] energies(double[][] v) {
            double[] e = new double[v.length];
            for (int i = 0; i < v.length; i++) e[i] = v[i][0] * v[i][0] + v[i][1] * v[i][1];
            return e;
        }

        public double[][] gradients(double[][] v) {
            double[][] g = new double[v.length][2];
            for (int i = 0; i < v.length; i++) {
                g[i][0] = 2 * v[i][0];
                g[i][1] = 2 * v[i][1];
            }
            return g;
        }
    };

    @Test
    void volumeOfSquaredNormIsTheDiscAreaFraction() {
        Random r = new Random(1);
        double[][] held = new double[500][];
        for (int i = 0; i < held.length; i++) held[i] = new double[] {0.6 * r.nextGaussian(), 0.6 * r.nextGaussian()};
        double h = 3;
        Landscape l = Landscape.evaluate(SQUARED_NORM, Bounds.square(h), 400);
        double[] e = SQUARED_NORM.energies(held);
        double level = EnergyMetrics.quantile(e, 0.95);
        // {‖y‖² ≤ L} is a disc of radius √L (inside the box): area πL over the box area (2h)²
        double expected = Math.PI * level / (4 * h * h);
        assertTrue(Math.sqrt(level) < h);
        assertEquals(expected, EnergyMetrics.lowEnergyVolume(l, e, 0.95), 2e-3);
        // the level is the 95% quantile: 95% of held-out points at or below it
        long below = java.util.Arrays.stream(e).filter(v -> v <= level).count();
        assertEquals(475, below);
    }

    @Test
    void measureReportsFitAndGap() {
        double[][] held = {{0.1, 0}, {0, 0.2}};
        double[][] probes = {{2, 0}, {0, 2}};
        EnergyMetrics.Report rep = EnergyMetrics.measure("sq", "none", SQUARED_NORM, held, probes, Bounds.square(3), 50, 0);
        assertEquals((0.01 + 0.04) / 2, rep.dataFit(), 1e-12);
        assertEquals(4 - 0.025, rep.gap(), 1e-12);
        Table t = EnergyMetrics.table(List.of(rep, rep));
        assertEquals(2, t.rowCount());
        assertEquals(List.of("model", "training", "volume", "data_fit", "gap", "gap_over_spread", "level95", "seconds"), t.columnNames());
    }

    @Test
    void landscapeTableAndBadInput() {
        Landscape l = Landscape.evaluate(SQUARED_NORM, new Bounds(-1, 1, 0, 2), 4);
        assertEquals(16, l.table().rowCount());
        assertEquals(0.25 * 0.25 + 0.25 * 0.25, l.values()[0][2], 1e-12); // cell centre (0.25, 0.25)
        assertThrows(WorkbenchException.class, () -> Landscape.evaluate(SQUARED_NORM, Bounds.square(1), 1));
        assertThrows(WorkbenchException.class, () -> new Bounds(1, 0, 0, 1));
        assertThrows(WorkbenchException.class, () -> EnergyMetrics.quantile(new double[0], 0.5));
        assertThrows(WorkbenchException.class, () -> EnergyMetrics.quantile(new double[] {1, Double.NaN}, 0.5));
        assertThrows(WorkbenchException.class, () -> EnergyMetrics.measure("a", "b", SQUARED_NORM, new double[0][], new double[][] {{1, 1}}, Bounds.square(1), 10, 0));
    }
}
