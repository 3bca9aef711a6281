package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** EMA target arithmetic, and BYOL / SimSiam / JEPA wiring. */
class EmaAndMethodsTest {

    private static Trainer.Builder byol() {
        return TrainerTest.tiny(3).method(Method.BYOL).predictor(Mlp.of(16, 32, 16)).ema(0.9);
    }

    @Test
    void emaUpdateIsConvexCombination() {
        Trainer t = byol().build();
        SameDiff sd = t.sameDiff();
        Map<String, INDArray> before = new HashMap<>();
        t.emaPairs().forEach((o, tg) -> {
            sd.getArrForVarName(o).addi(Nd4j.randn(sd.getArrForVarName(o).dataType(), sd.getArrForVarName(o).shape()));
            before.put(tg, sd.getArrForVarName(tg).dup());
        });
        assertFalse(t.emaPairs().isEmpty());
        t.emaUpdate(0.75);
        t.emaPairs().forEach((o, tg) -> {
            INDArray want = before.get(tg).mul(0.75).add(sd.getArrForVarName(o).mul(0.25));
            assertArrayEquals(want.data().asFloat(), sd.getArrForVarName(tg).data().asFloat(), 1e-6f, tg);
        });
        assertTrue(t.emaPairs().keySet().stream().noneMatch(k -> k.contains("predictor")));
    }

    @Test
    void byolOneStepTargetIsTauInitPlusOneMinusTauOnline() {
        LabeledData d = Synthetic.clusters(32, 16, 4, 0.3, 1);
        Trainer t = byol().epochs(1).batchSize(32).build();
        SameDiff sd = t.sameDiff();
        Map<String, INDArray> init = new HashMap<>();
        t.emaPairs().forEach((o, tg) -> {
            assertArrayEquals(sd.getArrForVarName(o).data().asFloat(), sd.getArrForVarName(tg).data().asFloat(), 0f);
            init.put(tg, sd.getArrForVarName(tg).dup());
        });
        TrainingRun run = t.fit(d);
        assertEquals(1, run.steps().rowCount());
        double tau = LrSchedule.ema(0.9, 0, 1);
        assertEquals(0.9, tau, 1e-12);
        t.emaPairs().forEach((o, tg) -> {
            INDArray online = sd.getArrForVarName(o);
            INDArray want = init.get(tg).mul(tau).add(online.mul(1 - tau));
            assertArrayEquals(want.data().asFloat(), sd.getArrForVarName(tg).data().asFloat(), 1e-6f, tg);
        });
        // The online weights did move (gradients reached them), the target only by EMA.
        String w = "online/encoder/w0";
        assertFalse(java.util.Arrays.equals(init.get("target/encoder/w0").data().asFloat(),
                sd.getArrForVarName(w).data().asFloat()));
    }

    @Test
    void emaScheduleEndsAtOne() {
        assertEquals(0.996, LrSchedule.ema(0.996, 0, 100), 1e-12);
        assertEquals(1.0, LrSchedule.ema(0.996, 99, 100), 1e-12);
        assertEquals(1 - 0.004 * 0.5, LrSchedule.ema(0.996, 1, 3), 1e-12); // half-way: cos = 0
        assertEquals(0.1, LrSchedule.lr(1.0, 0, 10, 100, 0), 1e-12);
        assertEquals(1.0, LrSchedule.lr(1.0, 10, 10, 100, 0), 1e-12);
        assertEquals(0.5, LrSchedule.lr(1.0, 55, 10, 100, 0), 1e-12);
    }

    @Test
    void simsiamTargetTracksOnlineExactly() {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 1);
        Trainer t = TrainerTest.tiny(4).method(Method.SIMSIAM).predictor(Mlp.of(16, 8, 16).norm(Norm.BATCH))
                .objective(new TestCosine()).epochs(2).build();
        TrainingRun run = t.fit(d);
        SameDiff sd = t.sameDiff();
        t.emaPairs().forEach((o, tg) -> assertArrayEquals(sd.getArrForVarName(o).data().asFloat(),
                sd.getArrForVarName(tg).data().asFloat(), 0f, tg));
        assertTrue(run.history().doubleColumn("loss").allMatch((java.util.function.DoublePredicate) Double::isFinite));
    }

    @Test
    void byolAndJepaRunWithFiniteLoss() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 1);
        Table h = byol().objective(new TestCosine()).epochs(2).build().fit(d).history();
        assertTrue(h.doubleColumn("loss").allMatch((java.util.function.DoublePredicate) Double::isFinite));
        assertTrue(h.doubleColumn("ema_tau").get(1) > 0.9);
        // JEPA: context = view with a random half of the features zeroed, condition = the 0/1 mask.
        ContextMaker masker = (v, rng) -> {
            float[] m = new float[(int) v.length()];
            for (int i = 0; i < m.length; i++) m[i] = rng.nextBoolean() ? 1f : 0f;
            INDArray mask = Nd4j.create(m, v.shape());
            return new ContextMaker.Context(v.mul(mask), mask);
        };
        Trainer j = TrainerTest.tiny(5).projector(null).method(Method.JEPA).context(masker)
                .predictor(Mlp.of(8 + 16, 32, 8)).objective(new TestCosine()).epochs(3).build();
        TrainingRun run = j.fit(d);
        assertTrue(run.history().doubleColumn("loss").allMatch((java.util.function.DoublePredicate) Double::isFinite));
        assertEquals(8, run.embed(d.features()).columns());
        // Wrong condition width is one clear error.
        Trainer j2 = TrainerTest.tiny(5).projector(null).method(Method.JEPA).context(masker)
                .predictor(Mlp.of(8 + 3, 32, 8)).objective(new TestCosine()).build();
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(org.jepa.workbench.WorkbenchException.class,
                () -> j2.fit(d)).getMessage().contains("condition"));
    }
}
