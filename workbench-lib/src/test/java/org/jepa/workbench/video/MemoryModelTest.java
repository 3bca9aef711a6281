package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Checkpoint;
import org.jepa.workbench.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The shipped memory model: its file is the one its recipe trains, it loads, and bad files are refused. */
class MemoryModelTest {
    /** Steps of the recipe retrained here (the whole recipe, 4,800 steps, is ./workbench bench checkpoint: the RebuildCheckpoint command). */
    private static final int PREFIX = 12;

    private static TrainingCallback stopAfter(long steps) {
        return new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
                if (step + 1 >= steps) ctx.requestStop("the test's prefix of the recipe");
            }
        };
    }

    @Test
    void theRecipeRetrainedReproducesTheShippedRunStepByStep(@TempDir Path dir) {
        Path file = dir.resolve("prefix.ckpt");
        TrainingRun run = MemoryModel.rebuild(file, MemoryModel.trainer().toBuilder().progress(false).callback(stopAfter(PREFIX)).build());
        Table again = run.steps();
        assertEquals(PREFIX, again.rowCount());
        // what rebuild wrote loads into the recipe's model, with no optimizer state and no wall-clock column
        Checkpoint written = Checkpoint.load(file);
        assertEquals(PREFIX, written.steps());
        assertTrue(written.arrays().keySet().stream().noneMatch(k -> k.startsWith("opt/")), "weights only");
        assertTrue(!written.history().columnNames().contains("seconds"), "no wall-clock times: the same recipe gives the same bytes");
        Jepa model = MemoryModel.untrained();
        written.restoreInto(model.parameters());
        assertEquals(PREFIX, model.parameters().updates());

        Checkpoint shipped = MemoryModel.load(Datasets.root());
        Table recorded = shipped.stepTable();
        assertEquals(MemoryModel.STEPS, recorded.rowCount(), "the shipped file records every step's losses");

        for (String col : again.columnNames()) {
            if (col.equals("step") || col.equals("epoch")) continue;
            for (int i = 0; i < PREFIX; i++) {
                double want = recorded.doubleColumn(col).get(i), got = again.doubleColumn(col).get(i);
                // bit-equal on the machine that built it; 1e-5 leaves room for another BLAS thread count's summation order,
                // far below what a changed seed, batch, learning rate or data set does to these losses
                assertEquals(want, got, 1e-5 * Math.abs(want), col + " at step " + i + ": the recipe no longer trains the shipped model"
                        + " (rebuild it: ./workbench bench checkpoint)");
            }
        }
    }

    @Test
    void theShippedModelPassesTheHeldOutTest() {
        Jepa model = MemoryModel.shipped();
        assertEquals(MemoryModel.STEPS, model.parameters().updates());
        // pairs of a seed the lecture does not use; the goal of the issue is 95 % pairwise overall
        IntuitivePhysics.Result r = IntuitivePhysics.of(ViolationPairs.of(MemoryModel.world(), 100, 8)).model(model).span(4).run();
        System.out.println(r.table().printAll());
        double overall = r.pairwise(model.name(), null, Surprise.Score.MEAN);
        assertTrue(overall >= 0.95, "overall pairwise by mean surprise over a span of 4: " + overall);
    }

    @Test
    void theChecksumConstantAndSha256SumsAgree() throws Exception {
        String sums = Files.readString(Datasets.root().resolve("checkpoints").resolve("SHA256SUMS")).trim();
        assertEquals(MemoryModel.SHA256 + "  " + MemoryModel.FILE, sums, "MemoryModel.SHA256 and datasets/checkpoints/SHA256SUMS must agree");
    }

    @Test
    void aMissingOrAlteredFileIsOneClearError(@TempDir Path dir) throws Exception {
        String missing = assertThrows(WorkbenchException.class, () -> MemoryModel.shipped(dir)).getMessage();
        assertTrue(missing.contains("is missing") && missing.contains("bench checkpoint"), missing);

        Path ck = Files.createDirectories(dir.resolve("checkpoints")).resolve(MemoryModel.FILE);
        byte[] bytes = Files.readAllBytes(Datasets.root().resolve("checkpoints").resolve(MemoryModel.FILE));
        bytes[bytes.length / 2] ^= 1;
        Files.write(ck, bytes);
        String altered = assertThrows(WorkbenchException.class, () -> MemoryModel.shipped(dir)).getMessage();
        assertTrue(altered.contains("SHA-256") && altered.contains("altered"), altered);
    }
}
