package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/** Two Rooms physics — free moves, the norm bound, wall clipping, the door, the border — and its rendering. */
class TwoRoomsTest {
    static final TwoRooms ENV = TwoRooms.random(28);
    /** Wall at x = 14 (half width 1.5·28/65 ≈ 0.646), door at y = 6 (half height 4·28/65 ≈ 1.72). */
    static final TwoRooms.Layout ROOM = ENV.layout(14, 6);

    @Test
    void aFreeMoveIsTheActionTimesTheMoveScale() {
        double[] p = ROOM.step(new double[] {8, 20}, new double[] {1, 0.5});
        assertArrayEquals(new double[] {9, 20.5}, p, 1e-12);
        double[] q = TwoRooms.random(28).moveScale(0.5).layout(14, 6).step(new double[] {8, 20}, new double[] {1, 0.5});
        assertArrayEquals(new double[] {8.5, 20.25}, q, 1e-12);
    }

    @Test
    void anActionLongerThanTheBoundIsShortenedToIt() {
        double[] p = ROOM.step(new double[] {4, 20}, new double[] {6, 8});       // norm 10 → 2.45 along (0.6, 0.8)
        assertEquals(4 + 2.45 * 0.6, p[0], 1e-12);
        assertEquals(20 + 2.45 * 0.8, p[1], 1e-12);
    }

    @Test
    void theWallStopsTheAgentAtItsFace() {
        double face = 14 - 1.5 * 28 / 65.0;
        double[] p = ROOM.step(new double[] {12, 20}, new double[] {2.45, 0});
        assertTrue(p[0] <= face && p[0] > face - 2.45 / 16 - 1e-12, "stopped at the wall's face " + face + ", got x = " + p[0]);
        assertEquals(20, p[1], 1e-12);
        assertEquals(0, ROOM.room(p[0]));
        // from the other side too
        double[] q = ROOM.step(new double[] {16, 20}, new double[] {-2.45, 0});
        assertTrue(q[0] >= 14 + 1.5 * 28 / 65.0, "stays right of the wall, got " + q[0]);
        assertEquals(1, ROOM.room(q[0]));
    }

    @Test
    void theDoorLetsTheAgentThrough() {
        double[] p = ROOM.step(new double[] {12.5, 6}, new double[] {2.45, 0});
        assertEquals(14.95, p[0], 1e-12);
        assertEquals(1, ROOM.room(p[0]));
        // just outside the door's opening the same move is stopped
        double[] q = ROOM.step(new double[] {12.5, 6 + 4 * 28 / 65.0 + 0.1}, new double[] {2.45, 0});
        assertEquals(0, ROOM.room(q[0]));
    }

    @Test
    void aPathIsItsStepsOneAfterTheOther() {
        double[] start = {12, 20};
        double[][] plan = {{1, 0.5}, {2.45, 0}, {0, -1}};       // a free move, a move the wall stops, a free move
        double[][] path = ROOM.path(start, plan);
        assertEquals(4, path.length);
        assertArrayEquals(start, path[0], 0);
        assertNotSame(start, path[0], "the start is copied, not shared");
        double[] p = start;
        for (int t = 0; t < plan.length; t++) {
            p = ROOM.step(p, plan[t]);
            assertArrayEquals(p, path[t + 1], 0, "step " + t);
        }
        assertEquals(0, ROOM.room(path[2][0]), "the wall stopped the second move");
        assertEquals(1, ROOM.path(start, new double[0][]).length);
        assertTrue(assertThrows(WorkbenchException.class, () -> ROOM.path(start, null)).getMessage().contains("null"));
        assertTrue(assertThrows(WorkbenchException.class, () -> ROOM.path(null, plan)).getMessage().contains("start"));
    }

    @Test
    void theBorderStopsTheAgent() {
        double hi = 28 - 5 * 28 / 65.0;
        double[] p = ROOM.step(new double[] {hi - 0.3, 20}, new double[] {2, 0});
        assertTrue(p[0] <= hi && p[0] >= hi - 0.3, "x stays inside the border, got " + p[0]);
        double[] q = ROOM.step(new double[] {20, 3}, new double[] {0, -2.45});
        assertTrue(q[1] >= 5 * 28 / 65.0, "y stays inside the border, got " + q[1]);
    }

    @Test
    void theFrameShowsTheDotAndTheWallWithItsDoor() {
        int s = 28;
        float[] f = ROOM.render(new double[] {20.5, 10.5});
        // the dot peaks at the pixel whose centre is the agent's position; its mass is 2πσ²
        int peak = 0;
        double mass = 0;
        for (int i = 0; i < s * s; i++) {
            if (f[i] > f[peak]) peak = i;
            mass += f[i];
        }
        assertEquals(10 * s + 20, peak);
        assertEquals(1.0, f[peak], 1e-6);
        assertEquals(2 * Math.PI * 1.3 * 1.3, mass, 1e-3);
        // the wall column (pixel centre 13.5 is within 0.646 of x = 14) is drawn, except in the door
        assertEquals(1f, f[s * s + 20 * s + 13]);
        assertEquals(0f, f[s * s + 6 * s + 13], "the door is open");
        assertEquals(0f, f[s * s + 20 * s + 20], "free space is empty");
        assertEquals(1f, f[s * s + 0 * s + 20], "the border is drawn");
    }

    @Test
    void randomLayoutsDifferAndTheFixedOneDoesNot() {
        TwoRooms.Layout a = ENV.layout(new Random(1)), b = ENV.layout(new Random(2));
        assertNotEquals(a.wallX(), b.wallX());
        assertNotEquals(a.doorY(), b.doorY());
        TwoRooms fixed = TwoRooms.fixed(28);
        TwoRooms.Layout c = fixed.layout(new Random(1)), d = fixed.layout(new Random(2));
        assertEquals(c.wallX(), d.wallX());
        assertEquals(c.doorY(), d.doorY());
        assertEquals(32 * 28 / 65.0, c.wallX(), 1e-12);
    }

    @Test
    void sampledPositionsAreFreeAndInTheAskedRoom() {
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            int room = i % 2;
            double[] p = ROOM.sample(room, r);
            assertTrue(ROOM.free(p[0], p[1]));
            assertEquals(room, ROOM.room(p[0]));
        }
    }

    @Test
    void badInputIsOneClearError() {
        assertTrue(assertThrows(WorkbenchException.class, () -> TwoRooms.random(8)).getMessage().contains("[16, 128]"));
        assertThrows(WorkbenchException.class, () -> ENV.moveScale(0));
        assertThrows(WorkbenchException.class, () -> ENV.dotSigma(Double.NaN));
        assertThrows(WorkbenchException.class, () -> ENV.layout(1, 6));
        assertTrue(assertThrows(WorkbenchException.class, () -> ROOM.step(new double[] {14, 20}, new double[] {1, 0}))
                .getMessage().contains("not free space"));
        assertTrue(assertThrows(WorkbenchException.class, () -> ROOM.step(new double[] {8, 20}, new double[] {Double.NaN, 0}))
                .getMessage().contains("not finite"));
        assertThrows(WorkbenchException.class, () -> ROOM.step(new double[] {8, 20}, new double[] {1, 0, 0}));
    }
}
