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
 * The behaviour the objectives exist for, on a linear encoder z = xW trained by plain gradient descent
 * on two noisy views (noise 0.5) of 64 points in 6-D: invariance alone collapses (W → 0), VICReg and SIGReg do not.
 */
class CollapseBehaviourTest {

    /** Mean over dimensions of the per-dimension standard deviation of the embeddings after training. */
    static double trainedEmbeddingStd(Objective obj, int steps, double lr) {
        SameDiff sd = SameDiff.create();
        SDVariable xa = sd.placeHolder("xa", DataType.FLOAT, -1, 6);
        SDVariable xb = sd.placeHolder("xb", DataType.FLOAT, -1, 6);
        SDVariable w = sd.var("w", array(gaussian(81, 6, 4, 0.15), DataType.FLOAT));
        SDVariable za = xa.mmul(w).rename("za");
        Graph graph = new Graph(sd, DataType.FLOAT, 0);
        Map<String, SDVariable> terms = obj.terms(graph, za, xb.mmul(w), 4);
        SDVariable loss = null;
        for (SDVariable t : terms.values()) loss = loss == null ? t : loss.add(t);
        loss.rename("loss");
        sd.setLossVariables("loss");
        obj.validate(64, 4);
        double[][] x = gaussian(82, 64, 6, 1);
        Random rng = new Random(83);
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put("xa", array(plus(x, gaussian(84, 64, 6, 1), 0.5), DataType.FLOAT));
        feeds.put("xb", array(plus(x, gaussian(85, 64, 6, 1), 0.5), DataType.FLOAT));
        for (int s = 0; s < steps; s++) {
            feeds.putAll(graph.drawStepInputs(rng));
            INDArray g = sd.calculateGradients(feeds, "w").get("w");
            w.getArr().subi(g.mul(lr));
        }
        INDArray z = sd.output(feeds, "za").get("za");
        return z.std(true, 0).meanNumber().doubleValue();
    }

    @Test
    void invarianceAloneCollapsesRegularisedObjectivesDoNot() {
        double initial = trainedEmbeddingStd(InvarianceOnly.defaults(), 0, 0);
        double none = trainedEmbeddingStd(InvarianceOnly.defaults(), 20, 1.0);
        double vicreg = trainedEmbeddingStd(VICReg.defaults(), 20, 0.04);
        double sigreg = trainedEmbeddingStd(SIGReg.defaults().lambda(0.5).directions(64), 20, 0.2);
        System.out.printf("embedding std after training: none %.4f, vicreg %.4f, sigreg %.4f (initial %.4f)%n",
                none, vicreg, sigreg, initial);
        assertTrue(none < 0.05 * initial, "invariance-only should collapse, std " + none);
        assertTrue(vicreg > 0.8, "VICReg pushes std up towards γ = 1, got " + vicreg);
        assertTrue(sigreg > 0.8, "SIGReg pushes std up towards 1, got " + sigreg);
    }
}
