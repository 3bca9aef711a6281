package org.jepa.workbench.data;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A sample from a 2-D toy manifold (see {@link ToyManifolds}).
 *
 * @param name  generator name, e.g. {@code "ellipse"}
 * @param y     observed points, shape [N][2]
 * @param x     conditioning input per point, length N, or {@code null} for unconditional manifolds
 * @param theta latent that generated each point (angle in radians, or arc parameter), length N, or
 *              {@code null} when the generator has no single latent (two moons: see {@link #branch})
 * @param branch integer branch per point (two moons: 0 upper, 1 lower; spiral: arm), or {@code null}
 */
public record ToyData(String name, double[][] y, double[] x, double[] theta, int[] branch) {

    public ToyData {
        WorkbenchException.require(y != null && y.length > 0, "ToyData '" + name + "' is empty (0 points)");
        for (double[] p : y) {
            WorkbenchException.require(p.length == 2, "ToyData '" + name + "': points must be 2-D, got " + p.length);
            WorkbenchException.require(Double.isFinite(p[0]) && Double.isFinite(p[1]),
                    "ToyData '" + name + "': non-finite coordinate");
        }
        WorkbenchException.require(x == null || x.length == y.length, "ToyData '" + name + "': x length mismatch");
        WorkbenchException.require(theta == null || theta.length == y.length, "ToyData '" + name + "': theta length mismatch");
        WorkbenchException.require(branch == null || branch.length == y.length, "ToyData '" + name + "': branch length mismatch");
    }

    /** Number of points N. */
    public int size() {
        return y.length;
    }

    /** Points as a float64 INDArray of shape [N, 2]. */
    public INDArray yArray() {
        return Nd4j.createFromArray(y);
    }

    /** Inputs [x, y1, y2] per row (x column only when conditional), shape [N][1+2] or [N][2]. */
    public double[][] inputs() {
        if (x == null) return y;
        double[][] r = new double[y.length][];
        for (int i = 0; i < y.length; i++) r[i] = new double[] {x[i], y[i][0], y[i][1]};
        return r;
    }

    /** Columns y1, y2 and, where present, x, theta, branch. */
    public Table table() {
        Table t = Table.create(name);
        if (x != null) t.addColumns(DoubleColumn.create("x", x));
        double[] a = new double[y.length], b = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            a[i] = y[i][0];
            b[i] = y[i][1];
        }
        t.addColumns(DoubleColumn.create("y1", a), DoubleColumn.create("y2", b));
        if (theta != null) t.addColumns(DoubleColumn.create("theta", theta));
        if (branch != null) {
            double[] br = new double[branch.length];
            for (int i = 0; i < br.length; i++) br[i] = branch[i];
            t.addColumns(DoubleColumn.create("branch", br));
        }
        return t;
    }
}
