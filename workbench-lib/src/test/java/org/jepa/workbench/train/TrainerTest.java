package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TrainerTest {

    static Trainer.Builder tiny(long seed) {
        return Trainer.builder().encoder(Mlp.of(16, 32, 8)).projector(Mlp.of(8, 16, 16).norm(Norm.BATCH))
                .objective(new TestVicreg()).views(Synthetic.noise(0.1)).epochs(6).batchSize(32).lr(3e-3)
                .seed(seed).progress(false);
    }

    @Test
    void siameseLossGoesDown() {
        LabeledData d = Synthetic.clusters(256, 16, 4, 0.3, 1);
        TrainingRun run = tiny(1).build().fit(d);
        Table h = run.history();
        System.out.println(h.print());
        assertEquals(6, h.rowCount());
        double first = h.doubleColumn("loss").get(0), last = h.doubleColumn("loss").get(5);
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        assertEquals(6 * 8, run.steps().rowCount());
        assertEquals(8, run.embed(d.features()).columns());
    }

    @Test
    void sameSeedSameHistory() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 2);
        double[] a = tiny(7).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        double[] b = tiny(7).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        double[] c = tiny(8).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c), "a different seed should give different losses");
    }

    @Test
    void callbacksSeeStepsEpochsAndCanEmbedMidTraining() {
        LabeledData d = Synthetic.clusters(96, 16, 4, 0.3, 3);
        java.util.List<String> events = new java.util.ArrayList<>();
        java.util.List<org.nd4j.linalg.api.ndarray.INDArray> embs = new java.util.ArrayList<>();
        TrainingCallback cb = new TrainingCallback() {
            @Override
            public void onStart(TrainingContext ctx) {
                events.add("start " + ctx.step());
            }

            @Override
            public void onStep(TrainingContext ctx, long step, java.util.Map<String, Double> l) {
                assertEquals(step, ctx.step());
                assertTrue(l.containsKey("loss") && l.containsKey("invariance"));
            }

            @Override
            public void onEpochEnd(TrainingContext ctx, int epoch, java.util.Map<String, Double> m) {
                events.add("epoch " + epoch + " step " + ctx.step());
                embs.add(ctx.embed(d.features()));
            }

            @Override
            public void onEnd(TrainingContext ctx) {
                events.add("end");
            }
        };
        TrainingRun run = tiny(1).epochs(2).callback(cb).build().fit(d);
        assertEquals(java.util.List.of("start -1", "epoch 0 step 2", "epoch 1 step 5", "end"), events);
        assertEquals(96, embs.get(0).rows());
        assertTrue(!embs.get(0).equalsWithEps(embs.get(1), 1e-6), "embeddings should change with training");
        // The run's model embeds exactly like the context did after the last epoch.
        assertTrue(run.embed(d.features()).equalsWithEps(embs.get(1), 1e-6));
    }

    @Test
    void asymmetricViewsUseBothMakers() {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 3);
        int[] calls = new int[2];
        ViewMaker a = (b, rng) -> { calls[0]++; return b; };
        ViewMaker b = (x, rng) -> { calls[1]++; return x.mul(0.5); };
        tiny(1).epochs(1).views(a, b).build().fit(d);
        // 2 steps + the dry run on the first batch, each maker once per step.
        assertEquals(3, calls[0]);
        assertEquals(3, calls[1]);
    }
}
