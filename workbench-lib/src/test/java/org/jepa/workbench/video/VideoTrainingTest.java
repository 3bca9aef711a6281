package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;

/** The video JEPA (frames together, a 2-step rollout, variance and covariance) trains to the same bits with step memory reused. */
class VideoTrainingTest {
    @Test
    void reusingStepMemoryChangesNoNumber() {
        BallWorld w = BallWorld.defaults();
        PhysicsClips data = PhysicsClips.of(w, 96, 3).window(4);
        VideoModel recipe = VideoModel.of(w).hiddenWidth(64).latentWidth(8).seed(2);
        Jepa on = recipe.jepa(), off = recipe.jepa();
        Trainer.Builder t = Trainer.builder().epochs(2).batchSize(32).lr(3e-3).seed(3).progress(false);
        double[] a = t.build().fit(on, data).steps().doubleColumn("loss").asDoubleArray();
        double[] b = t.reuseStepMemory(false).build().fit(off, data).steps().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(b, a, "losses");
        for (String p : on.parameters().names()) {
            assertArrayEquals(off.parameters().get(p).data().asInt(), on.parameters().get(p).data().asInt(), "parameter " + p);
        }
    }

    @Test
    void theMemoryModelTrainsOnWholeClipsToTheSameBitsTwice() {
        BallWorld w = BallWorld.defaults();
        PhysicsClips data = PhysicsClips.of(w, 64, 4).occlusions(0.5).window(15);
        VideoModel recipe = VideoModel.of(w).hiddenWidth(64).latentWidth(8).memory(6).seed(2);
        Jepa a = recipe.jepa(), b = recipe.jepa();
        org.junit.jupiter.api.Assertions.assertTrue(a.name().contains("memory 6"), a.name());
        Trainer.Builder t = Trainer.builder().epochs(1).batchSize(32).lr(3e-3).seed(3).progress(false);
        double[] la = t.build().fit(a, data).steps().doubleColumn("loss").asDoubleArray();
        double[] lb = t.reuseStepMemory(false).build().fit(b, data).steps().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(la, lb, "same seed, same losses");
        org.junit.jupiter.api.Assertions.assertTrue(a.parameters().names().stream().anyMatch(n -> n.contains("/memory/")));
        // a next-frame predictor has no memory: asking for both is refused with what to do instead
        String msg = org.junit.jupiter.api.Assertions.assertThrows(org.jepa.workbench.WorkbenchException.class,
                () -> VideoModel.of(w).perFrameLatent(4).nextFramePredictor(true).memory(4).jepa()).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(msg.contains("not both"), msg);
    }

    @Test
    void thePixelBaselineCarriesTheSameMemoryWhenAskedAndTrains() {
        BallWorld w = BallWorld.defaults();
        PhysicsClips data = PhysicsClips.of(w, 64, 4).occlusions(0.5).window(15);
        Jepa plain = VideoModel.of(w).hiddenWidth(64).latentWidth(8).pixels();
        Jepa pixels = VideoModel.of(w).hiddenWidth(64).latentWidth(8).memory(6).seed(2).pixels();
        org.junit.jupiter.api.Assertions.assertEquals("pixel predictor", plain.name());
        org.junit.jupiter.api.Assertions.assertTrue(pixels.name().contains("memory 6"), pixels.name());
        org.junit.jupiter.api.Assertions.assertTrue(pixels.parameters().names().stream().anyMatch(n -> n.contains("/memory/")));
        org.junit.jupiter.api.Assertions.assertTrue(plain.parameters().names().stream().noneMatch(n -> n.contains("/memory/")));
        double[] loss = Trainer.builder().epochs(1).batchSize(32).lr(3e-3).seed(3).progress(false).build().fit(pixels, data)
                .steps().doubleColumn("loss").asDoubleArray();
        org.junit.jupiter.api.Assertions.assertEquals(2, loss.length);
        for (double l : loss) org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(l), "loss " + l);
        // and it is scored like the others, over a span
        ViolationPairs test = ViolationPairs.of(w, 2, 1, Violation.PERMANENCE);
        double[][] s = Surprise.span(pixels, test.pairs(Violation.PERMANENCE).stream().map(ViolationPairs.Pair::possible).toList(), 2);
        org.junit.jupiter.api.Assertions.assertEquals(2, s.length);
    }
}
