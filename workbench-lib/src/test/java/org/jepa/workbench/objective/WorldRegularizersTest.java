package org.jepa.workbench.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The world model's regularizers: temporal smoothness and inverse dynamics, by hand and by gradient check. */
class WorldRegularizersTest {
    // T = 3 frames of B = 2 embeddings of width D = 2; 2 actions of width 1.
    static final double[][][] Z = {{{0, 1}, {2, 0}}, {{1, 1}, {2, 2}}, {{1, 3}, {0, 2}}};
    static final double[][][] A = {{{0.5}, {-1}}, {{2}, {0}}};

    static Map<String, INDArray> run(Regularizer r, Graph g, boolean withActions) {
        SameDiff sd = g.sd();
        List<SDVariable> frames = new ArrayList<>();
        for (int t = 0; t < Z.length; t++) frames.add(sd.var("z" + t, Nd4j.createFromArray(Z[t])));
        List<SDVariable> acts = new ArrayList<>();
        if (withActions) for (int t = 0; t < A.length; t++) acts.add(sd.constant("a" + t, Nd4j.createFromArray(A[t])));
        Map<String, SDVariable> terms = r.terms(g, new Embeddings(frames, acts, 2));
        SDVariable loss = terms.values().iterator().next().rename("loss");
        sd.setLossVariables("loss");
        return sd.output(Map.of(), "loss");
    }

    static boolean gradCheck(SameDiff sd) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradCheckUtil.checkGradients(sd, Map.of(), 1e-6, 1e-5, 1e-8, false, false);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void temporalSmoothnessIsTheMeanSquaredStepTimesItsWeight() {
        // steps t=0→1: (1,0),(0,2) → squares 1,0,0,4 → mean 1.25; t=1→2: (0,2),(−2,0) → 0,4,4,0 → mean 2
        double expected = 3 * (1.25 + 2) / 2;
        Graph g = new Graph(new Parameters(DataType.DOUBLE, 0));
        assertEquals(expected, run(TemporalSmoothness.defaults().weight(3), g, false).get("loss").getDouble(0), 1e-12);
        assertTrue(gradCheck(g.sd()));
        String msg = assertThrows(WorkbenchException.class, () -> TemporalSmoothness.defaults().terms(g,
                new Embeddings(List.of(g.sd().var("single", Nd4j.ones(DataType.DOUBLE, 2, 2))), List.of(), 2))).getMessage();
        assertTrue(msg.contains("at least 2 frames"), msg);
    }

    @Test
    void inverseDynamicsReadsTheActionBackThroughItsHead() {
        // A linear head g([z_t, z_{t+1}]) = z_{t+1,0} − z_{t,0} (weights [−1, 0, 1, 0], bias 0).
        Parameters p = new Parameters(DataType.DOUBLE, 0);
        Graph g = new Graph(p);
        Mlp head = Mlp.of(4, 1);
        head.bind(g, InverseDynamics.PREFIX, true);
        p.get(InverseDynamics.PREFIX + "/w0").assign(Nd4j.createFromArray(new double[][] {{-1}, {0}, {1}, {0}}));
        // predictions: t=0: 1−0=1, 2−2=0 vs actions 0.5, −1 → errors 0.5, 1 → 0.25, 1;
        //              t=1: 1−1=0, 0−2=−2 vs 2, 0 → errors −2, −2 → 4, 4;  mean over the 4 = 9.25/4
        double expected = 2 * 9.25 / 4;
        assertEquals(expected, run(InverseDynamics.of(head).weight(2), g, true).get("loss").getDouble(0), 1e-12);
        assertTrue(gradCheck(g.sd()));
    }

    @Test
    void inverseDynamicsSaysWhatIsMissing() {
        Graph g = new Graph(new Parameters(DataType.DOUBLE, 0));
        SDVariable z = g.sd().var("z", Nd4j.ones(DataType.DOUBLE, 2, 2));
        String noActions = assertThrows(WorkbenchException.class, () -> InverseDynamics.of(Mlp.of(4, 1))
                .terms(g, new Embeddings(List.of(z, z), List.of(), 2))).getMessage();
        assertTrue(noActions.contains("actions"), noActions);
        String width = assertThrows(WorkbenchException.class, () -> InverseDynamics.of(Mlp.of(6, 1))
                .terms(g, new Embeddings(List.of(z, z), List.of(g.sd().var("a", Nd4j.ones(DataType.DOUBLE, 2, 1))), 2))).getMessage();
        assertTrue(width.contains("2 × 2 = 4"), width);
        assertThrows(WorkbenchException.class, () -> InverseDynamics.of(null));
    }
}
