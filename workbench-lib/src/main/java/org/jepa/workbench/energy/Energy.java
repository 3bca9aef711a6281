package org.jepa.workbench.energy;

/**
 * A scalar energy over points v ∈ ℝ^d (low on data, high elsewhere), with its gradient.
 * All arrays are plain doubles: rows are points.
 */
public interface Energy {

    /** Short name for tables and plot titles. */
    String name();

    /** Input dimension d (2 for the toy manifolds). */
    int dim();

    /** E(v) for each row of {@code v} (shape [N][d]); returns length N. */
    double[] energies(double[][] v);

    /** ∇_v E(v) for each row, shape [N][d]. */
    double[][] gradients(double[][] v);

    /** E at one point. */
    default double energy(double... v) {
        return energies(new double[][] {v})[0];
    }
}
