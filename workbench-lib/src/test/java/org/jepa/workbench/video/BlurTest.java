package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.junit.jupiter.api.Test;

/** The peg's coin flip and the blur demonstration's bookkeeping, with "models" whose answers are known. */
class BlurTest {
    static final BallWorld W = BallWorld.defaults();

    /** Predicts no change, in pixels: its prediction of any later tubelet is the context tubelet itself. */
    static Jepa noChange(String name) {
        return Jepa.builder().name(name).encoder(Module.identity(2L * W.framePixels())).predictor(Predictor.identity(2L * W.framePixels()))
                .cost(EmbeddingPrediction.defaults()).seed(1).build();
    }

    @Test
    void aPegDropSplitsIntoLeftAndRightAfterTheImpactOnly() {
        Random rng = new Random(5);
        for (int i = 0; i < 30; i++) {
            BallWorld.Clip[] lr = W.pegDrop(rng);
            int split = ViolationPairs.firstDifference(lr[0].frames(), lr[1].frames());
            assertTrue(split > 0, "the drop hits the peg within the clip");
            double peg = lr[0].scene().peg().x();
            int after = Math.min(split + 3, W.frames() - 1);              // before either can reach a side wall
            BallWorld.Ball l = lr[0].balls()[after], r = lr[1].balls()[after];
            assertTrue(l.x() < peg - 1 && r.x() > peg + 1, "left goes left, right goes right: " + l + " " + r);
            BallWorld.Ball ls = lr[0].balls()[split], rs = lr[1].balls()[split];
            assertEquals(peg - ls.x(), rs.x() - peg, 1e-9, "mirror images just after the impact");
            assertEquals(ls.y(), rs.y(), 1e-12);
            for (BallWorld.Ball b : lr[0].balls()) {
                assertTrue(Math.hypot(b.x() - peg, b.y() - lr[0].scene().peg().y()) >= b.radius() + 1 - 1e-9, "never inside the peg");
            }
        }
    }

    @Test
    void predictionsAreReadAtTheRightFrames() {
        Blur b = Blur.of(W, noChange("pixels"), noChange("jepa"), PhysicsClips.of(W, 20, 3), 3, 1);
        // predicting "no change" from the last shared tubelet gives back its newest frame, the shared context
        assertArrayEquals(b.context(), b.pixelPrediction(), 0f);
        assertFalse(java.util.Arrays.equals(b.outcomes()[0], b.outcomes()[1]), "the outcomes differ");
        double[] d = b.nearestDistances();
        for (int i = 1; i < d.length; i++) assertTrue(d[i] >= d[i - 1], "nearest first");
        assertEquals(2, b.table().rowCount());
        assertThrows(WorkbenchException.class, () -> Blur.of(W, noChange("p"), noChange("j"), PhysicsClips.of(W, 5, 3), 0, 1));
        assertThrows(WorkbenchException.class, () -> Blur.of(W, noChange("p"), noChange("j"), PhysicsClips.of(W, 5, 3).tubeletFrames(3), 2, 1));
    }
}
