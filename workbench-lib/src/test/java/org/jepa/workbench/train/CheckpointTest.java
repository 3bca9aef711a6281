package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongFunction;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.objective.VICReg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic, checksummed checkpoints; exact resume for siamese and EMA models; history kept across a resume. */
class CheckpointTest {

    private static Jepa byol(long seed) {
        return Jepa.byol(Mlp.of(16, 32, 8), Mlp.of(8, 16, 8).norm(Norm.BATCH)).ema(0.9).seed(seed).build();
    }

    /** Trains 4 epochs straight, and 2 + 2 with a stop, a checkpoint and a resume; the two must agree exactly. */
    private static void exactResume(LongFunction<Jepa> model, Path dir) {
        LabeledData d = Synthetic.clusters(96, 16, 4, 0.3, 1); // 3 steps per epoch
        Jepa straight = model.apply(2);
        TrainingRun full = TrainerTest.tiny(2).epochs(4).build().fit(straight, TrainerTest.views(d));

        // Train only 2 of the 4 epochs: a callback stops after epoch 1's last step.
        Jepa first = model.apply(2);
        TrainingRun part = TrainerTest.tiny(2).epochs(4).checkpoints(dir, 2).callback(new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, java.util.Map<String, Double> l) {
                if (step == 5) ctx.requestStop("test");
            }
        }).build().fit(first, TrainerTest.views(d));
        assertEquals("test", part.stopReason().orElseThrow());
        Path ckpt = dir.resolve("epoch-0002.ckpt");
        assertEquals(ckpt, part.lastCheckpoint().orElseThrow());
        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(6, c.steps());
        assertEquals(2, c.epochs());
        for (var e : c.arrays().entrySet()) {
            if (e.getKey().startsWith("opt/")) continue;
            assertArrayEquals(first.parameters().get(e.getKey()).data().asFloat(), e.getValue().data().asFloat(), 0f, e.getKey());
        }
        assertEquals(2, c.history().rowCount());
        // No temp files left behind.
        try (var s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().endsWith(".ckpt")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        // Resume into a fresh model (other initial weights: the checkpoint must overwrite all of them):
        // epochs 2..3 reproduce the uninterrupted run exactly (weights, targets, optimizer state, data order).
        Jepa second = model.apply(99);
        TrainingRun resumed = TrainerTest.tiny(2).epochs(4).resumeFrom(ckpt).build().fit(second, TrainerTest.views(d));
        double[] want = full.steps().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(want, resumed.steps().doubleColumn("loss").asDoubleArray(), 1e-6,
                "the resumed run's steps table holds the first run's 6 steps, then the same 6 as the straight run");
        assertEquals(4, resumed.history().rowCount(), "the history continues the checkpoint's");
        assertArrayEquals(full.history().doubleColumn("loss").asDoubleArray(), resumed.history().doubleColumn("loss").asDoubleArray(), 1e-6);
        for (String p : straight.parameters().names()) {
            assertArrayEquals(straight.parameters().get(p).data().asFloat(), second.parameters().get(p).data().asFloat(), 1e-5f, p);
        }
    }

    @Test
    void siameseResumesExactly(@TempDir Path dir) {
        exactResume(TrainerTest::tinyModel, dir);
    }

    @Test
    void emaModelResumesExactly(@TempDir Path dir) {
        exactResume(CheckpointTest::byol, dir);
    }

    @Test
    void corruptedOrForeignFilesAreOneClearError(@TempDir Path dir) throws Exception {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        TrainingRun run = TrainerTest.tiny(2).epochs(1).checkpoints(dir, 1).build().fit(TrainerTest.tinyModel(2), TrainerTest.views(d));
        Path ok = run.lastCheckpoint().orElseThrow();
        byte[] bytes = Files.readAllBytes(ok);
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(assertThrows(WorkbenchException.class, () -> Checkpoint.load(cut)).getMessage().contains("corrupted"));
        // One flipped bit inside the array data: still parses, but the checksum says no.
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x04;
        Path bad = dir.resolve("flipped.ckpt");
        Files.write(bad, flipped);
        String m = assertThrows(WorkbenchException.class, () -> Checkpoint.load(bad)).getMessage();
        assertTrue(m.contains("checksum") || m.contains("corrupted"), m);
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "hello");
        assertThrows(WorkbenchException.class, () -> Checkpoint.load(junk));
        assertThrows(WorkbenchException.class, () -> Checkpoint.load(dir.resolve("missing.ckpt")));
        // A checkpoint of a different architecture is refused, naming the parameter.
        Jepa other = Jepa.siamese(Mlp.of(16, 4), VICReg.defaults()).build();
        Trainer resume = TrainerTest.tiny(2).epochs(1).resumeFrom(ok).build();
        String arch = assertThrows(WorkbenchException.class, () -> resume.fit(other, TrainerTest.views(d))).getMessage();
        assertTrue(arch.contains("different architecture") && arch.contains("online/encoder/w0"), arch);
    }

    @Test
    void orphanTempFilesFromAKilledSaveAreRemoved(@TempDir Path dir) throws Exception {
        Path orphan = dir.resolve("epoch-0001.ckpt8812345.tmp");
        Files.writeString(orphan, "half a checkpoint");
        Path unrelated = dir.resolve("notes.tmp");
        Files.writeString(unrelated, "keep me");
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        TrainerTest.tiny(2).epochs(1).checkpoints(dir, 1).build().fit(TrainerTest.tinyModel(2), TrainerTest.views(d));
        assertFalse(Files.exists(orphan), "the orphan temp file should be gone");
        assertTrue(Files.exists(unrelated), "files that are not checkpoint temp files stay");
        assertTrue(Files.exists(dir.resolve("epoch-0001.ckpt")));
    }
}
