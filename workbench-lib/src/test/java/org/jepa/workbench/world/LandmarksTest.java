package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/**
 * The landmark graph as a high level: shortest routes on a graph whose answer is known by hand, routes through the
 * doors of the three-room maze when the latent is the position itself, a two-door goal reached, a goal no route leads
 * to reported rather than thrown, and bad requests refused.
 */
class LandmarksTest {
    static final TwoRooms ENV = HierarchyTest.ENV;
    static final TwoRooms.Layout ROOMS = HierarchyTest.ROOMS;

    /** Nodes at the given 1-D latents, undirected edges {a, b, length}. */
    static Landmarks graph(double[] at, double[][] edges) {
        int n = at.length;
        java.util.List<java.util.List<double[]>> adj = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) adj.add(new java.util.ArrayList<>());
        for (double[] e : edges) {
            adj.get((int) e[0]).add(new double[] {e[1], e[2]});
            adj.get((int) e[1]).add(new double[] {e[0], e[2]});
        }
        double[][] z = new double[n][], p = new double[n][];
        int[][] nb = new int[n][];
        double[][] len = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = new double[] {at[i]};
            p[i] = new double[] {at[i], 0};
            nb[i] = adj.get(i).stream().mapToInt(e -> (int) e[0]).toArray();
            len[i] = adj.get(i).stream().mapToDouble(e -> e[1]).toArray();
        }
        return new Landmarks(z, p, nb, len, 1, 0, 0);
    }

    @Test
    void routesAreShortestPathsOnAGraphWhoseAnswerIsKnown() {
        // 0 –1– 1 –1– 2 –1– 3, a direct edge 0–2 of length 5 (longer than the detour), node 4 alone
        Landmarks g = graph(new double[] {0, 10, 20, 30, 40}, new double[][] {{0, 1, 1}, {1, 2, 1}, {0, 2, 5}, {2, 3, 1}});
        Landmarks.Route r = g.route(new double[] {29});          // nearest node: 3
        assertEquals(3, r.goal());
        assertArrayEquals(new double[] {3, 2, 1, 0, Double.POSITIVE_INFINITY}, r.togo(), 0);
        assertArrayEquals(new int[] {1, 2, 3, -1, -1}, r.next());
        assertEquals(1, r.ahead(0, 1), "one step on");
        assertEquals(2, r.ahead(0, 1.5), "the first node at least 1.5 on");
        assertEquals(3, r.ahead(0, 10), "the goal when it is nearer than asked");
        assertFalse(r.reaches(4));
        assertEquals(4, r.ahead(4, 2), "no route: where it stands");
        assertEquals(4, g.nearest(new double[] {39}));
    }

    @Test
    void withPositionsAsLatentsTheRouteGoesThroughTheDoors() {
        ActionEnergy positions = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10).maxNorm(ENV.maxAction());
        Landmarks g = Landmarks.of(positions, Trajectories.of(ENV, 400, 17, 21), 2, 1.0);
        assertEquals(400 * 9, g.size());
        assertTrue(g.stepLength() > 0.2 && g.stepLength() < 1, "a median step of about half a pixel: " + g.stepLength());
        assertTrue(g.merges() > 0);
        assertEquals(0, g.wallCrossings(), "positions are exact: no merge joins two rooms away from a door: " + g);
        Landmarks.Route r = g.route(new double[] {28, 5});
        int from = g.nearest(new double[] {4, 26});
        assertTrue(r.reaches(from), "the data join the three rooms");
        int rooms = 0;
        for (int u = from; r.next()[u] >= 0; u = r.next()[u]) {
            double[] a = g.position(u), b = g.position(r.next()[u]);
            int ra = ROOMS.room(a[0]), rb = ROOMS.room(b[0]);
            assertTrue(Math.abs(ra - rb) <= 1, "one room at a time");
            if (ra != rb) {
                rooms++;
                int wall = Math.min(ra, rb);
                assertEquals(ROOMS.doorY(wall), (a[1] + b[1]) / 2, 2.5, "a room changes at its door");
            }
        }
        assertTrue(rooms >= 2, "left to right crosses both walls");
        assertTrue(r.togo()[from] > 30, "a route of more than 30 steps: " + r.togo()[from]);
        tech.tablesaw.api.Table t = g.table(r);
        assertEquals(g.size(), t.rowCount());
        assertEquals(0, t.doubleColumn("steps_to_goal").min(), 0);
    }

    @Test
    void aLandmarkHierarchyReachesAGoalTwoDoorsAway() {
        // the task of HierarchyTest, where flat CEM with H 30 stalls behind a wall
        double[] start = {4, 26}, goal = {28, 5};
        ActionEnergy low = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10).maxNorm(ENV.maxAction());
        Landmarks g = Landmarks.of(low, Trajectories.of(ENV, 400, 17, 21), 2, 1.0);
        HierarchicalMpc h = HierarchicalMpc.withLandmarks(g, Cem.defaults()).steps(100);
        Episode e = h.controller("landmarks", room -> low).run(ROOMS, start, goal, 1);
        assertTrue(e.success(), "reached the goal two doors away: " + e);
        assertTrue(e.subgoals().size() >= 10, "a subgoal every 4 steps");
        double[] firstSubgoal = e.subgoals().get(0).latent();
        assertEquals(0, ROOMS.room(firstSubgoal[0]), "the first subgoal lies in the start's room");
        assertTrue(e.predictorSteps() > 0);
        assertTrue(e.planner().contains("landmarks"));
    }

    @Test
    void aGuardedRouteGoesRoundAHazardAndTheEpisodeNeverEntersIt() {
        // a hazard over the middle room's upper part, leaving a corridor along the first wall: from door 1 (y ≈ 8.9)
        // the shortest route cuts through it diagonally toward door 2 (y ≈ 23.1)
        ForbiddenRegion hazard = ForbiddenRegion.at(ROOMS.wallX(0) + 2.5, 2, ROOMS.wallX(1) - 1, 16).weight(20);
        double[] start = {4, 8.9}, goal = {28, 24};
        ActionEnergy free = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10).maxNorm(ENV.maxAction());
        Landmarks g = Landmarks.of(free, Trajectories.of(ENV, 400, 17, 21), 2, 1.0);
        // as in lecture 05: the planners avoid the hazard grown by half a pixel (a cost read at the imagined positions
        // only lets a sampled path cut a corner between two of them)
        ForbiddenRegion margin = hazard.grow(0.5);
        Landmarks safe = g.avoiding(margin);
        assertEquals(java.util.List.of(margin), safe.guardrails());
        assertTrue(inside(g, g.route(goal), start, hazard) > 0, "unguarded, the route crosses the hazard");
        assertEquals(0, inside(safe, safe.route(goal), start, hazard), "guarded, it goes round");
        ActionEnergy guarded = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal().guardrail(margin), 10).maxNorm(ENV.maxAction());
        Episode e = HierarchicalMpc.withLandmarks(safe, Cem.defaults()).steps(100).run(guarded, ROOMS, start, goal, 2);
        assertEquals(0, e.stepsInside(hazard), "with the guardrail at both levels: " + e);
        assertTrue(e.success(), "and still reached the goal: " + e);
        // a goal inside the hazard: the route still leads there, paying for it; the episode reports, it does not throw
        ForbiddenRegion aroundGoal = ForbiddenRegion.at(22, 18, 32, 30).weight(20);      // covers the whole success disk
        Landmarks contradictory = g.avoiding(aroundGoal);
        assertTrue(contradictory.route(goal).reaches(contradictory.nearest(start)));
        Episode c = HierarchicalMpc.withLandmarks(contradictory, Cem.defaults()).steps(100).run(
                ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal().guardrail(aroundGoal), 10).maxNorm(ENV.maxAction()), ROOMS, start, goal, 3);
        assertFalse(c.success() && c.stepsInside(aroundGoal) == 0, "cannot both arrive and stay out: " + c);
    }

    @Test
    void aModelsGuardrailPricesEachNodeAsItWouldAnImaginedStep() {
        // latents that a probe reads as positions (here the identity): the SameDiff cost a planner pays, per node
        double[][] z = {{5, 5}, {10, 10}, {12, 11}, {20, 20}};
        Landmarks g = new Landmarks(z, z, new int[][] {{1}, {0, 2}, {1, 3}, {2}}, new double[][] {{1}, {1, 1}, {1, 1}, {1}}, 1, 0, 0);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 50, 2).mul(30);
        ForbiddenRegion hazard = ForbiddenRegion.of(org.jepa.workbench.eval.RegressionProbe.fit(x, x, 1e-12), 9, 9, 13, 13).weight(20);
        Landmarks safe = g.avoiding(hazard);
        Landmarks.Route r = safe.route(new double[] {20, 20});
        // node 1 lies 1 px deep (cost 20), node 2 1 px deep too (min(12 − 9, 13 − 12, 11 − 9, 13 − 11) = 1): each
        // edge into them pays 20; a route from node 0 enters both
        assertEquals(1 + (1 + 20) + (1 + 20), r.togo()[0], 1e-6);
        assertEquals(3, g.route(new double[] {20, 20}).togo()[0], 0, "without the guardrail: three unit edges");
    }

    /** Route nodes from the node nearest {@code start} that lie inside {@code hazard}. */
    static int inside(Landmarks g, Landmarks.Route r, double[] start, ForbiddenRegion hazard) {
        int n = 0;
        for (int u = g.nearest(start); u >= 0; u = r.next()[u]) if (hazard.contains(g.position(u)[0], g.position(u)[1])) n++;
        return n;
    }

    @Test
    void whereWallsMoveEachMazeGetsItsOwnGraphFromTrajectoriesRecordedInIt() {
        TwoRooms moving = TwoRooms.random(32).rooms(3);
        TwoRooms.Layout maze = moving.layout(new Random(4));
        Trajectories explored = Trajectories.of(moving, 400, 17, 21).in(maze);
        assertSame(maze, explored.layout());
        for (int i = 0; i < 400; i += 37) {
            assertSame(maze, explored.get(i).layout());
            for (double[] p : explored.get(i).positions()) assertTrue(maze.free(p[0], p[1]), "every frame in the pinned maze's free space");
        }
        // on a fixed-door environment the pinned maze is the one drawn anyway: the same trajectories
        Trajectories plain = Trajectories.of(ENV, 5, 17, 3);
        assertArrayEquals(plain.get(2).positions(), plain.in(ROOMS).get(2).positions());
        assertThrows(WorkbenchException.class, () -> plain.in(TwoRooms.fixed(28).layout(new Random(0))), "another environment's maze");
        // one graph per episode's maze
        java.util.Map<TwoRooms.Layout, Landmarks> built = new java.util.HashMap<>();
        HierarchicalMpc h = HierarchicalMpc.withLandmarks(room -> built.computeIfAbsent(room, r -> Landmarks.of(
                ActionEnergy.trueDynamics(r, PlanningObjective.toGoal(), 10), Trajectories.of(moving, 400, 17, 21).in(r), 2, 1.0)),
                Cem.defaults()).macroSteps(4).steps(100);
        double[] start = maze.sample(0, new Random(1)), goal = maze.sample(2, new Random(2));
        Episode e = h.controller("landmarks", room -> ActionEnergy.trueDynamics(room, PlanningObjective.toGoal(), 10).maxNorm(moving.maxAction()))
                .run(maze, start, goal, 1);
        assertEquals(1, built.size());
        assertEquals(0, built.get(maze).wallCrossings());
        assertTrue(e.success(), "reached the goal two doors away in a maze drawn at random: " + e);
    }

    @Test
    void aGoalNoRouteLeadsToIsReportedNotThrown() {
        // two nodes near the start, two near the goal, no edge between the pairs: the low level gets the goal itself
        double[][] z = {{4, 26}, {5, 26}, {27, 5}, {28, 6}};
        Landmarks g = new Landmarks(z, z, new int[][] {{1}, {0}, {3}, {2}}, new double[][] {{1}, {1}, {1}, {1}}, 1, 0, 0);
        ActionEnergy low = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10).maxNorm(ENV.maxAction());
        Episode e = HierarchicalMpc.withLandmarks(g, Cem.defaults()).steps(12).run(low, ROOMS, new double[] {4, 26}, new double[] {28, 5}, 1);
        assertEquals(12, e.actions().length);
        for (Episode.Subgoal s : e.subgoals()) assertArrayEquals(new double[] {28, 5}, s.latent(), 1e-6, "no route: the goal itself");
    }

    @Test
    void badRequestsAreRefusedWithOneClearError() {
        ActionEnergy low = ActionEnergy.trueDynamics(ROOMS, PlanningObjective.toGoal(), 10).maxNorm(ENV.maxAction());
        Trajectories data = Trajectories.of(ENV, 20, 17, 21);
        assertTrue(assertThrows(WorkbenchException.class, () -> Landmarks.of(low, Trajectories.of(TwoRooms.random(32).rooms(3), 20, 17, 1), 2, 1))
                .getMessage().contains("TwoRooms.fixed"));
        assertTrue(assertThrows(WorkbenchException.class, () -> Landmarks.of(low, data, 0, 1)).getMessage().contains("every"));
        assertTrue(assertThrows(WorkbenchException.class, () -> Landmarks.of(low, data, 17, 1)).getMessage().contains("every"));
        assertTrue(assertThrows(WorkbenchException.class, () -> Landmarks.of(low, data, 2, -1)).getMessage().contains("merge"));
        assertTrue(assertThrows(WorkbenchException.class, () -> Landmarks.of(low, Trajectories.of(ENV, 20_000, 17, 21), 1, 1))
                .getMessage().contains("fewer trajectories"));
        Landmarks g = Landmarks.of(low, data, 2, 1);
        HierarchicalMpc withGraph = HierarchicalMpc.withLandmarks(g, Cem.defaults()).steps(20);
        double[] start = {4, 26}, goal = {28, 5};
        assertTrue(assertThrows(WorkbenchException.class, () -> withGraph.run(low, low, ROOMS, start, goal, 1)).getMessage()
                .contains("landmark graph"));
        assertTrue(assertThrows(WorkbenchException.class, () -> HierarchicalMpc.with(Cem.defaults(), Cem.defaults())
                .run(low, ROOMS, start, goal, 1)).getMessage().contains("both energies"));
        Landmarks wide = new Landmarks(new double[][] {{0, 0, 0}}, new double[][] {{0, 0}}, new int[][] {{}}, new double[][] {{}}, 1, 0, 0);
        assertTrue(assertThrows(WorkbenchException.class, () -> HierarchicalMpc.withLandmarks(wide, Cem.defaults()).steps(20)
                .run(low, ROOMS, start, goal, 1)).getMessage().contains("width"));
        double[] inWall = {ROOMS.wallX(0), ROOMS.doorY(1)};
        assertTrue(assertThrows(WorkbenchException.class, () -> withGraph.run(low, ROOMS, start, inWall, 1)).getMessage()
                .contains("inside a wall"));
        assertThrows(WorkbenchException.class, () -> g.route(new double[] {1, 2, 3}));
        assertThrows(WorkbenchException.class, () -> HierarchicalMpc.withLandmarks((Landmarks) null, Cem.defaults()));
        assertThrows(WorkbenchException.class, () -> g.avoiding());
        assertThrows(WorkbenchException.class, () -> g.avoiding((Guardrail) null));
    }
}
