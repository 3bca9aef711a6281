package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.LabeledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

class CheckpointTest {

    @Test
    void roundTripAndExactResume(@TempDir Path dir) throws Exception {
        LabeledData d = Synthetic.clusters(96, 16, 4, 0.3, 1); // 3 steps per epoch
        TrainingRun full = TrainerTest.tiny(2).epochs(4).build().fit(d);

        // Train only 2 of the 4 epochs: a callback stops after epoch 1's last step.
        TrainingRun part = TrainerTest.tiny(2).epochs(4).checkpoints(dir, 2).callback(new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, java.util.Map<String, Double> l) {
                if (step == 5) ctx.requestStop("test");
            }
        }).build().fit(d);
        assertEquals("test", part.stopReason().orElseThrow());
        Path ckpt = dir.resolve("epoch-0002.ckpt");
        assertEquals(ckpt, part.lastCheckpoint().orElseThrow());
        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(6, c.steps());
        assertEquals(2, c.epochs());
        SameDiff sd = part.model().sameDiff();
        for (var e : c.arrays().entrySet()) {
            if (e.getKey().startsWith("opt/")) continue;
            assertArrayEquals(sd.getArrForVarName(e.getKey()).data().asFloat(), e.getValue().data().asFloat(), 0f, e.getKey());
        }
        // No temp files left behind.
        try (var s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().endsWith(".ckpt")));
        }
        // Resume: epochs 2..3 reproduce the uninterrupted run exactly (weights, optimizer state, data order).
        TrainingRun resumed = TrainerTest.tiny(2).epochs(4).resumeFrom(ckpt).build().fit(d);
        double[] want = Arrays.copyOfRange(full.steps().doubleColumn("loss").asDoubleArray(), 6, 12);
        assertArrayEquals(want, resumed.steps().doubleColumn("loss").asDoubleArray(), 1e-5);
        assertEquals(6L, resumed.steps().longColumn("step").get(0));
    }

    @Test
    void corruptedOrForeignFilesAreOneClearError(@TempDir Path dir) throws Exception {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        TrainingRun run = TrainerTest.tiny(2).epochs(1).checkpoints(dir, 1).build().fit(d);
        Path ok = run.lastCheckpoint().orElseThrow();
        byte[] bytes = Files.readAllBytes(ok);
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(assertThrows(WorkbenchException.class, () -> Checkpoint.load(cut)).getMessage().contains("corrupted"));
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "hello");
        assertThrows(WorkbenchException.class, () -> Checkpoint.load(junk));
        assertThrows(WorkbenchException.class, () -> Checkpoint.load(dir.resolve("missing.ckpt")));
        // A checkpoint of a different architecture is refused by name and shape.
        Trainer other = Trainer.builder().encoder(org.jepa.workbench.model.Mlp.of(16, 4)).objective(new TestVicreg())
                .epochs(1).batchSize(32).progress(false).resumeFrom(ok).build();
        assertTrue(assertThrows(WorkbenchException.class, () -> other.fit(d)).getMessage().contains("checkpoint"));
    }
}
