package org.jepa.workbench.jepa;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The unroll with a predictor that carries a memory ({@link Predictor#recurrent}): causal, consistent, and useful. */
class MemoryUnrollTest {
    static final int N = 3, T = 6, F = 5, D = 4;

    static Jepa withMemory(long actions) {
        return Jepa.builder().encoder(Mlp.of(F, 8, D)).predictor(Predictor.recurrent(Mlp.of(D + 3 + actions, 8, D), 3, actions))
                .cost(EmbeddingPrediction.defaults()).dataType(DataType.DOUBLE).seed(5).build();
    }

    static INDArray at(INDArray x, int t) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    @Test
    void aPredictionSeesEveryEarlierFrameAndNoLaterOne() {
        Jepa m = withMemory(0);
        Jepa markov = Jepa.builder().encoder(Mlp.of(F, 8, D)).predictor(Predictor.residual(Mlp.of(D, 8, D), 0))
                .cost(EmbeddingPrediction.defaults()).dataType(DataType.DOUBLE).seed(5).build();
        Nd4j.getRandom().setSeed(12);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F);
        INDArray early = obs.dup(), late = obs.dup();
        at(early, 0).addi(1);                 // change the first frame
        at(late, 4).addi(1);                  // change frame 4
        for (int k = 1; k <= 2; k++) {
            INDArray p = m.predictAhead(obs, null, k)[0], pe = m.predictAhead(early, null, k)[0], pl = m.predictAhead(late, null, k)[0];
            for (int t = 0; t + k < T; t++) {
                double byFirst = at(p, t).sub(at(pe, t)).amaxNumber().doubleValue();
                double byLater = at(p, t).sub(at(pl, t)).amaxNumber().doubleValue();
                assertTrue(byFirst > 1e-6, "k " + k + ": the prediction from frame " + t + " remembers frame 0");
                assertEquals(t < 4 ? 0 : 1, byLater > 0 ? 1 : 0, "k " + k + ": the prediction from frame " + t + " must not see frame 4 before it");
            }
            // without memory only the prediction from frame 0 itself sees frame 0
            INDArray q = markov.predictAhead(obs, null, k)[0], qe = markov.predictAhead(early, null, k)[0];
            for (int t = 1; t + k < T; t++) assertEquals(0, at(q, t).sub(at(qe, t)).amaxNumber().doubleValue(), 0.0);
        }
    }

    @Test
    void theScanIsTheSameOverAClipAndOverEachOfItsPrefixes() {
        Jepa m = withMemory(0);
        Nd4j.getRandom().setSeed(13);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F);
        INDArray whole = m.predictAhead(obs, null, 1)[0];
        for (int t = 0; t + 1 < T; t++) {
            INDArray prefix = obs.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t + 2), NDArrayIndex.all()).dup();
            INDArray p = m.predictAhead(prefix, null, 1)[0];
            assertEquals(0, at(whole, t).sub(at(p, t)).amaxNumber().doubleValue(), 1e-12, "position " + t);
        }
    }

    @Test
    void anImaginedRolloutIsThePredictionFromTheFirstFrame() {
        // from frame 0 the memory has seen frame 0 alone, as a planner's rollout from one observed frame
        Jepa m = withMemory(2);
        Nd4j.getRandom().setSeed(14);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, N, T, F), act = Nd4j.randn(DataType.DOUBLE, N, T - 1, 2);
        INDArray imagined = m.rollout(at(obs, 0).dup(), act);
        for (int k = 1; k < T; k++) {
            INDArray p = m.predictAhead(obs, act, k)[0];
            assertEquals(0, at(p, 0).sub(at(imagined, k - 1)).amaxNumber().doubleValue(), 1e-12, "k " + k);
        }
    }

    @Test
    void memoryRecallsWhatTheLatentNoLongerShows() {
        // frame 0 shows a sign s = ±1, frames 1 … 4 are blank, frame 5 shows s again: from the blank frame 4 a
        // predictor without memory can only guess 0 (error 0.5 per value), one with memory can recall s
        int n = 256, t = 6;
        INDArray obs = Nd4j.zeros(DataType.FLOAT, n, t, 2);
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            float s = rng.nextBoolean() ? 1 : -1;
            obs.putScalar(new long[] {i, 0, 0}, s);
            obs.putScalar(new long[] {i, t - 1, 0}, s);
        }
        Jepa memory = Jepa.builder().encoder(Module.identity(2)).predictor(Predictor.recurrent(Mlp.of(2 + 8, 32, 2), 8, 0))
                .cost(EmbeddingPrediction.defaults()).rolloutSteps(2).seed(1).build();
        Jepa markov = Jepa.builder().encoder(Module.identity(2)).predictor(Predictor.residual(Mlp.of(2, 32, 2), 0))
                .cost(EmbeddingPrediction.defaults()).rolloutSteps(2).seed(1).build();
        double[] last = new double[2];
        Jepa[] models = {memory, markov};
        for (int j = 0; j < 2; j++) {
            Trainer.builder().epochs(40).batchSize(32).lr(1e-2).seed(2).progress(false).build().fit(models[j], Sequences.of(obs, null));
            INDArray[] pt = models[j].predictAhead(obs, null, 1);
            INDArray err = at(pt[0], t - 2).sub(at(pt[1], t - 2));
            last[j] = err.mul(err).meanNumber().doubleValue();
        }
        assertTrue(last[1] > 0.4, "without memory the last frame is a guess: error " + last[1]);
        assertTrue(last[0] < 0.05, "with memory the sign is recalled: error " + last[0] + " (without: " + last[1] + ")");
    }

    @Test
    void aSymmetricModelHasNoSequenceToRemember() {
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Jepa.builder().encoder(Mlp.of(F, 8, D))
                .predictor(Predictor.recurrent(Mlp.of(D + 3, 8, D), 3, 0)).cost(EmbeddingPrediction.defaults()).symmetric(true).build());
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
    }
}
