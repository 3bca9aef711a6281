package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The physics world: closed-form free fall, walls that keep |vx|, a solid shelf, an occluder that hides. */
class BallWorldTest {
    static final BallWorld W = BallWorld.defaults();
    static final BallWorld.Scene EMPTY = new BallWorld.Scene(false, 0, false, 0, 0);

    @Test
    void freeFallFollowsTheClosedFormOfTheIntegrator() {
        // semi-implicit Euler with n sub-steps of h: v_n = n g h, y_n = y0 + g h² n(n+1)/2
        BallWorld.Clip c = W.simulate(EMPTY, new BallWorld.Ball(16, 4, 0, 0, 2.5, true), BallWorld.Event.none());
        double h = 1.0 / BallWorld.SUBSTEPS;
        for (int t = 0; t < 8; t++) {                         // y stays above the floor for these frames
            int n = t * BallWorld.SUBSTEPS;
            assertEquals(4 + W.gravity() * h * h * n * (n + 1) / 2.0, c.balls()[t].y(), 1e-12, "frame " + t);
            assertEquals(n * W.gravity() * h, c.balls()[t].vy(), 1e-12);
            assertEquals(16, c.balls()[t].x(), 0.0);
        }
    }

    @Test
    void wallsAndFloorReflectWithoutLosingHorizontalSpeed() {
        Random rng = new Random(3);
        for (int i = 0; i < 50; i++) {
            BallWorld.Ball start = W.start(EMPTY, rng);
            BallWorld.Clip c = W.frames(64).simulate(EMPTY, start, BallWorld.Event.none());
            for (BallWorld.Ball b : c.balls()) {
                assertEquals(Math.abs(start.vx()), Math.abs(b.vx()), 1e-12);
                assertTrue(b.x() >= b.radius() - 1e-9 && b.x() <= W.size() - b.radius() + 1e-9, "inside the box: " + b);
                assertTrue(b.y() >= b.radius() - 1e-9 && b.y() <= W.size() - b.radius() + 1e-9, "inside the box: " + b);
            }
        }
    }

    @Test
    void withoutGravityTheSpeedIsConservedThroughEveryBounce() {
        BallWorld flat = W.gravity(0).frames(64);
        Random rng = new Random(8);
        for (int i = 0; i < 50; i++) {
            BallWorld.Scene scene = flat.scene(rng, true, true);          // walls, floor and shelf all bounce
            BallWorld.Ball start = flat.start(scene, rng);
            double speed = Math.hypot(start.vx(), start.vy());
            for (BallWorld.Ball b : flat.simulate(scene, start, BallWorld.Event.none()).balls()) {
                assertEquals(speed, Math.hypot(b.vx(), b.vy()), 1e-12, "elastic: kinetic energy unchanged");
            }
        }
    }

    @Test
    void possibleClipsNeverEnterAWallTheShelfOrThePeg() {
        PhysicsClips clips = PhysicsClips.of(W.frames(64), 300, 4);
        for (int i = 0; i < 300; i++) {
            BallWorld.Clip c = clips.clip(i);
            BallWorld.Scene s = c.scene();
            for (BallWorld.Ball b : c.balls()) {
                double r = b.radius() - 1e-9;
                assertTrue(b.x() >= r && b.x() <= W.size() - r && b.y() >= r && b.y() <= W.size() - r, "clip " + i + ": " + b);
                if (s.shelf()) assertFalse(W.touchesShelf(s, b.x(), b.y(), r), "clip " + i + " inside the shelf: " + b);
                if (s.peg() != null) assertTrue(Math.hypot(b.x() - s.peg().x(), b.y() - s.peg().y()) >= r + 1, "clip " + i + " inside the peg");
            }
        }
    }

    @Test
    void theShelfIsSolidUnlessTheEventMakesItAGhost() {
        BallWorld.Scene shelf = new BallWorld.Scene(false, 0, true, 12, 20);
        BallWorld.Ball above = new BallWorld.Ball(16, 5, 0, 0, 2.5, true);
        BallWorld.Clip solid = W.simulate(shelf, above, BallWorld.Event.none());
        BallWorld.Clip ghost = W.simulate(shelf, above, new BallWorld.Event(Integer.MAX_VALUE, false, 0, 0, 1, true));
        boolean bounced = false, passed = false;
        for (int t = 0; t < W.frames(); t++) {
            BallWorld.Ball b = solid.balls()[t];
            assertTrue(b.y() <= 20 - 2.5 + 1e-9, "the ball stays above the shelf at frame " + t + ": " + b);
            bounced |= b.vy() < 0;
            passed |= ghost.balls()[t].y() > 23;
        }
        assertTrue(bounced, "the ball bounces off the shelf");
        assertTrue(passed, "the ghost shelf lets the ball through");
    }

    @Test
    void theOccluderHidesABallBehindItAndNothingElse() {
        BallWorld.Scene occ = new BallWorld.Scene(true, 12, false, 0, 0);
        BallWorld.Ball behind = new BallWorld.Ball(16, 10, 0, 0, 2.5, true), gone = new BallWorld.Ball(16, 10, 0, 0, 2.5, false);
        BallWorld.Ball beside = new BallWorld.Ball(5, 10, 0, 0, 2.5, true);
        assertTrue(W.hidden(occ, behind));
        assertFalse(W.hidden(occ, beside));
        assertArrayEquals(W.render(occ, gone), W.render(occ, behind), "a hidden ball leaves no pixel");
        assertFalse(java.util.Arrays.equals(W.render(occ, gone), W.render(occ, beside)));
        float[] f = W.render(EMPTY, beside);
        double mass = 0;
        for (float v : f) {
            assertTrue(v >= 0 && v <= 1);
            mass += v;
        }
        assertEquals(Math.PI * 2.5 * 2.5, mass, 2.0, "the disc's pixel mass is about its area");
    }

    @Test
    void occludedClipsPassBehindTheOccluderAndComeOutAndTheRateOnlyAddsThem() {
        PhysicsClips plain = PhysicsClips.of(W, 40, 5), none = plain.occlusions(0), all = plain.occlusions(1);
        int plainOccluded = 0;
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(plain.clip(i).frames(), none.clip(i).frames(), "rate 0 is the default data set, clip " + i);
            if (passesBehind(plain.clip(i))) plainOccluded++;
            BallWorld.Clip c = all.clip(i);
            assertTrue(passesBehind(c), "clip " + i + " at rate 1 passes behind the occluder and comes out");
            assertFalse(c.scene().shelf());
            for (BallWorld.Ball b : c.balls()) assertTrue(b.visible(), "an occluded clip is possible: the ball never vanishes");
        }
        assertTrue(plainOccluded < 40, "the default mix is not all occlusions");
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> plain.occlusions(1.5));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> plain.occlusions(Double.NaN));
    }

    /** Hidden at a frame in 3 … T − 4 and not hidden at a later frame. */
    private static boolean passesBehind(BallWorld.Clip c) {
        int t = c.frames().length, hidden = -1;
        for (int f = 3; f <= t - 4 && hidden < 0; f++) if (W.hidden(c.scene(), c.balls()[f])) hidden = f;
        for (int f = hidden + 1; hidden >= 0 && f < t; f++) if (!W.hidden(c.scene(), c.balls()[f])) return true;
        return false;
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> W.frames(3));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> W.size(8));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> W.gravity(Double.NaN));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> PhysicsClips.of(W, 10, 1).window(40));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> PhysicsClips.of(W, 0, 1));
    }
}
