package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.objective.VICReg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input fails before any step with one clear error; a run that goes wrong stops, says why, and keeps its history. */
class TrainerErrorsTest {

    private static String msg(Runnable r) {
        return assertThrows(WorkbenchException.class, r::run).getMessage();
    }

    @Test
    void badHyperParameters() {
        assertTrue(msg(() -> TrainerTest.tiny(1).epochs(-1).build()).contains("epochs"));
        assertTrue(msg(() -> TrainerTest.tiny(1).lr(0).build()).contains("learning rate"));
        assertTrue(msg(() -> TrainerTest.tiny(1).lr(-1e-3).build()).contains("learning rate"));
        assertTrue(msg(() -> TrainerTest.tiny(1).batchSize(1).build()).contains("batch size"));
        assertTrue(msg(() -> TrainerTest.tiny(1).weightDecay(-1).build()).contains("weight decay"));
        assertTrue(msg(() -> TrainerTest.tiny(1).warmupSteps(-5).build()).contains("warm-up"));
        assertTrue(msg(() -> TrainerTest.tiny(1).steps(0).build()).contains("steps"));
        assertTrue(msg(() -> TrainerTest.tiny(1).divergence(0.5, 10).build()).contains("divergence"));
        assertTrue(msg(() -> Jepa.siamese(Mlp.of(16, 8), VICReg.defaults()).projector(Mlp.of(9, 4)).build()).contains("projector input width"));
        assertTrue(msg(() -> Jepa.builder().encoder(Mlp.of(16, 8)).cost(VICReg.defaults().cost()).ema(0.99).build()).contains("predictor"));
        assertTrue(msg(() -> Jepa.siamese(Mlp.of(16, 8), VICReg.defaults()).predictor(Mlp.of(7, 8)).build()).contains("predictor input width"));
    }

    @Test
    void badData() {
        Trainer t = TrainerTest.tiny(1).build();
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        INDArray nan = d.features().dup();
        nan.putScalar(3, 5, Float.NaN);
        assertTrue(msg(() -> ViewPairs.identical(nan)).contains("NaN"));
        INDArray inf = d.features().dup();
        inf.putScalar(1, 1, Float.POSITIVE_INFINITY);
        assertTrue(msg(() -> ViewPairs.identical(inf)).contains("infinite"));
        String w = msg(() -> t.fit(TrainerTest.tinyModel(1), ViewPairs.identical(Nd4j.rand(64, 15))));
        assertTrue(w.contains("16") && w.contains("15"), w);
        assertTrue(msg(() -> t.fit(TrainerTest.tinyModel(1), TrainerTest.views(d.head(16)))).contains("larger than the data set"));
        assertTrue(msg(() -> ViewPairs.identical(Nd4j.rand(4, 4, 4))).contains("matrix"));
        // An augmentation that changes the shape is caught on the dry run, before any step.
        assertTrue(msg(() -> t.fit(TrainerTest.tinyModel(1), ViewPairs.of(d, (b, rng) -> b.getColumns(0, 1)))).contains("view"));
        // NaN in a labelled data set is refused where it is made.
        assertTrue(msg(() -> new LabeledData("x", nan, d.labels(), 1, 1, 16, 4)).contains("NaN"));
    }

    /** The views of {@code d}, with NaN observations from the {@code from}-th training step on (the dry run is call 0). */
    private static BatchSource<Batch> nanFrom(LabeledData d, int from) {
        ViewPairs views = TrainerTest.views(d);
        int[] calls = {0};
        return new BatchSource<>() {
            @Override
            public int size() {
                return views.size();
            }

            @Override
            public Batch batch(int[] rows, Random rng) {
                Batch b = views.batch(rows, rng);
                if (calls[0]++ > from) b.observations().assign(Double.NaN);
                return b;
            }
        };
    }

    @Test
    void nanLossStopsWithStepTermGoodCheckpointAndHistory(@TempDir Path dir) {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1); // 4 steps per epoch
        Trainer t = TrainerTest.tiny(1).checkpoints(dir, 1).build();
        TrainingException e = assertThrows(TrainingException.class, () -> t.fit(TrainerTest.tinyModel(1), nanFrom(d, 6)));
        String m = e.getMessage();
        assertTrue(m.contains("step 6"), m);
        assertTrue(m.contains("'invariance'"), m);
        Path ckpt = dir.resolve("epoch-0001.ckpt");
        assertTrue(m.contains("Last good checkpoint: " + ckpt), m);
        assertEquals(ckpt, e.lastGoodCheckpoint().orElseThrow());
        assertEquals(4, Checkpoint.load(ckpt).steps());
        assertEquals(1, e.history().rowCount(), "the finished epoch is kept");
        assertEquals(6, e.steps().rowCount(), "so are the finished steps");
    }

    @Test
    void aCheckpointWhoseWeightsGiveANonFiniteLossIsNotCalledGood(@TempDir Path dir) {
        // One step per epoch; SGD at lr 1e25 makes the weights huge but finite after the first update, so
        // the epoch-1 checkpoint is written, but its weights give an infinite loss: it must not be recommended.
        LabeledData d = Synthetic.clusters(32, 16, 4, 0.3, 1);
        Trainer t = TrainerTest.tiny(1).optimizer(Optimizer.SGD).lr(1e25).finalLrFraction(1).divergence(0, 0)
                .epochs(3).checkpoints(dir, 1).build();
        TrainingException e = assertThrows(TrainingException.class, () -> t.fit(TrainerTest.tinyModel(1), TrainerTest.views(d)));
        assertTrue(Files.exists(dir.resolve("epoch-0001.ckpt")), "the checkpoint itself is written");
        assertFalse(e.lastGoodCheckpoint().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("No good checkpoint"), e.getMessage());
    }

    @Test
    void finiteDivergenceIsFlaggedNotFinishedSilently() {
        // Adam at lr 10 used to finish "normally" with losses up to 6.7e16 and weights up to 5e25.
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1);
        Trainer t = TrainerTest.tiny(1).lr(10).finalLrFraction(1).epochs(20).build();
        TrainingException e = assertThrows(TrainingException.class, () -> t.fit(TrainerTest.tinyModel(1), TrainerTest.views(d)));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertTrue(e.getMessage().contains("training stopped at step"), e.getMessage());
        assertTrue(e.step() < 80, "stopped at step " + e.step());
    }
}
