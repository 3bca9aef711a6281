package org.jepa.workbench.energy;

import java.util.Random;
import org.jepa.workbench.data.BatchSource;

/** Rows of a double matrix as a batch source: a batch is the rows asked for. */
final class Points implements BatchSource<double[][]> {
    private final double[][] rows;

    Points(double[][] rows) {
        this.rows = rows;
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public double[][] batch(int[] idx, Random rng) {
        double[][] b = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) b[i] = rows[idx[i]];
        return b;
    }
}
