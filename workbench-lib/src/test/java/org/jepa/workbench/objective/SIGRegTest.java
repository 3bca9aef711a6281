package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.ObjectiveTestSupport.*;
import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SIGRegTest {

    static double[] project(double[][] z, double[][] dirs, int k) {
        double[] x = new double[z.length];
        for (int n = 0; n < z.length; n++) for (int r = 0; r < dirs.length; r++) x[n] += z[n][r] * dirs[r][k];
        return x;
    }

    /** Epps–Pulley by the 17-knot trapezoid rule on [0, 3], doubled, times N; written from the formula. */
    static double eppsPulleyTrapezoid(double[] x) {
        int n = x.length, knots = 17;
        double h = 3.0 / (knots - 1), integral = 0;
        for (int j = 0; j < knots; j++) {
            double t = j * h, c = 0, s = 0;
            for (double v : x) {
                c += Math.cos(t * v) / n;
                s += Math.sin(t * v) / n;
            }
            double phi = Math.exp(-t * t / 2);
            double f = ((c - phi) * (c - phi) + s * s) * phi;
            integral += (j == 0 || j == knots - 1 ? 0.5 : 1.0) * h * f;
        }
        return n * 2 * integral;
    }

    /**
     * The exact Epps–Pulley statistic over the whole real line, from the closed form
     * N [ √(2π)/N² Σ_nm e^{−(x_n−x_m)²/2} − 2√π/N Σ_n e^{−x_n²/4} + √(2π/3) ].
     */
    static double eppsPulleyExact(double[] x) {
        int n = x.length;
        double pair = 0, single = 0;
        for (double a : x) {
            single += Math.exp(-a * a / 4);
            for (double b : x) pair += Math.exp(-(a - b) * (a - b) / 2);
        }
        return n * (Math.sqrt(2 * Math.PI) * pair / ((double) n * n) - 2 * Math.sqrt(Math.PI) * single / n + Math.sqrt(2 * Math.PI / 3));
    }

    static double[][] unitColumns(long seed, int d, int k) {
        INDArray m = IsotropicGaussian.randomDirections(new Random(seed), d, k, DataType.DOUBLE);
        return m.toDoubleMatrix();
    }

    @Test
    void matchesIndependentQuadratureAndTheClosedFormIntegral() {
        double[][] a = gaussian(41, 7, 3, 0.8);
        double[][] b = plus(a, gaussian(42, 7, 3, 1), 0.5);
        double[][] dirs = unitColumns(43, 3, 5);
        double lambda = 0.3;
        Map<String, Double> t = evaluate(SIGReg.defaults().lambda(lambda).fixedDirections(Nd4j.createFromArray(dirs)), a, b);
        assertEquals(List.of("invariance", "sigreg"), List.copyOf(t.keySet()));

        double quad = 0, exact = 0;
        for (double[][] z : List.of(a, b))
            for (int k = 0; k < 5; k++) {
                quad += eppsPulleyTrapezoid(project(z, dirs, k)) / 10;
                exact += eppsPulleyExact(project(z, dirs, k)) / 10;
            }
        assertEquals(lambda * quad, t.get("sigreg"), 1e-10);
        // The 17-knot rule on [0, 3] against the whole-line integral: the dropped tail is at most
        // 2·N·∫_3^∞ 4e^{−t²/2} dt = N·0.0271 (integrand ≤ 4e^{−t²/2}); the trapezoid error is far smaller.
        double tailBound = 7 * 8 * Math.sqrt(Math.PI / 2) * 0.0026997960632601866;
        System.out.printf("SIGReg N=7: quadrature %.6f, exact integral %.6f, |diff| %.2e (tail bound %.3f)%n",
                quad, exact, Math.abs(quad - exact), tailBound);
        assertEquals(exact, quad, tailBound);

        double mse = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < 3; j++) mse += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]) / 21;
        // Squared distance to the mean of the two views = MSE/4.
        assertEquals((1 - lambda) * mse / 4, t.get("invariance"), 1e-12);
    }

    @Test
    void smallForGaussianSamplesLargeForCollapse() {
        int n = 2000, d = 8, k = 64;
        double[][] g = gaussian(44, n, d, 1);
        INDArray dirs = IsotropicGaussian.randomDirections(new Random(45), d, k, DataType.DOUBLE);
        SIGReg obj = SIGReg.defaults().lambda(1).fixedDirections(dirs);
        double gauss = evaluate(obj, g, g).get("sigreg");
        double[][] collapsed = new double[n][d];
        double col = evaluate(obj, collapsed, collapsed).get("sigreg");
        // Null expectation of T per direction: ∫ (1 − e^{−t²}) e^{−t²/2} dt = √(2π) − √(2π/3) ≈ 1.06, any N.
        // Collapse at 0: T = N · 2∫_0^3 (1 − e^{−t²/2})² e^{−t²/2} dt ≈ 0.409 N.
        double collapsedExpected = eppsPulleyTrapezoid(new double[n]);
        System.out.printf("SIGReg N=%d D=%d K=%d: gaussian %.4f, collapsed %.2f%n", n, d, k, gauss, col);
        assertTrue(gauss < 2.0, "Gaussian sample should give a small statistic, got " + gauss);
        assertEquals(collapsedExpected, col, 1e-9 * collapsedExpected);
        assertTrue(col > 100 * gauss);
    }

    @Test
    void placeholderPathWithStepFeedsEqualsFixedDirectionsInFloat32() {
        double[][] a = gaussian(46, 16, 6, 1);
        double[][] b = plus(a, gaussian(47, 16, 6, 1), 0.2);
        SIGReg sig = SIGReg.defaults().directions(32);
        SameDiff sd = SameDiff.create();
        SDVariable za = sd.var("za", array(a, DataType.FLOAT));
        SDVariable zb = sd.var("zb", array(b, DataType.FLOAT));
        Graph g = new Graph(sd, DataType.FLOAT, 0);
        Map<String, SDVariable> terms = sig.terms(g, za, zb, 6);
        Map<String, INDArray> feeds = g.drawStepInputs(new Random(48));
        INDArray dirs = feeds.get(IsotropicGaussian.DIRECTIONS);
        assertArrayEquals(new long[] {6, 32}, dirs.shape());
        assertEquals(DataType.FLOAT, dirs.dataType());
        assertEquals(1.0, dirs.norm2(0).minNumber().doubleValue(), 1e-6);
        assertEquals(1.0, dirs.norm2(0).maxNumber().doubleValue(), 1e-6);
        // Deterministic given the rng; a second step draws new directions.
        assertEquals(dirs, g.drawStepInputs(new Random(48)).get(IsotropicGaussian.DIRECTIONS));
        Random stream = new Random(48);
        INDArray first = g.drawStepInputs(stream).get(IsotropicGaussian.DIRECTIONS);
        assertNotEquals(first, g.drawStepInputs(stream).get(IsotropicGaussian.DIRECTIONS));
        // The same instance serves a second graph (it keeps no graph state): same value there.
        SameDiff sd2 = SameDiff.create();
        Graph g2 = new Graph(sd2, DataType.FLOAT, 0);
        Map<String, SDVariable> terms2 = sig.terms(g2, sd2.var("za", array(a, DataType.FLOAT)), sd2.var("zb", array(b, DataType.FLOAT)), 6);
        String name2 = terms2.get("sigreg").name();
        assertEquals(sd.output(feeds, terms.get("sigreg").name()).get(terms.get("sigreg").name()).getDouble(0),
                sd2.output(g2.drawStepInputs(new Random(48)), name2).get(name2).getDouble(0), 0.0);

        String name = terms.get("sigreg").name();
        double viaPlaceholder = sd.output(feeds, name).get(name).getDouble(0);
        double viaConstant = evaluate(SIGReg.defaults().fixedDirections(dirs), a, b, DataType.FLOAT, null).get("sigreg");
        double inDouble = evaluate(SIGReg.defaults().fixedDirections(dirs.castTo(DataType.DOUBLE)), a, b).get("sigreg");
        assertEquals(viaConstant, viaPlaceholder, 1e-6);
        assertEquals(inDouble, viaPlaceholder, 1e-4 * Math.abs(inDouble));
    }

    @Test
    void gradientCheckInDouble() {
        double[][] a = gaussian(49, 6, 4, 1);
        double[][] b = plus(a, gaussian(50, 6, 4, 1), 0.5);
        SIGReg obj = SIGReg.defaults().lambda(0.5).fixedDirections(Nd4j.createFromArray(unitColumns(51, 4, 5)));
        assertTrue(gradCheck(obj, a, b));
    }

    @Test
    void badHyperParametersAndBatchOfOne() {
        assertMessage(() -> SIGReg.defaults().lambda(-0.1), "lambda");
        assertMessage(() -> SIGReg.defaults().lambda(1.5), "lambda");
        assertMessage(() -> SIGReg.defaults().directions(0), "directions");
        assertMessage(() -> SIGReg.defaults().knots(16), "knots");
        assertMessage(() -> SIGReg.defaults().tMax(0), "tMax");
        assertMessage(() -> SIGReg.defaults().validate(1, 4), "sigreg", "batch size 1");
        assertMessage(() -> SIGReg.defaults().fixedDirections(Nd4j.ones(DataType.DOUBLE, 3, 2)).validate(8, 4), "dimension 4");
    }
}
