package org.jepa.workbench.energy;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * An energy evaluated on a regular 2-D grid over {@code bounds}.
 *
 * @param title  label for plots
 * @param bounds the plotted domain
 * @param xs     grid abscissae (y₁), length nx, ascending, cell centres
 * @param ys     grid ordinates (y₂), length ny, ascending, cell centres
 * @param values energy, [ny][nx] (row = y₂ index)
 */
public record Landscape(String title, Bounds bounds, double[] xs, double[] ys, double[][] values) {

    /**
     * Evaluates {@code energy} at the centres of a {@code resolution × resolution} grid of cells covering
     * {@code bounds} (so every cell has the same area and cell fractions are area fractions).
     */
    public static Landscape evaluate(Energy energy, Bounds bounds, int resolution) {
        WorkbenchException.require(energy != null, "Landscape: energy is null");
        WorkbenchException.require(energy.dim() == 2, "Landscape: energy must be over 2-D points, has dim " + energy.dim());
        WorkbenchException.require(resolution >= 2 && resolution <= 2000, "Landscape: resolution must be in [2, 2000], got " + resolution);
        int n = resolution;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = bounds.xMin() + (i + 0.5) * (bounds.xMax() - bounds.xMin()) / n;
            ys[i] = bounds.yMin() + (i + 0.5) * (bounds.yMax() - bounds.yMin()) / n;
        }
        double[][] pts = new double[n * n][];
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) pts[r * n + c] = new double[] {xs[c], ys[r]};
        double[] e = energy.energies(pts);
        double[][] v = new double[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(e, r * n, v[r], 0, n);
            for (double d : v[r]) WorkbenchException.require(Double.isFinite(d), "Landscape: energy '" + energy.name() + "' is NaN/Inf on the grid");
        }
        return new Landscape(energy.name(), bounds, xs, ys, v);
    }

    public Landscape withTitle(String t) {
        return new Landscape(t, bounds, xs, ys, values);
    }

    /** All values, flattened. */
    public double[] flat() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray();
    }

    public double min() {
        return Arrays.stream(flat()).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(flat()).max().orElseThrow();
    }

    /** Long format: columns y1, y2, energy. */
    public Table table() {
        int n = xs.length * ys.length;
        double[] a = new double[n], b = new double[n], e = new double[n];
        int k = 0;
        for (int r = 0; r < ys.length; r++)
            for (int c = 0; c < xs.length; c++) {
                a[k] = xs[c];
                b[k] = ys[r];
                e[k++] = values[r][c];
            }
        return Table.create(title, DoubleColumn.create("y1", a), DoubleColumn.create("y2", b), DoubleColumn.create("energy", e));
    }
}
