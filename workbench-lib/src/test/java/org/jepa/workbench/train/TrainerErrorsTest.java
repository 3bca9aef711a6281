package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input fails before any step with one clear WorkbenchException; a NaN loss stops training. */
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
        assertTrue(msg(() -> TrainerTest.tiny(1).projector(Mlp.of(9, 4)).build()).contains("projector input width"));
        assertTrue(msg(() -> TrainerTest.tiny(1).method(Method.BYOL).build()).contains("predictor"));
        assertTrue(msg(() -> TrainerTest.tiny(1).method(Method.JEPA).predictor(Mlp.of(16, 16)).build()).contains("context"));
    }

    @Test
    void badData() {
        Trainer t = TrainerTest.tiny(1).build();
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        INDArray nan = d.features().dup();
        nan.putScalar(3, 5, Float.NaN);
        assertTrue(msg(() -> t.fit(nan)).contains("NaN"));
        INDArray inf = d.features().dup();
        inf.putScalar(1, 1, Float.POSITIVE_INFINITY);
        assertTrue(msg(() -> t.fit(inf)).contains("infinite"));
        String w = msg(() -> t.fit(Nd4j.rand(64, 15)));
        assertTrue(w.contains("16") && w.contains("15"), w);
        assertTrue(msg(() -> t.fit(d.head(16))).contains("larger than the data set"));
        assertTrue(msg(() -> t.fit(Nd4j.rand(4, 4, 4))).contains("matrix"));
        // A view maker that changes the shape is caught on the dry run, before any step.
        Trainer bad = TrainerTest.tiny(1).views((b, rng) -> b.getColumns(0, 1)).build();
        assertTrue(msg(() -> bad.fit(d)).contains("view"));
    }

    @Test
    void nanLossStopsWithStepTermAndCheckpoint(@TempDir Path dir) {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1); // 4 steps per epoch
        Trainer t = TrainerTest.tiny(1).objective(new NanAtStep(6)).checkpoints(dir, 1).build();
        String m = msg(() -> t.fit(d));
        assertTrue(m.contains("step 6"), m);
        assertTrue(m.contains("'invariance'"), m);
        Path ckpt = dir.resolve("epoch-0001.ckpt");
        assertTrue(m.contains(ckpt.toString()), m);
        assertTrue(Files.exists(ckpt));
        assertEquals(4, Checkpoint.load(ckpt).steps());
    }

    @Test
    void hugeLearningRateIsReportedNotSilent() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1);
        Trainer t = TrainerTest.tiny(1).lr(1e12).finalLrFraction(1).epochs(20).build();
        String m = msg(() -> t.fit(d));
        assertTrue(m.contains("training stopped at step"), m);
    }
}
