package org.jepa.workbench.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseMonitor;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.callback.TrainingContext;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** Every plot builds from real reports and renders to PNG (written to java.io.tmpdir for a visual check). */
class CollapsePlotsTest {

    static INDArray gaussian(int n, int d, long seed, double[] scale) {
        Random r = new Random(seed);
        double[][] z = new double[n][d];
        for (double[] row : z) for (int j = 0; j < d; j++) row[j] = r.nextGaussian() * (scale == null ? 1 : scale[j]);
        return Nd4j.createFromArray(z);
    }

    static Path save(Chart<?, ?> c, String name) throws Exception {
        Path p = Path.of(System.getProperty("java.io.tmpdir"), "collapse-plots", name + ".png");
        Files.createDirectories(p.getParent());
        BitmapEncoder.saveBitmap(c, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        assertTrue(Files.size(p) > 5000, name + " rendered");
        return p;
    }

    @Test
    void allPlotsRender() throws Exception {
        int d = 64;
        CollapseReport healthy = Collapse.of(gaussian(2000, d, 1, null)).name("isotropic").diagnose();
        double[] decay = new double[d];
        for (int j = 0; j < d; j++) decay[j] = j < 8 ? 1 : 1e-5; // 8 live dims, the rest nearly dead
        CollapseReport partial = Collapse.of(gaussian(2000, d, 2, decay)).name("8 live dims").diagnose();
        double[] power = new double[d];
        for (int j = 0; j < d; j++) power[j] = 1.0 / (1 + j);
        CollapseReport decaying = Collapse.of(gaussian(2000, d, 3, power)).name("power law").diagnose();

        XYChart spec = CollapsePlots.spectrum(healthy, partial, decaying);
        assertEquals(3, spec.getSeriesMap().size());
        save(spec, "spectrum");

        CategoryChart hist = CollapsePlots.stdHistogram(partial);
        save(hist, "std-histogram");

        // Correlated dims for the heat map: mix 16 dims.
        INDArray base = gaussian(1500, 16, 4, null);
        INDArray mixed = base.mmul(gaussian(16, 16, 5, null).addi(Nd4j.eye(16).muli(3)));
        HeatMapChart heat = CollapsePlots.correlationHeatmap(Collapse.of(mixed).name("mixed").diagnose());
        save(heat, "correlation");
        save(CollapsePlots.correlationHeatmap(healthy), "correlation-64");

        // PCA: three labelled blobs in 32-d.
        int n = 900;
        double[][] z = new double[n][32];
        int[] labels = new int[n];
        Random r = new Random(6);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 32; j++) z[i][j] = r.nextGaussian() + (j == labels[i] ? 6 : 0);
        }
        XYChart pca = CollapsePlots.pcaScatter(Nd4j.createFromArray(z), labels, "three blobs");
        assertEquals(3, pca.getSeriesMap().size());
        save(pca, "pca");

        // Metrics over steps: two fake runs, one collapsing.
        Table h1 = fakeRun("collapsing (τ=40)", 40);
        Table h2 = fakeRun("stable", 1e9);
        XYChart steps = CollapsePlots.metricOverSteps("normStdRatio", h1, h2);
        assertEquals(2, steps.getSeriesMap().size());
        save(steps, "metric-over-steps");
        save(CollapsePlots.metricOverSteps("rankMe", h1, h2), "rankme-over-steps");

        Table summary = CollapsePlots.summaryTable(healthy, partial, decaying);
        assertEquals(3, summary.rowCount());
        assertEquals("DIMENSIONAL_COLLAPSE", summary.stringColumn("verdict").get(1));
        assertTrue(!summary.columnNames().contains("lidar"), "all-NaN metrics are dropped");
        System.out.println(summary.print());
        System.out.println(healthy.toTable().print());

        assertThrows(WorkbenchException.class, () -> CollapsePlots.metricOverSteps("nope", h1));
        assertThrows(WorkbenchException.class, () -> CollapsePlots.pcaScatter(Nd4j.createFromArray(z), new int[3]));
    }

    static Table fakeRun(String name, double tau) {
        INDArray x = Nd4j.randn(DataType.FLOAT, 300, 32);
        CollapseMonitor m = CollapseMonitor.builder(x).name(name).every(20).build();
        long[] step = {-1};
        TrainingContext ctx = new TrainingContext() {
            @Override
            public INDArray embed(INDArray in) {
                double s = Math.exp(-Math.max(step[0], 0) / tau);
                // Shrink half the dims faster: rank drops as well as spread.
                INDArray e = in.mul(s).addi(1.0);
                e.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(16, 32))
                        .muli(s);
                return e;
            }

            @Override
            public long step() {
                return step[0];
            }

            @Override
            public int epoch() {
                return (int) Math.max(step[0], 0) / 50;
            }

            @Override
            public long totalSteps() {
                return 300;
            }

            @Override
            public void requestStop(String reason) {
            }
        };
        m.onStart(ctx);
        for (long s = 0; s < 200; s++) {
            step[0] = s;
            m.onStep(ctx, s, Map.of("loss", 1.0));
        }
        m.onEnd(ctx);
        return m.history();
    }
}
