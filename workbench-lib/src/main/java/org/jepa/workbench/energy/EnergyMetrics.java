package org.jepa.workbench.energy;

import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Measurements of an energy landscape against data.
 * <ul>
 *   <li><b>low-energy volume</b>: fraction of the plotting domain whose energy lies at or below the level
 *       that covers {@code coverage} (default 95%) of held-out data points — the area the model "spends"
 *       on low energy to cover the data (smaller is better, collapse-free ≠ flat).</li>
 *   <li><b>data-fit</b>: mean energy of held-out data points (model units).</li>
 *   <li><b>gap</b>: mean energy of off-manifold probes minus mean energy of held-out data (model units);
 *       {@code gap/spread} divides it by the 5–95% spread of energies on the grid, so models on different
 *       energy scales can be compared.</li>
 * </ul>
 */
public final class EnergyMetrics {
    private EnergyMetrics() {
    }

    /** The empirical {@code q}-quantile (lower order statistic at ⌈q·n⌉), q ∈ (0, 1]. */
    public static double quantile(double[] v, double q) {
        WorkbenchException.require(v != null && v.length > 0, "quantile: no values");
        WorkbenchException.require(q > 0 && q <= 1, "quantile level must be in (0, 1], got " + q);
        double[] s = v.clone();
        for (double d : s) WorkbenchException.require(Double.isFinite(d), "quantile: NaN/Inf value");
        Arrays.sort(s);
        int k = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, k)];
    }

    /** Fraction of grid cells of {@code landscape} with energy ≤ {@code level}. */
    public static double volumeBelow(Landscape landscape, double level) {
        double[] f = landscape.flat();
        long c = Arrays.stream(f).filter(e -> e <= level).count();
        return (double) c / f.length;
    }

    /** Low-energy volume at the level covering {@code coverage} of the held-out energies. */
    public static double lowEnergyVolume(Landscape landscape, double[] heldOutEnergies, double coverage) {
        return volumeBelow(landscape, quantile(heldOutEnergies, coverage));
    }

    /** One row of the comparison table. */
    public record Report(String model, String training, double volume, double dataFit, double gap, double gapOverSpread,
                         double level, double seconds) {
    }

    /**
     * Measures {@code energy} on a {@code resolution²} grid over {@code bounds}.
     *
     * @param heldOut data points not used for training [N][2]
     * @param probes  off-manifold points [M][2]
     */
    public static Report measure(String model, String training, Energy energy, double[][] heldOut, double[][] probes,
                                 Bounds bounds, int resolution, double seconds) {
        Checks.points(heldOut, 2, "held-out data");
        Checks.points(probes, 2, "off-manifold probes");
        Landscape l = Landscape.evaluate(energy, bounds, resolution);
        double[] eh = energy.energies(heldOut), ep = energy.energies(probes);
        double level = quantile(eh, 0.95);
        double fit = Arrays.stream(eh).average().orElseThrow();
        double gap = Arrays.stream(ep).average().orElseThrow() - fit;
        double[] f = l.flat();
        double spread = quantile(f, 0.95) - quantile(f, 0.05);
        return new Report(model, training, volumeBelow(l, level), fit, gap, spread > 0 ? gap / spread : Double.NaN, level, seconds);
    }

    /** Measures a training run (uses its energy, model name, training label and seconds). */
    public static Report measure(EnergyRun run, double[][] heldOut, double[][] probes, Bounds bounds, int resolution) {
        return measure(run.model(), run.training(), run.energy(), heldOut, probes, bounds, resolution, run.seconds());
    }

    /** Columns: model, training, volume, data_fit, gap, gap_over_spread, level95, seconds. */
    public static Table table(List<Report> reports) {
        Table t = Table.create("energy comparison");
        StringColumn m = StringColumn.create("model"), tr = StringColumn.create("training");
        DoubleColumn v = DoubleColumn.create("volume"), f = DoubleColumn.create("data_fit"), g = DoubleColumn.create("gap"),
                gs = DoubleColumn.create("gap_over_spread"), lv = DoubleColumn.create("level95"), s = DoubleColumn.create("seconds");
        for (Report r : reports) {
            m.append(r.model());
            tr.append(r.training());
            v.append(round(r.volume(), 4));
            f.append(round(r.dataFit(), 4));
            g.append(round(r.gap(), 4));
            gs.append(round(r.gapOverSpread(), 3));
            lv.append(round(r.level(), 4));
            s.append(round(r.seconds(), 2));
        }
        t.addColumns(m, tr, v, f, g, gs, lv, s);
        return t;
    }

    static double round(double x, int digits) {
        if (!Double.isFinite(x)) return x;
        double p = Math.pow(10, digits);
        return Math.round(x * p) / p;
    }
}
