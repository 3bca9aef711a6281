package org.jepa.workbench.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jepa.workbench.callback.TrainingContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** CollapseMonitor against a fake trainer whose embeddings shrink onto a point: z = c + s(step)·x. */
class CollapseMonitorTest {

    /** Stand-in for the real trainer: embeddings c + exp(−step/τ)·x; honours requestStop. */
    static final class FakeContext implements TrainingContext {
        final double tau;
        long step = -1;
        int epoch = 0;
        String stopReason;

        FakeContext(double tau) {
            this.tau = tau;
        }

        @Override
        public INDArray embed(INDArray x) {
            double s = Math.exp(-Math.max(step, 0) / tau);
            return x.mul(s).addi(1.0); // c = (1, …, 1), ‖c‖ = √D
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public long totalSteps() {
            return 1000;
        }

        @Override
        public void requestStop(String reason) {
            stopReason = reason;
        }
    }

    /** Runs the fake training loop the way a trainer calls callbacks; returns the last step run. */
    static long train(CollapseMonitor m, FakeContext ctx, int steps) {
        m.onStart(ctx);
        for (long s = 0; s < steps && ctx.stopReason == null; s++) {
            ctx.step = s;
            ctx.epoch = (int) (s / 25);
            m.onStep(ctx, s, Map.of("loss", 1.0 / (1 + s)));
        }
        m.onEnd(ctx);
        return ctx.step;
    }

    @Test
    void flagsCollapseStepAndStopsEarly() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 512, 32);
        // normStdRatio ≈ s/‖c‖·√D = s = exp(−step/20): below 0.1 from step 46 → first flagged check is step 49.
        CollapseMonitor m = CollapseMonitor.builder(x).name("shrinking").every(10).stopOnCompleteCollapse(true)
                .patience(2).build();
        FakeContext ctx = new FakeContext(20);
        long last = train(m, ctx, 500);
        assertEquals(49, m.collapseStep(), m.history().print());
        assertEquals(Verdict.COMPLETE_COLLAPSE, m.collapseVerdict());
        assertEquals(59, last, "stopped after 2 consecutive complete-collapse checks (49, 59)");
        assertNotNull(ctx.stopReason);
        assertTrue(ctx.stopReason.contains("COMPLETE_COLLAPSE") && ctx.stopReason.contains("step 59"), ctx.stopReason);
        Table h = m.history();
        assertEquals("shrinking", h.name());
        // Rows: start (−1), 9, 19, 29, 39, 49, 59; onEnd does not repeat 59.
        assertEquals(7, h.rowCount(), h.print());
        assertEquals(-1L, h.longColumn("step").get(0));
        assertEquals("HEALTHY", h.stringColumn("verdict").get(4));
        assertEquals("COMPLETE_COLLAPSE", h.stringColumn("verdict").get(5));
        // The metric falls monotonically with the shrink factor.
        for (int i = 1; i < h.rowCount(); i++) {
            assertTrue(h.doubleColumn("normStdRatio").get(i) < h.doubleColumn("normStdRatio").get(i - 1));
        }
        assertEquals(Math.exp(-39 / 20.0), h.doubleColumn("normStdRatio").get(4), 0.05);
        assertEquals(1.0 / 40, h.doubleColumn("loss").get(4), 1e-12);
    }

    @Test
    void withoutStopItOnlyRecords() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 256, 16);
        CollapseMonitor m = CollapseMonitor.builder(x).every(25).build();
        FakeContext ctx = new FakeContext(1e9); // never shrinks
        long last = train(m, ctx, 120);
        assertEquals(119, last);
        assertNull(ctx.stopReason);
        assertEquals(-1, m.collapseStep());
        Table h = m.history();
        // −1, 24, 49, 74, 99 and the final step 119 from onEnd.
        assertEquals(6, h.rowCount());
        assertEquals(119L, h.longColumn("step").get(5));
        assertTrue(h.stringColumn("verdict").asList().stream().allMatch("HEALTHY"::equals));
    }
}
