package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every objective as training uses it: float32, inputs fed through placeholders of unknown batch size,
 * embeddings computed by a weight matrix, gradients taken with respect to the weights. The loss must
 * equal the one computed on the same embeddings held as constants, and the gradient must be finite and
 * non-zero, for two different batch sizes through the same graph.
 */
class TrainingGraphTest {

    @Test
    void allObjectivesWorkOnPlaceholdersWithVaryingBatch() {
        for (String n : Objectives.NAMES) {
            Objective obj = Objectives.byName(n);
            SameDiff sd = SameDiff.create();
            SDVariable xa = sd.placeHolder("xa", DataType.FLOAT, -1, 5);
            SDVariable xb = sd.placeHolder("xb", DataType.FLOAT, -1, 5);
            INDArray w0 = array(gaussian(71, 5, 4, 0.5), DataType.FLOAT);
            SDVariable w = sd.var("w", w0.dup());
            Graph g = new Graph(sd, DataType.FLOAT, 0);
            Map<String, SDVariable> terms = obj.terms(g, xa.mmul(w), xb.mmul(w), 4);
            SDVariable loss = null;
            for (SDVariable t : terms.values()) loss = loss == null ? t : loss.add(t);
            loss = loss.rename("loss");
            sd.setLossVariables("loss");
            obj.validate(8, 4);
            Random rng = new Random(72);
            for (int batch : new int[] {8, 5}) {
                double[][] a = gaussian(73 + batch, batch, 5, 1);
                double[][] b = plus(a, gaussian(74 + batch, batch, 5, 1), 0.3);
                Map<String, INDArray> feeds = new HashMap<>(g.drawStepInputs(rng));
                feeds.put("xa", array(a, DataType.FLOAT));
                feeds.put("xb", array(b, DataType.FLOAT));
                double got = sd.output(feeds, "loss").get("loss").getDouble(0);
                INDArray grad = sd.calculateGradients(feeds, "w").get("w");
                assertNotNull(grad, n);
                assertEquals(DataType.FLOAT, grad.dataType(), n);
                double gn = grad.norm2Number().doubleValue();
                assertTrue(Double.isFinite(gn) && gn > 0, n + ": gradient norm " + gn);

                // Same embeddings as constants (SIGReg with this step's directions fixed).
                double[][] ea = feeds.get("xa").mmul(w0).castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] eb = feeds.get("xb").mmul(w0).castTo(DataType.DOUBLE).toDoubleMatrix();
                Objective ref = obj instanceof SIGReg s ? s.fixedDirections(feeds.get(IsotropicGaussian.DIRECTIONS)) : obj;
                double expected = total(evaluate(ref, ea, eb, DataType.FLOAT, null));
                assertEquals(expected, got, 1e-5 * Math.max(1, Math.abs(expected)), n + " batch " + batch);
            }
        }
    }

    /**
     * Terms.square (a product, for a faster gradient) gives the bits of SameDiff's own square, value and gradient,
     * also where x feeds another op, so that its gradient is a sum of several terms (as the centred embeddings in
     * VICReg's variance and covariance).
     */
    @Test
    void squareAsAProductGivesTheSameBitsAsSquareItself() {
        INDArray x0 = array(gaussian(81, 64, 48, 3), DataType.FLOAT);
        INDArray w = array(gaussian(82, 64, 48, 1), DataType.FLOAT);
        INDArray v = array(gaussian(83, 64, 48, 1), DataType.FLOAT);
        float[][] out = new float[2][], grad = new float[2][];
        for (int form = 0; form < 2; form++) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", x0.dup());
            SDVariable s = form == 0 ? sd.math().square(x) : Terms.square(x);
            sd.setLossVariables(s.mul(sd.constant("w", w)).sum().add(x.mul(sd.constant("v", v)).sum()).name());
            out[form] = s.eval().reshape(-1).toFloatVector();
            grad[form] = sd.calculateGradients(Map.of(), "x").get("x").reshape(-1).toFloatVector();
        }
        for (int i = 0; i < out[0].length; i++) {
            assertEquals(out[0][i], out[1][i], 0.0, "square at " + i);
            assertEquals(grad[0][i], grad[1][i], 0.0, "gradient of square at " + i);
        }
    }
}
