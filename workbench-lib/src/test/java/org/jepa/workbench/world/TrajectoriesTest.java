package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/** The trajectory generator: reproducible by seed, consistent with the physics, EB-JEPA's step statistics. */
class TrajectoriesTest {
    static final TwoRooms ENV = TwoRooms.random(28);

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        Trajectories a = Trajectories.of(ENV, 50, 6, 7), b = Trajectories.of(ENV, 50, 6, 7), c = Trajectories.of(ENV, 50, 6, 8);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a.get(i).positions(), b.get(i).positions());
            assertArrayEquals(a.get(i).actions(), b.get(i).actions());
        }
        assertNotEquals(a.get(0).positions()[0][0], c.get(0).positions()[0][0]);
        Batch x = a.batch(new int[] {3, 1, 4}, new Random(1)), y = b.batch(new int[] {3, 1, 4}, new Random(2));
        assertEquals(x.observations(), y.observations());
        assertEquals(x.actions(), y.actions());
        assertArrayEquals(new long[] {3, 6, 2 * 28 * 28}, x.observations().shape());
        assertArrayEquals(new long[] {3, 5, 2}, x.actions().shape());
    }

    @Test
    void layoutsDifferBetweenTrajectories() {
        Trajectories t = Trajectories.of(ENV, 20, 3, 1);
        java.util.Set<Double> walls = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) walls.add(t.get(i).layout().wallX());
        assertEquals(20, walls.size(), "each trajectory draws its own wall");
    }

    @Test
    void everyStepIsThePhysicsOfItsAction() {
        Trajectories t = Trajectories.of(ENV, 200, 10, 3);
        for (int i = 0; i < 200; i++) {
            Trajectories.Trajectory tr = t.get(i);
            for (int s = 0; s < 9; s++) {
                double[] p = tr.positions()[s];
                assertTrue(tr.layout().free(p[0], p[1]));
                assertArrayEquals(tr.layout().step(p, tr.actions()[s]), tr.positions()[s + 1], 0.0);
            }
        }
    }

    @Test
    void stepLengthsFollowEbJepasDistribution() {
        Trajectories t = Trajectories.of(ENV, 1000, 9, 4);
        double sum = 0, sq = 0, turn = 0;
        int n = 0, turns = 0;
        for (int i = 0; i < 1000; i++) {
            double[][] a = t.get(i).actions();
            for (int s = 0; s < a.length; s++) {
                double len = Math.hypot(a[s][0], a[s][1]);
                assertTrue(len >= 0.2 - 1e-12 && len <= 1.8 + 1e-12);
                sum += len;
                sq += len * len;
                n++;
                if (s > 0) {
                    double d = Math.atan2(a[s][1], a[s][0]) - Math.atan2(a[s - 1][1], a[s - 1][0]);
                    d = Math.atan2(Math.sin(d), Math.cos(d));
                    if (Math.abs(d) < Math.PI / 2) {           // not a turn-around at a wall
                        turn += d * d;
                        turns++;
                    }
                }
            }
        }
        double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
        // N(1, 0.4²) clipped to [0.2, 1.8]: mean 1, sd ≈ 0.38
        assertEquals(1.0, mean, 0.02);
        assertEquals(0.38, sd, 0.02);
        // heading drift: von Mises with κ = 25 has circular sd ≈ 0.2 rad
        assertEquals(0.2, Math.sqrt(turn / turns), 0.02);
    }

    @Test
    void theCrossingRateChangesHowManyTrajectoriesChangeRoom() {
        Table none = Trajectories.of(ENV, 400, 9, 5).crossRate(0).summary(400);
        Table all = Trajectories.of(ENV, 400, 9, 5).crossRate(1).summary(400);
        double crossedNone = none.doubleColumn("value").get(5), crossedAll = all.doubleColumn("value").get(5);
        assertEquals("trajectories that change room", none.stringColumn("quantity").get(5));
        assertTrue(crossedAll > crossedNone + 0.3, "crossings: rate 0 → " + crossedNone + ", rate 1 → " + crossedAll);
    }

    @Test
    void theWallRateAddsMovesAWallStopsAndLeavesTheDefaultDataAlone() {
        Trajectories base = Trajectories.of(ENV, 300, 9, 5), zero = base.wallRate(0), walls = base.wallRate(0.5);
        for (int i = 0; i < 300; i++) assertArrayEquals(base.get(i).positions(), zero.get(i).positions());
        double stoppedBase = base.summary(300).doubleColumn("value").get(4), stoppedWalls = walls.summary(300).doubleColumn("value").get(4);
        assertEquals("moves stopped by a wall", base.summary(300).stringColumn("quantity").get(4));
        // half the trajectories head into the wall: about one more stopped move in 8 each (then they turn), +0.06
        assertTrue(stoppedWalls > stoppedBase + 0.03, "stopped moves: " + stoppedBase + " → " + stoppedWalls);
        assertThrows(WorkbenchException.class, () -> base.wallRate(0.9));          // 0.35 + 0.9 > 1
    }

    @Test
    void framePairsAreConsecutiveFramesWithoutActions() {
        Trajectories t = Trajectories.of(ENV, 10, 4, 6);
        Batch b = t.framePairs().batch(new int[] {2, 7}, new Random(3));
        assertArrayEquals(new long[] {2, 2, 2 * 28 * 28}, b.observations().shape());
        assertNull(b.actions());
        // the pair is frames (s, s+1) of trajectory 2 for some s
        boolean found = false;
        for (int s = 0; s < 3; s++) {
            float[] f0 = t.get(2).layout().render(t.get(2).positions()[s]), f1 = t.get(2).layout().render(t.get(2).positions()[s + 1]);
            boolean same = true;
            for (int k = 0; k < f0.length && same; k += 13) same = f0[k] == b.observations().getFloat(0, 0, k) && f1[k] == b.observations().getFloat(0, 1, k);
            found |= same;
        }
        assertTrue(found);
    }

    @Test
    void framesAndPositionsMatch() {
        Trajectories t = Trajectories.of(ENV, 5, 4, 6);
        INDArray[] fp = t.framesAndPositions(5);
        assertArrayEquals(new long[] {20, 2 * 28 * 28}, fp[0].shape());
        double[] p = t.get(2).positions()[3];
        assertEquals(p[0], fp[1].getDouble(11, 0), 1e-5);
        float[] f = t.get(2).layout().render(p);
        for (int k = 0; k < f.length; k += 97) assertEquals(f[k], fp[0].getFloat(11, k), 0f);
    }

    @Test
    void cachedLatentsAreTheEncodersInferenceLatentsOfEveryFrameWithTheActions() {
        TwoRooms env = TwoRooms.fixed(28);
        Trajectories data = Trajectories.of(env, 1000, 4, 5);        // more than one encoding chunk
        org.jepa.workbench.jepa.Jepa world = TwoRoomsModel.of(env).latentWidth(6).hiddenWidth(32).build();
        org.jepa.workbench.data.Sequences z = world.latents(data);
        assertEquals(1000, z.size());
        for (int row : new int[] {0, 517, 999}) {
            Batch b = data.batch(new int[] {row}, new Random(0));
            Batch e = z.batch(new int[] {row}, new Random(0));
            INDArray expected = world.latent(b.observations().reshape(4, env.frameWidth()));
            assertArrayEquals(new long[] {1, 4, 6}, e.observations().shape());
            assertTrue(expected.equalsWithEps(e.observations().reshape(4, 6), 1e-6), "row " + row + ": cached latents differ from the encoder's");
            assertEquals(b.actions(), e.actions(), "row " + row + ": actions");
        }
        WorkbenchException bad = assertThrows(WorkbenchException.class, () -> TwoRoomsModel.of(TwoRooms.fixed(20)).build().latents(data));
        assertTrue(bad.getMessage().contains("width"), bad.getMessage());
    }

    @Test
    void badInputIsOneClearError() {
        assertThrows(WorkbenchException.class, () -> Trajectories.of(ENV, 0, 5, 1));
        assertTrue(assertThrows(WorkbenchException.class, () -> Trajectories.of(ENV, 5, 1, 1)).getMessage().contains("2 frames"));
        assertThrows(WorkbenchException.class, () -> Trajectories.of(ENV, 5, 5, 1).crossRate(1.5));
        assertThrows(WorkbenchException.class, () -> Trajectories.of(ENV, 5, 5, 1).get(5));
    }
}
