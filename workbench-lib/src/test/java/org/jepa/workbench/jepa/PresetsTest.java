package org.jepa.workbench.jepa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.ContextMaker;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.MaskedViews;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.objective.Variance;
import org.jepa.workbench.train.LrSchedule;
import org.jepa.workbench.train.Synthetic;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** The method presets as wirings: EMA arithmetic, stop-gradient, masked prediction, regularizers in a predictive setup. */
class PresetsTest {

    static Trainer.Builder tiny(long seed) {
        return Trainer.builder().epochs(2).batchSize(32).lr(3e-3).seed(seed).progress(false);
    }

    static Jepa byol(long seed) {
        return Jepa.byol(Mlp.of(16, 32, 8), Mlp.of(8, 16, 8)).projector(Mlp.of(8, 16, 8)).ema(0.9).seed(seed).build();
    }

    @Test
    void emaUpdateIsConvexCombinationAndSkipsThePredictor() {
        Jepa m = byol(3);
        Map<String, INDArray> before = new HashMap<>();
        assertFalse(m.emaPairs().isEmpty());
        m.emaPairs().forEach((o, tg) -> {
            INDArray online = m.parameters().get(o);
            online.addi(Nd4j.randn(online.dataType(), online.shape()));
            before.put(tg, m.parameters().get(tg).dup());
        });
        m.updateTarget(0.75);
        m.emaPairs().forEach((o, tg) -> {
            INDArray want = before.get(tg).mul(0.75).add(m.parameters().get(o).mul(0.25));
            assertArrayEquals(want.data().asFloat(), m.parameters().get(tg).data().asFloat(), 1e-6f, tg);
        });
        assertTrue(m.emaPairs().keySet().stream().noneMatch(k -> k.contains("predictor")));
        assertTrue(m.emaPairs().keySet().stream().anyMatch(k -> k.contains("projector")), "the projector has a target copy");
    }

    @Test
    void byolOneStepTargetIsTauInitPlusOneMinusTauOnline() {
        LabeledData d = Synthetic.clusters(32, 16, 4, 0.3, 1);
        Jepa m = byol(3);
        Map<String, INDArray> init = new HashMap<>();
        m.emaPairs().forEach((o, tg) -> {
            assertArrayEquals(m.parameters().get(o).data().asFloat(), m.parameters().get(tg).data().asFloat(), 0f);
            init.put(tg, m.parameters().get(tg).dup());
        });
        TrainingRun run = tiny(1).epochs(1).build().fit(m, ViewPairs.of(d, Synthetic.noise(0.1)));
        assertEquals(1, run.steps().rowCount());
        double tau = LrSchedule.ema(0.9, 0, 1);
        assertEquals(0.9, tau, 1e-12);
        assertEquals(tau, run.history().doubleColumn("ema_tau").get(0), 1e-12);
        m.emaPairs().forEach((o, tg) -> {
            INDArray want = init.get(tg).mul(tau).add(m.parameters().get(o).mul(1 - tau));
            assertArrayEquals(want.data().asFloat(), m.parameters().get(tg).data().asFloat(), 1e-6f, tg);
        });
        // The online weights did move (gradients reached them), the target only by EMA.
        assertFalse(java.util.Arrays.equals(init.get("target/encoder/w0").data().asFloat(),
                m.parameters().get("online/encoder/w0").data().asFloat()));
    }

    @Test
    void simSiamTargetTracksOnlineExactly() {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        Jepa m = Jepa.simSiam(Mlp.of(16, 32, 8), Mlp.of(8, 16, 8).norm(Norm.BATCH)).seed(4).build();
        TrainingRun run = tiny(4).build().fit(m, ViewPairs.of(d, Synthetic.noise(0.1)));
        m.emaPairs().forEach((o, tg) -> assertArrayEquals(m.parameters().get(o).data().asFloat(),
                m.parameters().get(tg).data().asFloat(), 0f, tg));
        assertTrue(run.history().doubleColumn("loss").allMatch((java.util.function.DoublePredicate) Double::isFinite));
        assertEquals(0.0, run.history().doubleColumn("ema_tau").get(1), 0.0);
    }

    /** Context = the view with a random half of the features zeroed; condition = the 0/1 mask. */
    static final ContextMaker HALF_MASK = (v, rng) -> {
        float[] mask = new float[(int) v.length()];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextBoolean() ? 1f : 0f;
        INDArray m = Nd4j.create(mask, v.shape());
        return new ContextMaker.Context(v.mul(m), m);
    };

    /** The online embedding of the context (frame 0) and the target embedding of the full view (frame 1). */
    private static INDArray[] contextAndTarget(Jepa m, Batch b) {
        Graph g = new Graph(m.parameters());
        SDVariable obs = g.input("obs", -1, 2, m.inputWidth());
        SDVariable act = g.input("act", -1, 1, m.actionWidth());
        Rollout r = m.unroll(g, obs, act, 1, true);
        String z0 = r.embeddings().get(0).name(), y1 = r.targets().get(0).name();
        Map<String, INDArray> out = g.sd().output(Map.of(obs.name(), b.observations(), act.name(), b.actions()), z0, y1);
        return new INDArray[] {out.get(z0), out.get(y1)};
    }

    @Test
    void maskedJepaPredictsTheEmaTargetOfTheFullViewFromTheMaskedContext() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1);
        Augmentation identity = (b, rng) -> b;
        Jepa m = Jepa.masked(Mlp.of(16, 32, 8), Mlp.of(8 + 16, 32, 8)).ema(0.9).seed(5).build();
        int[] rows = java.util.stream.IntStream.range(0, 32).toArray();
        // The context really is the masked view: its embedding differs from the target's of the full view...
        INDArray[] masked = contextAndTarget(m, MaskedViews.of(d, identity, HALF_MASK).batch(rows, new Random(1)));
        assertFalse(masked[0].equalsWithEps(masked[1], 1e-3), "context and target embeddings should differ");
        // ...while with an unmasked context they coincide at initialisation (the target starts as a copy).
        ContextMaker noMask = (v, rng) -> new ContextMaker.Context(v, Nd4j.onesLike(v));
        INDArray[] same = contextAndTarget(m, MaskedViews.of(d, identity, noMask).batch(rows, new Random(1)));
        assertArrayEquals(same[0].data().asFloat(), same[1].data().asFloat(), 0f);

        TrainingRun run = tiny(5).epochs(3).build().fit(m, MaskedViews.of(d, identity, HALF_MASK));
        assertTrue(run.history().doubleColumn("loss").allMatch((java.util.function.DoublePredicate) Double::isFinite));
        assertEquals(List.of("epoch", "loss", "prediction", "lr", "ema_tau", "seconds", "samples_per_s"), run.history().columnNames());
        assertEquals(8, m.embed(d.features()).columns());
        // After training the target lags the online encoder (EMA), so they no longer coincide.
        assertFalse(m.parameters().get("online/encoder/w0").equalsWithEps(m.parameters().get("target/encoder/w0"), 1e-6));
        // A predictor whose condition width does not match the context maker's is one clear error.
        Jepa wrong = Jepa.masked(Mlp.of(16, 32, 8), Mlp.of(8 + 3, 32, 8)).seed(5).build();
        String msg = assertThrows(WorkbenchException.class,
                () -> tiny(5).build().fit(wrong, MaskedViews.of(d, identity, HALF_MASK))).getMessage();
        assertTrue(msg.contains("condition") && msg.contains("3") && msg.contains("16"), msg);
    }

    @Test
    void aRegularizerActsOnTheOnlineEmbeddingsOfAPredictiveModel() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1);
        Augmentation identity = (b, rng) -> b;
        Jepa m = Jepa.masked(Mlp.of(16, 32, 8), Mlp.of(8 + 16, 32, 8)).regularizer(Variance.defaults().weight(5)).seed(6).build();
        Table h = tiny(6).epochs(4).build().fit(m, MaskedViews.of(d, identity, HALF_MASK)).history();
        assertEquals(List.of("epoch", "loss", "prediction", "variance", "lr", "ema_tau", "seconds", "samples_per_s"), h.columnNames());
        double v0 = h.doubleColumn("variance").get(0), v1 = h.doubleColumn("variance").get(3);
        assertTrue(v1 < v0, "the variance hinge on the online embeddings should fall as training spreads them: " + v0 + " → " + v1);
    }
}
