package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** PerFrame is the shared module on each frame, side by side; Module.identity changes nothing. */
class PerFrameTest {
    static Jepa withEncoder(Module enc) {
        return Jepa.builder().encoder(enc).predictor(Predictor.identity(enc.outputWidth())).cost(EmbeddingPrediction.defaults())
                .dataType(DataType.DOUBLE).seed(9).build();
    }

    @Test
    void eachFrameGetsTheSharedModulesOutput() {
        Mlp frame = Mlp.of(4, 5, 3);
        Jepa stacked = withEncoder(PerFrame.of(frame, 3)), single = withEncoder(frame);   // same seed: same encoder weights
        assertEquals(12, stacked.inputWidth());
        assertEquals(9, stacked.latentWidth());
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 7, 12);
        INDArray z = stacked.latent(x);
        for (int f = 0; f < 3; f++) {
            INDArray want = single.latent(x.get(NDArrayIndex.all(), NDArrayIndex.interval(4 * f, 4 * f + 4)).dup());
            INDArray got = z.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * f, 3 * f + 3));
            assertEquals(0, want.sub(got).amaxNumber().doubleValue(), 1e-12, "frame " + f);
        }
        assertThrows(WorkbenchException.class, () -> PerFrame.of(frame, 0));
    }

    @Test
    void identityPassesInputsThrough() {
        Jepa id = withEncoder(Module.identity(6));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 6);
        assertEquals(x, id.latent(x));
        assertThrows(WorkbenchException.class, () -> Module.identity(0));
    }
}
