package org.jepa.workbench.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ridge probe against closed forms: an exact affine map is recovered; R² of a known noise level. */
class RegressionProbeTest {

    static double[][] features(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = 3 * r.nextGaussian() + j;
        return x;
    }

    @Test
    void recoversAnExactAffineMap() {
        double[][] x = features(200, 3, 1);
        double[][] y = new double[200][2];
        for (int i = 0; i < 200; i++) {
            y[i][0] = 2 * x[i][0] - x[i][2] + 5;
            y[i][1] = 0.5 * x[i][1] - 1;
        }
        RegressionProbe p = RegressionProbe.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(y), 0);
        INDArray[] ab = p.affine();
        assertEquals(2, ab[0].getDouble(0, 0), 1e-6);
        assertEquals(-1, ab[0].getDouble(2, 0), 1e-6);
        assertEquals(0.5, ab[0].getDouble(1, 1), 1e-6);
        assertEquals(5, ab[1].getDouble(0), 1e-5);
        assertEquals(-1, ab[1].getDouble(1), 1e-5);
        double[][] xt = features(50, 3, 2);
        double[][] yt = new double[50][2];
        for (int i = 0; i < 50; i++) {
            yt[i][0] = 2 * xt[i][0] - xt[i][2] + 5;
            yt[i][1] = 0.5 * xt[i][1] - 1;
        }
        assertEquals(0, p.rmse(Nd4j.createFromArray(xt), Nd4j.createFromArray(yt)), 1e-6);
        assertArrayEquals(new double[] {1, 1}, p.r2(Nd4j.createFromArray(xt), Nd4j.createFromArray(yt)), 1e-9);
    }

    @Test
    void rSquaredMatchesTheSignalToNoiseRatio() {
        // y = x + ε with Var x = 9, Var ε = 1: R² = 9 / 10
        Random r = new Random(3);
        int n = 20000;
        double[][] x = new double[n][1], y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = 3 * r.nextGaussian();
            y[i][0] = x[i][0] + r.nextGaussian();
        }
        RegressionProbe p = RegressionProbe.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        assertEquals(0.9, p.r2(Nd4j.createFromArray(x), Nd4j.createFromArray(y))[0], 0.01);
        assertEquals(1.0, p.rmse(Nd4j.createFromArray(x), Nd4j.createFromArray(y)), 0.02);
    }

    @Test
    void badInputIsOneClearError() {
        assertThrows(WorkbenchException.class, () -> RegressionProbe.fit(Nd4j.zeros(5, 2), Nd4j.zeros(4, 2)));
        assertThrows(WorkbenchException.class, () -> RegressionProbe.fit(Nd4j.zeros(5, 2), Nd4j.zeros(5, 2), -1));
        RegressionProbe p = RegressionProbe.fit(Nd4j.rand(10, 2), Nd4j.rand(10, 1));
        assertThrows(WorkbenchException.class, () -> p.predict(Nd4j.zeros(3, 5)));
    }
}
