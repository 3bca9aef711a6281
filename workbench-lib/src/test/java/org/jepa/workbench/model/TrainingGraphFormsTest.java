package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.jepa.workbench.train.Synthetic;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forms training graphs use for speed compute what the plain ops do: ReLU as x · step(x) (the same bits, forward
 * and gradient) and batch norm's statistics as products with a column of ones (the closed form, for any batch size).
 */
class TrainingGraphFormsTest {

    @Test
    void reluAsAMaskGivesTheSameBitsAndGradientAsReluItself() {
        INDArray x0 = Synthetic.randn(3, DataType.FLOAT, 32, 64);
        for (int i = 0; i < 64; i += 5) x0.putScalar(0, i, 0.0);          // exact zeros: where the two could differ
        INDArray w = Synthetic.randn(4, DataType.FLOAT, 32, 64);
        float[][] out = new float[2][], grad = new float[2][];
        for (int form = 0; form < 2; form++) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", x0.dup());
            SDVariable r = form == 0 ? sd.nn().relu(x, 0.0) : Activation.relu(sd, x, true);
            sd.setLossVariables(r.mul(sd.constant("w", w)).sum().name());
            out[form] = r.eval().reshape(-1).toFloatVector();
            grad[form] = sd.calculateGradients(Map.of(), "x").get("x").reshape(-1).toFloatVector();
        }
        for (int i = 0; i < out[0].length; i++) {
            assertEquals(out[0][i], out[1][i], 0.0, "ReLU value at " + i);
            assertEquals(grad[0][i], grad[1][i], 0.0, "ReLU gradient at " + i);
        }
    }

    @Test
    void batchNormInTrainingIsTheClosedFormForEveryBatchSize() {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 1);
        Module.Bound norm = Norm.bind(Norm.BATCH, g, "n", 4, true);
        SDVariable x = g.input("x", -1, 4);
        SDVariable y = norm.apply(x, true);
        String meanName = g.runningStats().get(0)[1], varName = g.runningStats().get(1)[1];
        for (int rows : new int[] {6, 3}) {                              // the ones column follows the batch size
            INDArray in = Synthetic.randn(rows, DataType.DOUBLE, rows, 4).mul(3).add(1);
            Map<String, INDArray> got = sd.output(Map.of(x.name(), in), y.name(), meanName, varName);
            for (int j = 0; j < 4; j++) {
                double mean = 0, var = 0;
                for (int i = 0; i < rows; i++) mean += in.getDouble(i, j) / rows;
                for (int i = 0; i < rows; i++) var += Math.pow(in.getDouble(i, j) - mean, 2) / rows;
                assertEquals(mean, got.get(meanName).getDouble(j), 1e-12, "batch mean, column " + j);
                assertEquals(var, got.get(varName).getDouble(j), 1e-12, "batch variance, column " + j);
                for (int i = 0; i < rows; i++)
                    assertEquals((in.getDouble(i, j) - mean) / Math.sqrt(var + Norm.EPS), got.get(y.name()).getDouble(i, j), 1e-12,
                            "normalised value [" + i + ", " + j + "], batch of " + rows);
            }
        }
    }
}
