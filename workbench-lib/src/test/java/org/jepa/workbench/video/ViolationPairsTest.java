package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Matched pairs: identical before the event, different at it, and the law broken is the one named. */
class ViolationPairsTest {
    static final BallWorld W = BallWorld.defaults();
    static final ViolationPairs SET = ViolationPairs.of(W, 40, 5);

    @Test
    void pairsAreIdenticalBeforeTheEventAndDifferAtIt() {
        for (Violation v : Violation.values()) {
            assertEquals(40, SET.pairs(v).size());
            for (ViolationPairs.Pair p : SET.pairs(v)) {
                int e = p.eventFrame();
                assertTrue(e >= 4 && e <= W.frames() - 3, v + ": event frame " + e);
                for (int t = 0; t < e; t++) assertArrayEquals(p.possible().frames()[t], p.impossible().frames()[t], v + " frame " + t);
                assertFalse(Arrays.equals(p.possible().frames()[e], p.impossible().frames()[e]), v + ": the event frame differs");
                assertEquals(p.possible().scene(), p.impossible().scene());
            }
        }
    }

    @Test
    void eachImpossibleClipBreaksItsLaw() {
        for (ViolationPairs.Pair p : SET.pairs(Violation.PERMANENCE)) {
            BallWorld.Ball[] b = p.impossible().balls();
            assertFalse(b[b.length - 1].visible(), "the ball never comes back");
            assertTrue(p.possible().balls()[b.length - 1].visible());
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.CONTINUITY)) {
            int e = p.eventFrame();
            BallWorld.Ball a = p.possible().balls()[e], b = p.impossible().balls()[e];
            assertEquals(10, Math.hypot(b.x() - a.x(), b.y() - a.y()), 1e-9, "a 10 px jump");
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.SIZE)) {
            int e = p.eventFrame();
            assertEquals(1.6 * p.possible().balls()[e].radius(), p.impossible().balls()[e].radius(), 1e-12);
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.SOLIDITY)) {
            BallWorld.Scene s = p.impossible().scene();
            boolean inside = false;
            for (BallWorld.Ball b : p.impossible().balls()) inside |= W.touchesShelf(s, b.x(), b.y(), b.radius());
            for (BallWorld.Ball b : p.possible().balls()) assertFalse(W.touchesShelf(s, b.x(), b.y(), b.radius() - 0.01));
            assertTrue(inside, "the impossible ball overlaps the shelf");
        }
    }

    @Test
    void thePermanenceBallIsSeenMovingBeforeItVanishesAndSeenAgainInThePossibleClip() {
        for (ViolationPairs.Pair p : SET.pairs(Violation.PERMANENCE)) {
            BallWorld.Ball[] b = p.impossible().balls();
            int vanish = 0;
            while (b[vanish].visible()) vanish++;
            assertTrue(vanish >= 3, "the ball is seen for at least 3 frames before it vanishes, got " + vanish);
            for (int t = 0; t < p.eventFrame(); t++) {
                BallWorld.Ball a = p.possible().balls()[t];
                float[] without = W.render(p.possible().scene(), new BallWorld.Ball(a.x(), a.y(), a.vx(), a.vy(), a.radius(), false));
                assertEquals(t < vanish, !Arrays.equals(p.possible().frames()[t], without),
                        "frame " + t + ": the ball shows before frame " + vanish + " and not from it until it comes out at " + p.eventFrame());
            }
        }
    }

    @Test
    void permanencePairsCarryIntPhysControlPairWithTheSamePixelsInSum() {
        for (ViolationPairs.Pair p : SET.pairs(Violation.PERMANENCE)) {
            ViolationPairs.Pair c = p.complement();
            assertNotNull(c, "every permanence pair has its control pair");
            assertEquals(p.eventFrame(), c.eventFrame(), "the control pair parts where the pair does");
            int e = c.eventFrame();
            for (int t = 0; t < e; t++) assertArrayEquals(c.possible().frames()[t], c.impossible().frames()[t], "frame " + t);
            assertFalse(Arrays.equals(c.possible().frames()[e], c.impossible().frames()[e]));
            for (BallWorld.Ball b : c.possible().balls()) assertFalse(b.visible(), "no ball in the possible control clip");
            BallWorld.Ball[] appears = c.impossible().balls();
            assertFalse(appears[0].visible(), "no ball at first");
            assertTrue(appears[appears.length - 1].visible(), "then a ball");
            for (int t = 0; t < W.frames(); t++) {
                float[] a = p.possible().frames()[t], b = c.possible().frames()[t], x = p.impossible().frames()[t], y = c.impossible().frames()[t];
                for (int j = 0; j < a.length; j++) assertEquals(a[j] + b[j], x[j] + y[j], 0f, "frame " + t + " pixel " + j);
            }
        }
        for (Violation v : new Violation[] {Violation.CONTINUITY, Violation.SOLIDITY, Violation.SIZE})
            for (ViolationPairs.Pair p : SET.pairs(v)) assertNull(p.complement(), v + " pairs need no control pair");
    }

    @Test
    void eachGeneratorChangesOnlyWhatItClaims() {
        for (ViolationPairs.Pair p : SET.pairs(Violation.PERMANENCE)) {
            for (int t = 0; t < W.frames(); t++) {
                BallWorld.Ball a = p.possible().balls()[t], b = p.impossible().balls()[t];
                assertEquals(a.x(), b.x(), 0.0);
                assertEquals(a.y(), b.y(), 0.0);
                assertEquals(a.radius(), b.radius(), 0.0, "the ball moves on unseen; only its existence changes");
            }
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.SIZE)) {
            // growth does not move the ball — until the bigger ball meets a wall sooner and bounces earlier
            for (int t = 0; t < W.frames(); t++) {
                BallWorld.Ball a = p.possible().balls()[t], b = p.impossible().balls()[t];
                assertTrue(b.visible());
                double edge = Math.min(Math.min(b.x(), W.size() - b.x()), Math.min(b.y(), W.size() - b.y())) - b.radius();
                if (t > p.eventFrame() && (edge < 3 || a.vx() != b.vx() || a.vy() != b.vy())) break;
                assertEquals(a.x(), b.x(), 0.0, "frame " + t);
                assertEquals(a.y(), b.y(), 0.0);
            }
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.CONTINUITY)) {
            int e = p.eventFrame();
            BallWorld.Ball a = p.possible().balls()[e], b = p.impossible().balls()[e];
            assertEquals(a.vx(), b.vx(), 0.0, "a jump keeps the velocity");
            assertEquals(a.vy(), b.vy(), 0.0);
            assertEquals(a.radius(), b.radius(), 0.0);
        }
        for (ViolationPairs.Pair p : SET.pairs(Violation.SOLIDITY)) {
            for (int t = 0; t < p.eventFrame(); t++) assertEquals(p.possible().balls()[t], p.impossible().balls()[t]);
        }
    }

    @Test
    void theSetIsReproducibleBySeed() {
        ViolationPairs again = ViolationPairs.of(W, 40, 5), other = ViolationPairs.of(W, 40, 6);
        for (Violation v : Violation.values()) {
            for (int i = 0; i < 40; i++) {
                assertArrayEquals(SET.pairs(v).get(i).impossible().frames(), again.pairs(v).get(i).impossible().frames());
            }
            assertFalse(Arrays.deepEquals(SET.pairs(v).get(0).possible().frames(), other.pairs(v).get(0).possible().frames()));
        }
        Table t = SET.summary();
        assertEquals(4, t.rowCount());
        for (double c : t.doubleColumn("pixels changed per frame after it").asDoubleArray()) assertTrue(c > 3, "the event is visible");
    }

    @Test
    void subsetsAndBadRequestsAreHandled() {
        ViolationPairs one = ViolationPairs.of(W, 3, 1, Violation.SIZE);
        assertEquals(java.util.List.of(Violation.SIZE), one.types());
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> one.pairs(Violation.SOLIDITY));
        assertThrows(org.jepa.workbench.WorkbenchException.class, () -> ViolationPairs.of(W, 0, 1));
    }
}
