package org.jepa.workbench.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.world.ActionLandscape;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.junit.jupiter.api.Test;

/** The world pictures draw what they show: the dot where the agent is, the landscape's minimum where it is. */
class WorldPlotsTest {
    static final TwoRooms ENV = TwoRooms.random(28);

    @Test
    void aFrameShowsTheAgentAtItsPosition() {
        TwoRooms.Layout room = ENV.layout(14, 6);
        BufferedImage img = WorldPlots.frame(room, new double[] {20.5, 10.5}, 3);
        assertEquals(84, img.getWidth());
        int agent = img.getRGB(20 * 3 + 1, 10 * 3 + 1), free = img.getRGB(5 * 3 + 1, 20 * 3 + 1), wall = img.getRGB(13 * 3 + 1, 20 * 3 + 1);
        assertTrue(((agent >> 16) & 0xff) > 200 && ((agent >> 8) & 0xff) < 80, "the agent is red");
        assertEquals(0xffffff, free & 0xffffff, "free space is white");
        assertEquals(90, (wall >> 16) & 0xff, "the wall is grey");
    }

    @Test
    void stripsAndLandscapesRender() {
        BufferedImage strip = WorldPlots.trajectories(Trajectories.of(ENV, 3, 4, 1), 3, 4);
        assertTrue(strip.getWidth() >= 4 * 84 && strip.getHeight() >= 3 * 84);
        TwoRooms.Layout room = ENV.layout(14, 6);
        ActionLandscape l = ActionLandscape.ofEnvironment(room, new double[] {8, 20}, new double[] {11, 20}, null, 1, 21);
        // one step toward a goal 3 px to the right: the best first action is the longest move right, (2.45, 0) → cell (10, 20)
        assertArrayEquals(new int[] {10, 20}, l.argmin());
        assertArrayEquals(new double[] {2.45, 0}, l.bestAction(), 1e-12);
        assertNotNull(WorldPlots.landscape(l, l));
    }

    @Test
    void aPlanIsDrawnAsImaginedAndAsItReallyGoes() {
        TwoRooms.Layout room = ENV.layout(14, 6);
        // the true dynamics imagine positions: a probe that is the identity reads them back
        double[][] xy = new double[40][];
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < xy.length; i++) xy[i] = new double[] {3 + 20 * r.nextDouble(), 3 + 20 * r.nextDouble()};
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(xy);
        org.jepa.workbench.eval.RegressionProbe identity = org.jepa.workbench.eval.RegressionProbe.fit(x, x);
        org.jepa.workbench.world.ActionEnergy truth = org.jepa.workbench.world.ActionEnergy.trueDynamics(room,
                org.jepa.workbench.world.PlanningObjective.toGoal(), 4).maxNorm(ENV.maxAction());
        double[][] plan = {{2, 0}, {2, 0}, {2, 0}, {2, 0}};                  // from (6, 20) right: 8 px, stopped by the wall's face at 13.4
        BufferedImage img = WorldPlots.imagined(truth, identity, room, new double[] {6, 20}, new double[] {20, 20}, plan);
        int zoom = Math.round(360 / 28f), head = img.getHeight() - 28 * zoom;
        int onPath = img.getRGB(9 * zoom, head + 20 * zoom), beyond = img.getRGB((int) (16.5 * zoom), head + 20 * zoom);
        assertTrue(((onPath >> 8) & 0xff) < 150, "the path (blue, red dashes over it) is drawn from the start to the wall, got "
                + Integer.toHexString(onPath));
        for (int shift : new int[] {0, 8, 16})
            assertTrue(((beyond >> shift) & 0xff) > 240, "nothing drawn past the wall: the true dynamics imagine no crossing, got "
                    + Integer.toHexString(beyond));
        WorkbenchException empty = assertThrows(WorkbenchException.class,
                () -> WorldPlots.imagined(truth, identity, room, new double[] {4, 20}, new double[] {20, 20}, new double[0][]));
        assertTrue(empty.getMessage().contains("non-empty plan"), empty.getMessage());
    }

    @Test
    void subgoalsAreDrawnWhereTheyAreAndPicturesSitSideBySide() {
        TwoRooms three = TwoRooms.fixed(32).rooms(3);
        TwoRooms.Layout room = three.layout(new java.util.Random(0));
        org.jepa.workbench.world.HierarchicalMpc h = org.jepa.workbench.world.HierarchicalMpc.with(
                org.jepa.workbench.world.Cem.defaults(), org.jepa.workbench.world.Cem.defaults()).steps(12);
        org.jepa.workbench.world.Episode e = h.run(
                org.jepa.workbench.world.ActionEnergy.trueDynamics(room, org.jepa.workbench.world.PlanningObjective.toGoal(), 8),
                org.jepa.workbench.world.ActionEnergy.trueDynamics(room, org.jepa.workbench.world.PlanningObjective.toGoal().ramp(), 4, 8),
                room, new double[] {4, 26}, new double[] {8, 5}, 1);
        assertFalse(e.subgoals().isEmpty());
        org.jepa.workbench.world.ForbiddenRegion hazard = org.jepa.workbench.world.ForbiddenRegion.at(22, 4, 28, 10);
        BufferedImage img = WorldPlots.subgoals(e, null, hazard);
        int zoom = Math.round(360 / 32f);
        double[] q = e.subgoals().get(0).latent();
        int head = img.getHeight() - 32 * zoom;                              // the title above the map
        int mark = img.getRGB((int) (q[0] * zoom), head + (int) (q[1] * zoom));
        assertTrue(((mark >> 16) & 0xff) < 200 && (mark & 0xff) > 120, "a purple cross on the first subgoal, got " + Integer.toHexString(mark));
        int h0 = img.getRGB(25 * zoom, head + 7 * zoom);
        assertTrue(((h0 >> 16) & 0xff) > 240 && (h0 & 0xff) < 200, "the hazard is orange, got " + Integer.toHexString(h0));
        BufferedImage two = WorldPlots.sideBySide("two", img, img);
        assertEquals(2 * img.getWidth() + 12, two.getWidth());
        assertThrows(WorkbenchException.class, () -> WorldPlots.sideBySide("none"));
    }

    @Test
    void landmarksAreColouredByTheirRouteLengthToTheGoal() {
        TwoRooms three = TwoRooms.fixed(32).rooms(3);
        TwoRooms.Layout room = three.layout(new java.util.Random(0));
        org.jepa.workbench.world.ActionEnergy low = org.jepa.workbench.world.ActionEnergy.trueDynamics(room,
                org.jepa.workbench.world.PlanningObjective.toGoal(), 8);
        org.jepa.workbench.world.Landmarks memory = org.jepa.workbench.world.Landmarks.of(low, Trajectories.of(three, 200, 17, 21), 4, 1);
        double[] goal = {28, 5};
        org.jepa.workbench.world.Landmarks.Route route = memory.route(low, room, goal);
        org.jepa.workbench.world.Episode e = org.jepa.workbench.world.HierarchicalMpc.withLandmarks(memory,
                org.jepa.workbench.world.Cem.defaults()).steps(8).run(low, room, new double[] {4, 26}, goal, 1);
        BufferedImage img = WorldPlots.landmarks(memory, route, e, null);
        int zoom = Math.round(360 / 32f), head = img.getHeight() - 32 * zoom;
        // the node nearest the goal is dark (viridis' start), the farthest reachable one bright (its end)
        int near = route.goal(), far = 0;
        for (int i = 0; i < memory.size(); i++)
            if (Double.isFinite(route.togo()[i]) && route.togo()[i] > route.togo()[far]) far = i;
        int cNear = img.getRGB((int) (memory.position(near)[0] * zoom), head + (int) (memory.position(near)[1] * zoom));
        int cFar = img.getRGB((int) (memory.position(far)[0] * zoom), head + (int) (memory.position(far)[1] * zoom));
        assertEquals(EnergyPlots.viridis(0).getRGB(), cNear | 0xff000000, "the goal's node");
        assertEquals(EnergyPlots.viridis(1).getRGB(), cFar | 0xff000000, "the farthest node");
        assertThrows(WorkbenchException.class, () -> WorldPlots.landmarks(memory, route, null, null));
    }

    @Test
    void badInputIsOneClearError() {
        assertThrows(WorkbenchException.class, () -> WorldPlots.trajectories(Trajectories.of(ENV, 3, 4, 1), 4, 4));
        assertThrows(WorkbenchException.class, () -> WorldPlots.frame(ENV.layout(14, 6), new double[] {8, 20}, 0));
        assertThrows(WorkbenchException.class, () -> WorldPlots.planIterations(tech.tablesaw.api.Table.create("x")));
    }
}
