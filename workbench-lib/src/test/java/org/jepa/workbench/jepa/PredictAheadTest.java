package org.jepa.workbench.jepa;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** predictAhead is the training unroll read out at step k: it must agree with rollout and latent. */
class PredictAheadTest {
    static final int N = 3, T = 5, F = 6, D = 4;

    static Jepa model() {
        return Jepa.builder().encoder(Mlp.of(F, 8, D)).predictor(Predictor.residual(Mlp.of(D + 2, 8, D), 2))
                .cost(EmbeddingPrediction.defaults()).dataType(DataType.DOUBLE).seed(3).build();
    }

    @Test
    void kStepPredictionsAreRolloutsFromEachFrameAndTargetsAreLatentsKAhead() {
        Jepa m = model();
        Nd4j.getRandom().setSeed(11);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F), act = Nd4j.randn(DataType.DOUBLE, N, T - 1, 2);
        for (int k = 1; k < T; k++) {
            INDArray[] pt = m.predictAhead(obs, act, k);
            assertArrayEquals(new long[] {N, T - k, D}, pt[0].shape());
            assertArrayEquals(new long[] {N, T - k, D}, pt[1].shape());
            for (int t = 0; t + k < T; t++) {
                INDArray start = obs.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup();
                INDArray a = act.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + k), NDArrayIndex.all()).dup();
                INDArray imagined = m.rollout(start, a).get(NDArrayIndex.all(), NDArrayIndex.point(k - 1), NDArrayIndex.all());
                INDArray predicted = pt[0].get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
                assertEquals(0, imagined.sub(predicted).amaxNumber().doubleValue(), 1e-12, "k " + k + ", t " + t);
                INDArray later = m.latent(obs.get(NDArrayIndex.all(), NDArrayIndex.point(t + k), NDArrayIndex.all()).dup());
                assertEquals(0, later.sub(pt[1].get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all())).amaxNumber().doubleValue(), 1e-12);
            }
        }
    }

    @Test
    void aSpanIsEveryHorizonOfOneUnroll() {
        Jepa m = model();
        Nd4j.getRandom().setSeed(12);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F), act = Nd4j.randn(DataType.DOUBLE, N, T - 1, 2);
        INDArray[][] span = m.predictSpan(obs, act, T - 1);
        assertEquals(T - 1, span[0].length);
        for (int k = 1; k < T; k++) {
            INDArray[] pt = m.predictAhead(obs, act, k);
            assertArrayEquals(pt[0].shape(), span[0][k - 1].shape());
            assertEquals(0, pt[0].sub(span[0][k - 1]).amaxNumber().doubleValue(), 1e-12, "predictions, horizon " + k);
            assertEquals(0, pt[1].sub(span[1][k - 1]).amaxNumber().doubleValue(), 1e-12, "targets, horizon " + k);
        }
    }

    @Test
    void badRequestsGetOneClearMessage() {
        Jepa m = model();
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F), act = Nd4j.randn(DataType.DOUBLE, N, T - 1, 2);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> m.predictAhead(obs, act, T));
        assertTrue(e.getMessage().contains("horizon"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> m.predictAhead(obs, null, 1));
        assertThrows(WorkbenchException.class, () -> m.predictAhead(Nd4j.rand(DataType.DOUBLE, N, T, F + 1), act, 1));
        INDArray nan = obs.dup();
        nan.putScalar(new long[] {0, 1, 2}, Double.NaN);
        assertThrows(WorkbenchException.class, () -> m.predictAhead(nan, act, 1));
    }
}
