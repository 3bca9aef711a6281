package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.junit.jupiter.api.Test;

/**
 * Rooms in a row, macro-steps, and the hierarchical planner on the true dynamics: the environment's walls and doors,
 * the coarse view of the data, a two-door goal reached, a guardrail kept, and bad requests refused.
 */
class HierarchyTest {
    static final TwoRooms ENV = TwoRooms.fixed(32).rooms(3);
    static final TwoRooms.Layout ROOMS = ENV.layout(new Random(0));

    @Test
    void threeRoomsHaveTwoWallsEachWithItsDoor() {
        assertEquals(2, ROOMS.walls());
        double s = 32 / 65.0, lo = 5 * s, hi = 32 - 5 * s, spacing = (hi - lo) / 3;
        assertEquals(lo + spacing, ROOMS.wallX(0), 1e-12);
        assertEquals(lo + 2 * spacing, ROOMS.wallX(1), 1e-12);
        assertEquals(18 * s, ROOMS.doorY(0), 1e-12);
        assertEquals(47 * s, ROOMS.doorY(1), 1e-12);
        for (int w = 0; w < 2; w++) {
            double x = ROOMS.wallX(w);
            assertFalse(ROOMS.free(x, ROOMS.doorY(1 - w)), "wall " + w + " is solid away from its door");
            assertTrue(ROOMS.free(x, ROOMS.doorY(w)), "wall " + w + "'s door is open");
            // a move into the wall stops at its face; the same move through the door passes
            double[] stopped = ROOMS.step(new double[] {x - 2, ROOMS.doorY(1 - w)}, new double[] {2.45, 0});
            assertEquals(w, ROOMS.room(stopped[0]));
            double[] through = ROOMS.step(new double[] {x - 1.2, ROOMS.doorY(w)}, new double[] {2.45, 0});
            assertEquals(w + 1, ROOMS.room(through[0]));
        }
        Random r = new Random(3);
        for (int room = 0; room < 3; room++) {
            for (int i = 0; i < 50; i++) {
                double[] p = ROOMS.sample(room, r);
                assertEquals(room, ROOMS.room(p[0]));
                assertTrue(ROOMS.free(p[0], p[1]));
            }
        }
        // the wall channel shows both walls, with a gap at each door
        float[] f = ROOMS.render(new double[] {5, 5});
        int plane = 32 * 32;
        for (int w = 0; w < 2; w++) {
            int c = (int) Math.floor(ROOMS.wallX(w));
            assertEquals(1f, f[plane + (int) ROOMS.doorY(1 - w) * 32 + c]);
            assertEquals(0f, f[plane + (int) ROOMS.doorY(w) * 32 + c]);
        }
        // random variant: jittered walls, doors drawn per episode, reproducible by seed
        TwoRooms random = TwoRooms.random(32).rooms(3);
        TwoRooms.Layout a = random.layout(new Random(5)), b = random.layout(new Random(5)), c = random.layout(new Random(6));
        assertEquals(a.toString(), b.toString());
        assertNotEquals(a.toString(), c.toString());
        assertEquals(2, TwoRooms.fixed(28).layout(new Random(0)).walls() + 1, "Two Rooms keeps one wall");
    }

    @Test
    void macroStepsAreEveryKthFrameWithTheMeanOfTheirActions() {
        Trajectories data = Trajectories.of(ENV, 10, 17, 4);
        Batch b = data.macro(8).batch(new int[] {3, 7}, new Random(1));
        assertArrayEquals(new long[] {2, 3, ENV.frameWidth()}, b.observations().shape());
        assertArrayEquals(new long[] {2, 2, 2}, b.actions().shape());
        Trajectories.Trajectory tr = data.get(7);
        float[] frame = tr.layout().render(tr.positions()[16]);
        for (int i = 0; i < frame.length; i += 97) assertEquals(frame[i], b.observations().getFloat(1, 2, i), 0);
        double mx = 0, my = 0;
        for (int t = 8; t < 16; t++) {
            double[] a = tr.actions()[t];
            double n = Math.hypot(a[0], a[1]), c = n > 2.45 ? 2.45 / n : 1;
            mx += a[0] * c / 8;
            my += a[1] * c / 8;
        }
        assertEquals(mx, b.actions().getDouble(1, 1, 0), 1e-6);
        assertEquals(my, b.actions().getDouble(1, 1, 1), 1e-6);
        // three-room data visit every room and cross doors
        Trajectories many = Trajectories.of(ENV, 400, 17, 1);
        int[] visits = new int[3];
        int crossings = 0;
        for (int i = 0; i < 400; i++) {
            Trajectories.Trajectory t = many.get(i);
            for (int s = 0; s < 16; s++) {
                visits[t.layout().room(t.positions()[s][0])]++;
                if (t.layout().room(t.positions()[s][0]) != t.layout().room(t.positions()[s + 1][0])) crossings++;
            }
        }
        for (int v : visits) assertTrue(v > 400, "every room is visited: " + java.util.Arrays.toString(visits));
        assertTrue(crossings > 40, "doors are crossed: " + crossings);
        assertThrows(WorkbenchException.class, () -> data.macro(17));
    }

    static Controller hierarchical(HierarchicalMpc h, PlanningObjective guard) {
        return h.controller("hierarchical", room -> ActionEnergy.trueDynamics(room, guard, 10).maxNorm(ENV.maxAction()),
                room -> ActionEnergy.trueDynamics(room, guard.ramp(), 8, h.macroSteps()).maxNorm(ENV.maxAction()));
    }

    @Test
    void theHierarchicalPlannerReachesAGoalTwoDoorsAway() {
        // start low in the left room, goal high in the right one: two doors (low, then high) and a zigzag between
        double[] start = {4, 26}, goal = {28, 5};
        HierarchicalMpc h = HierarchicalMpc.with(Cem.defaults().samples(1000).elites(100), Cem.defaults()).steps(100);
        Episode e = hierarchical(h, PlanningObjective.toGoal()).run(ROOMS, start, goal, 1);
        assertTrue(e.success(), "reached the goal two doors away: " + e);
        assertFalse(e.subgoals().isEmpty());
        assertTrue(e.predictorSteps() > 0);
        // the flat planner of the same search stalls behind a wall on this task
        Episode flat = Mpc.with(Cem.defaults()).steps(100).replanEvery(4)
                .run(ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 30).maxNorm(ENV.maxAction()), ROOMS, start, goal, 1);
        assertFalse(flat.success(), "flat CEM, H 30: " + flat);
    }

    @Test
    void aGuardrailIsNeverViolatedWhenASafePathExists() {
        // a hazard filling the middle room's upper half: the path from door 1 (y ≈ 8.9) must go below it
        ForbiddenRegion hazard = ForbiddenRegion.at(ROOMS.wallX(0) + 1, 2, ROOMS.wallX(1) - 1, 16).weight(20);
        double[] start = {4, 8.9}, goal = {28, 24};
        HierarchicalMpc h = HierarchicalMpc.with(Cem.defaults().samples(1000).elites(100), Cem.defaults()).steps(100);
        Episode guarded = hierarchical(h, PlanningObjective.toGoal().guardrail(hazard)).run(ROOMS, start, goal, 2);
        assertEquals(0, guarded.stepsInside(hazard), "with the guardrail: " + guarded);
        assertTrue(guarded.success(), "and still reached the goal: " + guarded);
        Episode free = hierarchical(h, PlanningObjective.toGoal()).run(ROOMS, start, goal, 2);
        assertTrue(free.stepsInside(hazard) > 0, "without it the shortest path crosses the hazard: " + free);
        // a goal inside the hazard: the planner reports what happened, it does not throw
        ForbiddenRegion aroundGoal = ForbiddenRegion.at(22, 18, 32, 30).weight(20);      // covers the whole success disk
        Episode contradictory = hierarchical(h, PlanningObjective.toGoal().guardrail(aroundGoal)).run(ROOMS, start, goal, 3);
        assertNotNull(contradictory);
        assertFalse(contradictory.success() && contradictory.stepsInside(aroundGoal) == 0, "cannot both arrive and stay out");
    }

    @Test
    void theHighLevelSharesTheLowLevelsLatentAndIsComparedOnTheSameTargets() {
        TwoLevelModel two = TwoLevelModel.of(ENV).recipe(TwoRoomsModel.of(ENV).hiddenWidth(32).predictorWidth(16)).macroSteps(4);
        org.jepa.workbench.jepa.Jepa low = two.low();
        assertThrows(WorkbenchException.class, () -> two.high(low), "an untrained low level has no encoder to share");
        org.jepa.workbench.train.Trainer.builder().steps(3).batchSize(16).seed(1).progress(false).build().fit(low, Trajectories.of(ENV, 64, 5, 1));
        org.jepa.workbench.jepa.Jepa high = two.high(low);
        assertTrue(high.isEncoderFrozen());
        org.nd4j.linalg.api.ndarray.INDArray frames = Trajectories.of(ENV, 4, 5, 9).framesAndPositions(4)[0];
        assertEquals(0, low.latent(frames).sub(high.latent(frames)).amaxNumber().doubleValue(), 1e-6, "one latent space");
        org.jepa.workbench.train.Trainer.builder().steps(3).batchSize(16).seed(1).progress(false).build()
                .fit(high, Trajectories.of(ENV, 64, 9, 2).macro(4));
        assertEquals(0, low.latent(frames).sub(high.latent(frames)).amaxNumber().doubleValue(), 1e-6, "training the high level leaves the encoder");
        tech.tablesaw.api.Table t = TwoLevelModel.kStepErrors(low, high, Trajectories.of(ENV, 40, 5, 98), 4, null);
        assertEquals(2, t.rowCount(), "without a probe: the two models' rows");
        for (int r = 0; r < 2; r++) assertTrue(t.doubleColumn("latent_mse").get(r) > 0);
        assertFalse(t.columnNames().contains("position_rmse_px"), "no probe, no pixels");
        assertThrows(WorkbenchException.class, () -> TwoLevelModel.kStepErrors(low, high, Trajectories.of(ENV, 40, 5, 98), 5, null));
    }

    @Test
    void badRequestsAreRefusedWithOneClearError() {
        assertTrue(assertThrows(WorkbenchException.class, () -> TwoRooms.fixed(16).rooms(3)).getMessage().contains("6 px per room"));
        assertThrows(WorkbenchException.class, () -> TwoRooms.fixed(32).rooms(7));
        assertTrue(assertThrows(WorkbenchException.class, () -> ENV.layout(10, 10)).getMessage().contains("give every wall"));
        HierarchicalMpc h = HierarchicalMpc.with(Cem.defaults(), Cem.defaults());
        assertTrue(assertThrows(WorkbenchException.class, () -> h.macroSteps(50).steps(40)).getMessage().contains("longer than the episode"));
        ActionEnergy low = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10);
        ActionEnergy high = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 4, 8);
        double[] inWall = {ROOMS.wallX(0), ROOMS.doorY(1)};
        assertTrue(assertThrows(WorkbenchException.class, () -> h.run(low, high, ROOMS, new double[] {4, 4}, inWall, 1))
                .getMessage().contains("inside a wall"));
        assertThrows(WorkbenchException.class, () -> ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 4, 0));
        assertThrows(WorkbenchException.class, () -> ActionEnergy.of(PlanningTest.centroidModel(), PlanningObjective.toGoal()
                .guardrail(ForbiddenRegion.at(1, 1, 2, 2)), 2).energies(
                org.nd4j.linalg.factory.Nd4j.zeros(1, 2), org.nd4j.linalg.factory.Nd4j.zeros(1, 2), org.nd4j.linalg.factory.Nd4j.zeros(1, 2, 2)));
    }
}
