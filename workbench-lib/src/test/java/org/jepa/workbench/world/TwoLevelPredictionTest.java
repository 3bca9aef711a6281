package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * Temporal abstraction, measured on held-out data: in three rooms (fixed doors, 32×32) at lecture 05's budget, one
 * macro-step of the trained high level predicts 8 steps ahead better than the trained low level composed 8 times on
 * the same actions. Floor, stated before the run: the high level's position error (through the low level's probe) is
 * below the composed low level's. Both are printed with the latent errors, which the lecture shows too.
 */
class TwoLevelPredictionTest {

    @Test
    void oneMacroStepPredictsEightStepsBetterThanTheLowLevelComposedEightTimes() {
        TwoRooms env = TwoRooms.fixed(32).rooms(3);
        TwoLevelModel two = TwoLevelModel.of(env).macroSteps(8);
        Jepa low = two.low();
        long t0 = System.nanoTime();
        Trainer.builder().epochs(3).batchSize(64).lr(3e-3).seed(2).progress(false).build().fit(low, Trajectories.of(env, 15000, 5, 1));
        Jepa high = two.high(low);
        Trainer.builder().epochs(6).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(high, Trajectories.of(env, 6000, 17, 2).macro(8));
        System.out.printf("trained both levels in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        INDArray[] held = Trajectories.of(env, 300, 5, 99).framesAndPositions(300);
        RegressionProbe probe = RegressionProbe.fit(low.latent(held[0]).castTo(DataType.DOUBLE), held[1].castTo(DataType.DOUBLE));
        Table t = TwoLevelModel.kStepErrors(low, high, Trajectories.of(env, 500, 9, 98), 8, probe);
        System.out.println(t.print());
        double highPx = t.doubleColumn("position_rmse_px").get(0), lowPx = t.doubleColumn("position_rmse_px").get(1);
        assertTrue(highPx < lowPx, "one macro-step should beat eight composed steps: " + highPx + " px vs " + lowPx + " px");
    }
}
