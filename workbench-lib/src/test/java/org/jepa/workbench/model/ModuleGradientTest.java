package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.train.Synthetic;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Finite-difference gradient checks (double precision, input as a VARIABLE) of each module. */
class ModuleGradientTest {
    private static DataType saved;
    private static DataType savedFp;

    @org.junit.jupiter.api.BeforeAll
    static void doubles() {
        // GradCheckUtil insists on double as the global default type.
        saved = org.nd4j.linalg.factory.Nd4j.dataType();
        savedFp = org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType();
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(saved, savedFp);
    }

    private static boolean check(Module m, long batch, long seed) {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, seed);
        Module.Bound b = m.bind(g, "m", true);
        SDVariable x = sd.var("x", Synthetic.randn(seed + 1, DataType.DOUBLE, batch, m.inputWidth()));
        SDVariable y = b.apply(x, true);
        // Weighted sum of squares so the gradient is not symmetric across outputs.
        SDVariable w = sd.constant("w", Synthetic.randn(seed + 2, DataType.DOUBLE, batch, m.outputWidth()));
        SDVariable loss = y.mul(y).mul(w).sum();
        sd.setLossVariables(loss.name());
        return GradCheckUtil.checkGradients(sd, Map.of(), 1e-6, 1e-5, 1e-8, false, false);
    }

    @Test
    void mlpPlain() {
        assertTrue(check(Mlp.of(5, 7, 3), 4, 1));
    }

    @Test
    void mlpBatchNormRelu() {
        assertTrue(check(Mlp.of(5, 6, 6, 3).norm(Norm.BATCH), 5, 2));
    }

    @Test
    void mlpLayerNormGelu() {
        assertTrue(check(Mlp.of(4, 6, 3).norm(Norm.LAYER).activation(Activation.GELU).finalActivation(true), 3, 3));
    }

    @Test
    void perFrameWithBatchNormAcrossFrames() {
        assertTrue(check(PerFrame.of(Mlp.of(4, 5, 2).norm(Norm.BATCH), 3), 4, 5));
    }

    @Test
    void convNet8x8() {
        assertTrue(check(ConvNet.of(1, 8, 8, 4).filters(2, 3), 3, 4));
    }

    @Test
    void batchNormInferenceUsesRunningStats() {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 5);
        Module.Bound b = Mlp.of(3, 4, 2).norm(Norm.BATCH).bind(g, "m", true);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable yi = b.apply(x, false);
        INDArray in = Synthetic.randn(9, DataType.DOUBLE, 6, 3);
        // Inference output of row 0 must not depend on the other rows of the batch.
        INDArray all = sd.output(Map.of("x", in), yi.name()).get(yi.name());
        INDArray one = sd.output(Map.of("x", in.getRows(0)), yi.name()).get(yi.name());
        assertArrayEquals(all.getRow(0).toDoubleVector(), one.getRow(0).toDoubleVector(), 1e-12);
    }

    @Test
    void badWidths() {
        assertThrows(WorkbenchException.class, () -> Mlp.of(5));
        assertThrows(WorkbenchException.class, () -> Mlp.of(5, 0, 3));
        assertThrows(WorkbenchException.class, () -> ConvNet.of(1, 2, 2, 4));
    }
}
