package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.junit.jupiter.api.Test;

/** Surprise against hand-computed values (a "model" that predicts no change in pixels), and bad input. */
class SurpriseTest {
    static final int P = 4;

    /** Identity encoder and identity predictor: the prediction of tubelet t + 1 is tubelet t. */
    static Jepa noChange(int c) {
        return Jepa.builder().name("no change").encoder(Module.identity((long) c * P)).predictor(Predictor.identity((long) c * P))
                .cost(EmbeddingPrediction.defaults()).seed(1).build();
    }

    static float[][][] clips(int n, int t, long seed) {
        Random r = new Random(seed);
        float[][][] c = new float[n][t][P];
        for (float[][] clip : c) for (float[] f : clip) for (int j = 0; j < P; j++) f[j] = r.nextFloat();
        return c;
    }

    static double sq(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - (double) b[j]) * (a[j] - (double) b[j]);
        return s;
    }

    @Test
    void surpriseOfANoChangeModelIsTheMeanSquaredChangeOfTheTubelet() {
        float[][][] c = clips(3, 7, 1);
        for (int horizon = 1; horizon <= 2; horizon++) {
            double[][] s = Surprise.perFrame(noChange(2), c, horizon);
            assertEquals(3, s.length);
            assertEquals(7 - 2 - horizon + 1, s[0].length);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < s[i].length; j++) {
                    // tubelet j = frames (j, j+1) predicts tubelet j + horizon = frames (j+h, j+h+1)
                    double want = (sq(c[i][j], c[i][j + horizon]) + sq(c[i][j + 1], c[i][j + 1 + horizon])) / (2 * P);
                    assertEquals(want, s[i][j], 1e-6, "clip " + i + ", entry " + j + ", horizon " + horizon);
                }
            }
        }
        assertEquals(2, Surprise.tubeletFrames(noChange(2), P));
        assertEquals(Surprise.Score.MAX.of(new double[] {1, 3, 2}), 3.0);
        assertEquals(Surprise.Score.MEAN.of(new double[] {1, 3, 2}), 2.0);
    }

    @Test
    void surpriseOverASpanIsTheMeanOfTheHorizonsFromEachContext() {
        float[][][] c = clips(3, 8, 6);
        for (int m = 1; m <= 3; m++) {
            double[][] s = Surprise.span(noChange(2), c, m);
            assertEquals(8 - 2 - m + 1, s[0].length);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < s[i].length; j++) {
                    // the no-change model predicts tubelet j at every horizon k = 1 … m: mean of the m errors
                    double want = 0;
                    for (int k = 1; k <= m; k++) want += (sq(c[i][j], c[i][j + k]) + sq(c[i][j + 1], c[i][j + 1 + k])) / (2 * P);
                    assertEquals(want / m, s[i][j], 1e-6, "clip " + i + ", context " + j + ", span " + m);
                }
            }
        }
        assertThrows(WorkbenchException.class, () -> Surprise.span(noChange(2), c, 0));
        assertThrows(WorkbenchException.class, () -> Surprise.span(noChange(2), c, 7), "a span past the clip");
    }

    @Test
    void badClipsGetOneClearMessage() {
        Jepa m = noChange(2);
        assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, new float[0][][]), "empty set");
        float[][][] wrongSize = new float[2][6][P - 1];
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, wrongSize));
        assertTrue(e.getMessage().contains("frame size"), e.getMessage());
        float[][][] ragged = clips(2, 6, 2);
        ragged[1] = clips(1, 5, 3)[0];
        assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, ragged), "clips of different lengths");
        float[][][] nan = clips(2, 6, 4);
        nan[1][3][2] = Float.NaN;
        e = assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, nan));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, clips(1, 2, 5)), "too short for one prediction");
        assertThrows(WorkbenchException.class, () -> Surprise.perFrame(m, clips(1, 6, 5), 5), "horizon past the clip");
    }
}
