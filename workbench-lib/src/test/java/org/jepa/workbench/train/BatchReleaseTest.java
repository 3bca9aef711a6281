package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.jepa.Jepa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The trainer hands every batch back to its source once its step is done, and the library's sources free their
 * fresh arrays then: a run's resident size no longer grows by a batch per step until a garbage collection
 * (bench/README). Freed too early, a step would fail on a closed array; never freed, the count below fails.
 */
class BatchReleaseTest {

    /** ViewPairs, with a record of what it made and what came back. */
    private static final class Recording implements BatchSource<Batch> {
        final BatchSource<Batch> inner;
        final boolean release;
        final List<Batch> made = new ArrayList<>(), released = new ArrayList<>();

        Recording(BatchSource<Batch> inner, boolean release) {
            this.inner = inner;
            this.release = release;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public Batch batch(int[] rows, Random rng) {
            // Every step's batch, the one just before included, is back before the next is drawn (so the new one can
            // take its memory); the graph's probe batch (made before the first step) is not the trainer's to free.
            for (int i = 1; i < made.size(); i++) assertTrue(has(released, made.get(i)), "batch " + i + " is still held");
            Batch b = inner.batch(rows, rng);
            made.add(b);
            return b;
        }

        @Override
        public void release(Batch batch) {
            assertTrue(has(made, batch), "released a batch this source did not make");
            assertFalse(has(released, batch), "released a batch twice");
            released.add(batch);
            if (release) inner.release(batch);
        }
    }

    /** By identity: a batch record's equals compares its arrays' values, which a freed array cannot give. */
    private static boolean has(List<Batch> list, Batch b) {
        return list.stream().anyMatch(x -> x == b);
    }

    @Test
    void everyStepsBatchGoesBackOnceAfterItsStepAndTheNumbersStayTheSame(@TempDir Path dir) {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 7);
        Jepa freed = TrainerTest.tinyModel(8), kept = TrainerTest.tinyModel(8);
        Recording a = new Recording(TrainerTest.views(d), true), b = new Recording(TrainerTest.views(d), false);
        TrainingRun ra = TrainerTest.tiny(8).epochs(3).checkpoints(dir, 1).build().fit(freed, a);
        TrainingRun rb = TrainerTest.tiny(8).epochs(3).build().fit(kept, b);
        // The checkpoint written after each epoch is checked on that epoch's last batch: it was not freed too early.
        assertTrue(ra.lastCheckpoint().isPresent(), "a verified checkpoint");
        // 3 epochs of 4 steps, plus the probe batch that fixes the graph's shapes (not the trainer's to free).
        assertEquals(13, a.made.size());
        assertEquals(12, a.released.size());
        for (int i = 1; i < 13; i++) assertTrue(a.released.get(i - 1) == a.made.get(i), "every step's batch, once, in order");
        for (Batch x : a.released) assertTrue(x.observations().wasClosed(), "ViewPairs frees its stacked views");
        assertFalse(a.made.get(0).observations().wasClosed(), "the probe batch is left alone");
        for (Batch x : b.released) assertFalse(x.observations().wasClosed());
        assertArrayEquals(rb.steps().doubleColumn("loss").asDoubleArray(), ra.steps().doubleColumn("loss").asDoubleArray());
        for (String p : freed.parameters().names()) {
            assertArrayEquals(kept.parameters().get(p).data().asInt(), freed.parameters().get(p).data().asInt(), "parameter " + p);
        }
    }

    @Test
    void aBatchFreesOnlyArraysThatOwnTheirMemory() {
        INDArray whole = Nd4j.rand(4, 2, 3);
        INDArray parent = Nd4j.rand(8, 2, 3);
        INDArray view = parent.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all(), NDArrayIndex.all());
        new Batch(view, null).close();
        assertFalse(view.wasClosed());
        assertFalse(parent.wasClosed());
        INDArray reshaped = parent.reshape(2, 4, 6);   // the whole buffer, in another shape: still another array's
        new Batch(reshaped, null).close();
        assertFalse(reshaped.wasClosed());
        assertFalse(parent.wasClosed());
        assertEquals(48, parent.length());
        parent.sumNumber();   // still usable
        Batch own = new Batch(whole, Nd4j.rand(4, 1, 2));
        own.close();
        assertTrue(own.observations().wasClosed());
        assertTrue(own.actions().wasClosed());
        own.close();          // twice is harmless
    }

    @Test
    void viewPairsFreesItsBatchButNeverItsData() {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 9);
        ViewPairs v = ViewPairs.identical(d.features());
        Batch b = v.batch(new int[] {3, 1, 4}, new Random(1));
        assertFalse(d.features().wasClosed());
        assertEquals(d.features().getRow(4).getDouble(5), b.observations().getDouble(2, 1, 5), 0.0);
        v.release(b);
        assertTrue(b.observations().wasClosed());
        assertFalse(d.features().wasClosed());
        d.features().sumNumber();
    }
}
