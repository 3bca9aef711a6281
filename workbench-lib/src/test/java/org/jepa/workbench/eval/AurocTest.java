package org.jepa.workbench.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;

/** AUROC and pairwise accuracy against hand counts and the brute-force definition. */
class AurocTest {
    @Test
    void handComputedValues() {
        // positives 2.5 and 4 against negatives 1, 2, 3: 2.5 beats two, 4 beats three → 5/6
        assertEquals(5.0 / 6, Auroc.of(new double[] {3, 1, 2}, new double[] {2.5, 4}), 1e-15);
        assertEquals(0.5, Auroc.of(new double[] {1, 1}, new double[] {1}), 1e-15, "ties count one half");
        assertEquals(1.0, Auroc.of(new double[] {0}, new double[] {1, 2}), 0.0);
        assertEquals(0.0, Auroc.of(new double[] {5}, new double[] {1, 2}), 0.0);
        // pairs (1, 2), (3, 1), (2, 2): one win, one loss, one tie
        assertEquals(0.5, Auroc.pairwise(new double[] {1, 3, 2}, new double[] {2, 1, 2}), 1e-15);
    }

    @Test
    void agreesWithTheBruteForceDefinition() {
        Random r = new Random(4);
        double[] neg = new double[300], pos = new double[200];
        for (int i = 0; i < neg.length; i++) neg[i] = Math.round(r.nextGaussian() * 4) / 4.0;      // many ties
        for (int i = 0; i < pos.length; i++) pos[i] = Math.round((r.nextGaussian() + 0.7) * 4) / 4.0;
        double wins = 0;
        for (double p : pos) for (double n : neg) wins += p > n ? 1 : p == n ? 0.5 : 0;
        assertEquals(wins / (neg.length * (double) pos.length), Auroc.of(neg, pos), 1e-12);
    }

    @Test
    void emptyOrNonFiniteScoresAreRefused() {
        assertThrows(WorkbenchException.class, () -> Auroc.of(new double[0], new double[] {1}));
        assertThrows(WorkbenchException.class, () -> Auroc.of(new double[] {1}, new double[] {Double.NaN}));
        assertThrows(WorkbenchException.class, () -> Auroc.pairwise(new double[] {1, 2}, new double[] {1}));
    }
}
