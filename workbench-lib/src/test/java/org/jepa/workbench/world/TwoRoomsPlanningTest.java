package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.Table;

/**
 * A small world model trained end to end on Two Rooms (fixed door, 28×28, the default recipe at the
 * lecture's budget) holds the agent's position in its latent and plans across the wall better than chance.
 * Floors, stated before the run: held-out position probe error below 0.5 px; CEM under MPC reaches the goal
 * in at least 2 of 10 cross-room episodes and ends, on average, at most half the start distance from the goal.
 * EB-JEPA reports 96 % for CEM on the random-door task on a GPU; this budget is far from that (see the
 * lecture and the closing note for the measured rates).
 *
 * <p>Then the second stage ({@link TwoRoomsModel#refitPredictor}: the predictor trained further on the encoder's
 * cached latents, 60,000 trajectories × 3 epochs): it must make the one-step error on wall-stopped moves lower
 * than stage one's, leave free moves within 0.1 px of stage one's, and the model it leaves must still plan above
 * stage one's floor (2 of 10). Over 50 episodes stage two measured 17 against stage one's 12 (bench/README.md);
 * 10 episodes cannot tell those apart, so the test does not ask for more successes.
 *
 * <p>Last, the same model planned in two phases ({@link Controller#andThen}): at least 8 of the 10 episodes.
 */
class TwoRoomsPlanningTest {

    @Test
    void aSmallTrainedWorldModelPlansAcrossTheWall() {
        TwoRooms env = TwoRooms.fixed(28);
        Jepa world = TwoRoomsModel.of(env).build();
        long t0 = System.nanoTime();
        TrainingRun run = Trainer.builder().epochs(3).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(world, Trajectories.of(env, 15000, 5, 1));
        System.out.printf("trained %d steps in %.1f s%n", world.parameters().updates(), (System.nanoTime() - t0) / 1e9);
        System.out.println(run.history());

        Trajectories test = Trajectories.of(env, 300, 5, 99);
        INDArray[] fp = test.framesAndPositions(300);
        INDArray z = world.latent(fp[0]).castTo(DataType.DOUBLE), xy = fp[1].castTo(DataType.DOUBLE);
        int n = (int) z.rows(), half = n / 2;
        RegressionProbe probe = RegressionProbe.fit(z.get(NDArrayIndex.interval(0, half)), xy.get(NDArrayIndex.interval(0, half)));
        double rmse = probe.rmse(z.get(NDArrayIndex.interval(half, n)), xy.get(NDArrayIndex.interval(half, n)));
        System.out.printf("position probe RMSE %.3f px%n", rmse);
        assertTrue(rmse < 0.5, "the latent should hold the position: probe RMSE " + rmse + " px");

        ActionEnergy energy = ActionEnergy.of(world, PlanningObjective.toGoal(), 30).maxNorm(env.maxAction());
        PlannerEvaluation eval = PlannerEvaluation.of(env).episodes(10).seed(3).progress(false);
        PlannerEvaluation.Result r = eval.run(energy, Mpc.with(Cem.defaults()).steps(60).replanEvery(4));
        Table t = r.table();
        System.out.println(t);
        double startDistance = eval.tasks().stream().mapToDouble(k -> Math.hypot(k.goal()[0] - k.start()[0], k.goal()[1] - k.start()[1]))
                .average().orElseThrow();
        int successes = t.intColumn("successes").get(0);
        double end = t.doubleColumn("mean_final_distance").get(0);
        System.out.printf("mean start distance %.2f px, mean final distance %.2f px%n", startDistance, end);
        assertTrue(successes >= 2, "CEM should reach the goal in at least 2 of 10 episodes, got " + successes);
        assertTrue(end <= 0.5 * startDistance, "CEM should end at most half the start distance away: " + end + " vs " + startDistance);

        Table before = TransitionErrors.of(world, probe, test, 300);
        t0 = System.nanoTime();
        TwoRoomsModel.of(env).refitPredictor(world, Trajectories.of(env, 60000, 5, 7).wallRate(0.3),
                Trainer.builder().epochs(3).batchSize(256).lr(1e-3).seed(2).progress(false).build());
        System.out.printf("stage two in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Table after = TransitionErrors.of(world, probe, test, 300);
        System.out.println(before.print() + "\n" + after.print());
        double freeBefore = before.doubleColumn("model_error_px").get(0), freeAfter = after.doubleColumn("model_error_px").get(0);
        double stoppedBefore = before.doubleColumn("model_error_px").get(1), stoppedAfter = after.doubleColumn("model_error_px").get(1);
        assertTrue(stoppedAfter < stoppedBefore, "stage two should learn the walls better: stopped-move error " + stoppedAfter
                + " px after vs " + stoppedBefore + " before");
        assertTrue(freeAfter < freeBefore + 0.1, "stage two should keep free moves: " + freeAfter + " px after vs " + freeBefore);
        Table refit = eval.run(ActionEnergy.of(world, PlanningObjective.toGoal(), 30).maxNorm(env.maxAction()),
                Mpc.with(Cem.defaults()).steps(60).replanEvery(4)).table();
        System.out.println(refit);
        int refitSuccesses = refit.intColumn("successes").get(0);
        assertTrue(refitSuccesses >= 2, "after stage two CEM should still reach the goal in at least 2 of 10 episodes, got " + refitSuccesses);

        // Plans in two phases on the same model and episodes, 100 steps: the tuned search (correlated noise, terminal
        // weight, the plausibility guardrail) for 80, then the plain sum for 20. Floor stated before the run: 8 of 10
        // (the bench measured 146 of 150 with lecture 04's model on fresh seeds; bench/README.md).
        INDArray bank = world.latent(Trajectories.of(env, 200, 5, 11).framesAndPositions(200)[0]);
        PlanningObjective crossing = PlanningObjective.toGoal().terminal(300).guardrail(OffManifold.of(bank).weight(100));
        ActionEnergy cross = ActionEnergy.of(world, crossing, 30).maxNorm(env.maxAction()),
                arrive = ActionEnergy.of(world, PlanningObjective.toGoal(), 30).maxNorm(env.maxAction());
        Controller twoPhases = Controller.flat(Mpc.with(Cem.defaults().correlation(0.8)).steps(80).replanEvery(4), room -> cross)
                .andThen(Controller.flat(Mpc.with(Cem.defaults()).steps(20).replanEvery(4), room -> arrive));
        Table phased = eval.run(twoPhases).table();
        System.out.println(phased);
        int phasedSuccesses = phased.intColumn("successes").get(0);
        assertTrue(phasedSuccesses >= 8, "two phases should reach the goal in at least 8 of 10 episodes, got " + phasedSuccesses);
    }
}
