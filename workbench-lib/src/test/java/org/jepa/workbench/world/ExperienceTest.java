package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.junit.jupiter.api.Test;

/**
 * The planner's plans stepped through the real environment: the listener sees every plan, the windows are real
 * paths of the plans' actions, the batches hold their frames and actions, and a seed fixes it all.
 */
class ExperienceTest {
    private static final TwoRooms ENV = TwoRooms.fixed(28);
    private static final Mpc MPC = Mpc.with(Cem.defaults().samples(40).iterations(3)).steps(12).replanEvery(4);

    private static Experience collect(long seed) {
        return Experience.collect(ENV, room -> ActionEnergy.trueDynamics(room, PlanningObjective.toGoal(), 8).maxNorm(ENV.maxAction()),
                MPC, 2, seed, 5);
    }

    @Test
    void theListenerSeesEveryPlanFromWhereTheAgentStood() {
        PlannerEvaluation.Task task = PlannerEvaluation.of(ENV).episodes(1).seed(4).tasks().get(0);
        List<Integer> steps = new ArrayList<>();
        List<double[]> where = new ArrayList<>();
        ActionEnergy energy = ActionEnergy.trueDynamics(task.layout(), PlanningObjective.toGoal(), 8).maxNorm(ENV.maxAction());
        Episode e = MPC.run(energy, task.layout(), task.start(), task.goal(), 1, (step, position, actions) -> {
            steps.add(step);
            where.add(position);
            assertEquals(8, actions.length);
            for (double[] a : actions) assertTrue(Math.hypot(a[0], a[1]) <= ENV.maxAction() + 1e-9, "plans are clipped");
        });
        assertEquals(List.of(0, 4, 8), steps);
        for (int i = 0; i < steps.size(); i++) assertArrayEquals(e.positions()[steps.get(i)], where.get(i), 0);
        // the same episode without a listener: listening changes nothing
        Episode plain = MPC.run(energy, task.layout(), task.start(), task.goal(), 1);
        assertArrayEquals(plain.end(), e.end(), 0);
    }

    @Test
    void windowsAreRealPathsOfThePlansAndTheEpisodes() {
        Experience ex = collect(1001);
        // per episode: 3 plans of 8 actions (9 positions → 2 windows of 5) and the executed 12 steps (13 → 3 windows)
        assertEquals(2 * (3 * 2 + 3), ex.size());
        for (int i = 0; i < ex.size(); i++) {
            Trajectories.Trajectory w = ex.get(i);
            assertEquals(5, w.positions().length);
            for (int t = 0; t < 4; t++)
                assertArrayEquals(w.layout().step(w.positions()[t], w.actions()[t]), w.positions()[t + 1], 1e-12, "window " + i + " step " + t);
        }
        Batch b = ex.batch(new int[] {0, 3}, new Random(0));
        assertArrayEquals(new long[] {2, 5, ENV.frameWidth()}, b.observations().shape());
        assertArrayEquals(new long[] {2, 4, 2}, b.actions().shape());
        assertEquals(ex.get(3).actions()[2][1], b.actions().getDouble(1, 2, 1), 1e-6);
        float[] frame = ex.get(3).layout().render(ex.get(3).positions()[4]);
        assertEquals(frame[100], b.observations().getFloat(1, 4, 100), 0);
    }

    @Test
    void aSeedFixesTheExperience() {
        Experience a = collect(1001), b = collect(1001), c = collect(1002);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).positions()[4], b.get(i).positions()[4], 0);
        assertFalse(java.util.Arrays.equals(a.get(0).positions()[0], c.get(0).positions()[0]));
    }

    @Test
    void joinedWithTrajectoriesTheRowsComeFirstThenTheBase() {
        Experience ex = collect(1001);
        Trajectories base = Trajectories.of(ENV, 10, 5, 3);
        BatchSource<Batch> all = ex.and(base);
        assertEquals(ex.size() + 10, all.size());
        Batch b = all.batch(new int[] {ex.size() + 2}, new Random(0));
        assertEquals(base.get(2).actions()[0][0], b.actions().getDouble(0, 0, 0), 1e-6);
        assertEquals(ex.size() + 1, ex.plus(List.of(ex.get(0))).size());
        WorkbenchException wrong = assertThrows(WorkbenchException.class, () -> ex.and(Trajectories.of(ENV, 10, 3, 3)));
        assertTrue(wrong.getMessage().contains("5 frames"), wrong.getMessage());
        assertThrows(WorkbenchException.class, () -> Experience.collect(ENV, room -> null, MPC, 0, 1, 5));
    }
}
