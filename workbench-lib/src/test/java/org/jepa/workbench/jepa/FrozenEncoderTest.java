package org.jepa.workbench.jepa;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DINO-WM's wiring: an encoder copied from another model and frozen; training moves only the predictor. */
class FrozenEncoderTest {

    static Jepa.Builder world(boolean frozen) {
        return Jepa.builder().name(frozen ? "frozen" : "trained")
                .encoder(Mlp.of(6, 16, 4).norm(Norm.BATCH))
                .predictor(Predictor.residual(Mlp.of(4 + 1, 16, 4), 1))
                .cost(EmbeddingPrediction.defaults())
                .rolloutSteps(2).frozenEncoder(frozen).seed(frozen ? 7 : 3);
    }

    @Test
    void trainingAFrozenEncoderModelChangesOnlyThePredictor() {
        Jepa source = world(false).build();
        Jepa m = world(true).build();
        m.copyEncoderFrom(source);
        for (String n : m.parameters().names()) {
            if (n.startsWith("online/encoder/")) assertEquals(source.parameters().get(n), m.parameters().get(n), n + " copied");
        }
        assertTrue(m.parameters().trainable().stream().noneMatch(n -> n.startsWith("online/encoder/")), "encoder arrays are not trainable");
        Map<String, INDArray> before = m.parameters().snapshot();
        INDArray obs = Nd4j.rand(DataType.FLOAT, 32, 4, 6), act = Nd4j.rand(DataType.FLOAT, 32, 3, 1);
        Trainer.builder().epochs(3).batchSize(16).lr(1e-2).seed(1).progress(false).build().fit(m, Sequences.of(obs, act));
        int changed = 0;
        for (String n : m.parameters().names()) {
            boolean same = before.get(n).equals(m.parameters().get(n));
            if (n.startsWith("online/encoder/")) assertTrue(same, n + " must not change");
            else if (n.startsWith("online/predictor/") && !same) changed++;
        }
        assertTrue(changed > 0, "the predictor should learn");
        // the frozen encoder gives the source's latents (inference mode, same weights and statistics)
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6);
        assertEquals(source.latent(x), m.latent(x));
    }

    @Test
    void anEncoderOfAnotherShapeIsOneClearError() {
        Jepa other = Jepa.builder().name("wide").encoder(Mlp.of(6, 32, 4)).cost(EmbeddingPrediction.defaults()).seed(1).build();
        Jepa m = world(true).build();
        String msg = assertThrows(WorkbenchException.class, () -> m.copyEncoderFrom(other)).getMessage();
        assertTrue(msg.contains("wide") && msg.contains("online/encoder/"), msg);
    }
}
