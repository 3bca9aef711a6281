package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row sums of [N, W], with W = 1 (where M2.1's sum throws) as a reshape. */
class GraphRowSumsTest {

    private static INDArray run(int width, boolean keepDims, INDArray x) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, -1);
        SDVariable out = Graph.rowSums(sd, in, width, keepDims);
        return sd.output(java.util.Map.of("x", x), out.name()).get(out.name());
    }

    @Test
    void sumsEachRowAndKeepsTheWidthOfOneWithoutAReduction() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {6, 15}, run(3, false, x).toDoubleVector(), 0);
        assertArrayEquals(new long[] {2, 1}, run(3, true, x).shape());
        assertArrayEquals(new double[] {6, 15}, run(-1, true, x).reshape(-1).toDoubleVector(), 0);
        INDArray column = Nd4j.createFromArray(new double[][] {{7}, {8}});
        assertArrayEquals(new double[] {7, 8}, run(1, false, column).toDoubleVector(), 0);
        assertArrayEquals(new long[] {2}, run(1, false, column).shape());
        assertArrayEquals(new long[] {2, 1}, run(1, true, column).shape());
    }
}
