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
}
