package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every energy and loss is gradient-checked in float64 with GradCheckUtil (inputs as VARIABLEs, since
 * GradCheckUtil NPEs on placeholders), and the losses are checked against hand-computed values.
 */
class EnergyGradientCheckTest {
    private static DataType prevDefault, prevFloat;

    @BeforeAll
    static void doublePrecision() {
        // GradCheckUtil insists on float64 as ND4J's global default
        prevDefault = Nd4j.dataType();
        prevFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(prevDefault, prevFloat);
    }

    private static INDArray rand(long seed, int r, int c, double lo, double hi) {
        Random g = new Random(seed);
        double[][] a = new double[r][c];
        for (double[] row : a) for (int j = 0; j < c; j++) row[j] = lo + (hi - lo) * g.nextDouble();
        return Nd4j.createFromArray(a);
    }

    private static boolean check(SameDiff sd) {
        return GradCheckUtil.checkGradients(sd, Map.of(), 1e-6, 1e-5, 1e-9, true, false);
    }

    @Test
    void mlpEnergyAndConditionalMlpEnergy() {
        MlpEnergy e = MlpEnergy.of(2, 1, 8, 8);
        SameDiff sd = SameDiff.create();
        SDVariable y = sd.var("yin", rand(1, 5, 2, -2, 2));
        e.energy(new org.jepa.workbench.model.Graph(sd, e.parameters()), y).sum().rename("l");
        sd.setLossVariables("l");
        assertTrue(check(sd));

        MlpEnergy c = MlpEnergy.conditional(1, 2, 2, 8);
        SameDiff sd2 = SameDiff.create();
        SDVariable v = sd2.var("vin", rand(2, 4, 3, -2, 2));
        c.energy(new org.jepa.workbench.model.Graph(sd2, c.parameters()), v).mul(c.energy(new org.jepa.workbench.model.Graph(sd2, c.parameters()), v)).mean().rename("l");
        sd2.setLossVariables("l");
        assertTrue(check(sd2));
    }

    private static void checkLatent(LatentVariableEnergy m, INDArray x) {
        SameDiff sd = SameDiff.create();
        SDVariable xv = x == null ? null : sd.var("xin", x);
        SDVariable y = sd.var("yin", rand(3, 5, m.yDim(), -2, 2));
        // keep z away from 0 so |z| (L1) is differentiable at the check points
        SDVariable z = sd.var("zin", rand(4, 5, m.zDim(), 0.2, 1.5));
        m.energy(new org.jepa.workbench.model.Graph(sd, m.parameters()), xv, y, z).sum().rename("l");
        sd.setLossVariables("l");
        assertTrue(check(sd), m.name());
    }

    @Test
    void latentEnergiesWithEachDecoder() {
        checkLatent(LatentVariableEnergy.builder(new EllipseDecoder(1.7, 1.2)).build(), null);
        checkLatent(LatentVariableEnergy.builder(MlpDecoder.of(1, 3, 8)).build(), null);
        checkLatent(LatentVariableEnergy.builder(MlpDecoder.of(2, 3, 8)).l1(0.3).zRange(-2, 2).build(), null);
        checkLatent(LatentVariableEnergy.builder(new HornDecoder(5, 8)).build(), rand(6, 5, 1, 0, 1));
        // Into ℝ^7: the dimension-argument experiment's decoder (ManifoldSeparation) in a higher ambient space.
        checkLatent(LatentVariableEnergy.builder(MlpDecoder.into(7, 1, 3, 8)).build(), null);
    }

    private static void checkLoss(ContrastiveLoss loss) {
        MlpEnergy e = MlpEnergy.of(2, 7, 8);
        SameDiff sd = SameDiff.create();
        SDVariable pos = sd.var("pos", rand(8, 3, 2, -2, 2));
        SDVariable neg = sd.var("neg", rand(9, 6, 2, -3, 3));
        loss.loss(sd, e.energy(new org.jepa.workbench.model.Graph(sd, e.parameters()), pos), e.energy(new org.jepa.workbench.model.Graph(sd, e.parameters()), neg).reshape(-1, 2)).rename("l");
        sd.setLossVariables("l");
        assertTrue(check(sd), loss.name());
    }

    @Test
    void contrastiveLossesGradientCheck() {
        // margins chosen so that hinge terms are active (non-zero) at the random init
        checkLoss(new HingeLoss(5));
        checkLoss(new SquareSquareLoss(5));
        checkLoss(new SoftmaxLoss(0.7));
    }

    private static double value(ContrastiveLoss loss, double[] ePos, double[][] eNeg) {
        SameDiff sd = SameDiff.create();
        SDVariable p = sd.var("p", Nd4j.createFromArray(ePos));
        SDVariable n = sd.var("n", Nd4j.createFromArray(eNeg));
        SDVariable l = loss.loss(sd, p, n);
        return l.eval().getDouble(0);
    }

    @Test
    void lossesMatchHandComputedValues() {
        double[] p = {0.5, -1.0};
        double[][] n = {{1.0, 2.0}, {-0.5, 3.0}};
        // hinge m=1: max(0,1+0.5-1)=0.5, max(0,1+0.5-2)=0, max(0,1-1+0.5)=0.5, max(0,1-1-3)=0 → mean 0.25
        assertEquals(0.25, value(new HingeLoss(1), p, n), 1e-12);
        // square-square m=1: mean(0.25, 1) = 0.625; relu(1-n)^2: 0, 0, 2.25, 0 → 0.5625; total 1.1875
        assertEquals(1.1875, value(new SquareSquareLoss(1), p, n), 1e-12);
        // softmax T=1: row i: E_i + log(exp(-E_i) + Σ exp(-E_ik))
        double r0 = 0.5 + Math.log(Math.exp(-0.5) + Math.exp(-1) + Math.exp(-2));
        double r1 = -1.0 + Math.log(Math.exp(1) + Math.exp(0.5) + Math.exp(-3));
        assertEquals((r0 + r1) / 2, value(new SoftmaxLoss(1), p, n), 1e-10);
        double t = 0.5;
        double q0 = 0.5 / t + Math.log(Math.exp(-0.5 / t) + Math.exp(-1 / t) + Math.exp(-2 / t));
        double q1 = -1.0 / t + Math.log(Math.exp(1 / t) + Math.exp(0.5 / t) + Math.exp(-3 / t));
        assertEquals((q0 + q1) / 2, value(new SoftmaxLoss(t), p, n), 1e-10);
    }

    @Test
    void inputGradientsMatchFiniteDifferences() {
        MlpEnergy e = MlpEnergy.of(2, 11, 16);
        double[][] y = {{0.3, -0.7}, {1.2, 0.4}};
        double[][] g = e.gradients(y);
        double h = 1e-6;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) {
                double[] a = y[i].clone(), b = y[i].clone();
                a[j] += h;
                b[j] -= h;
                assertEquals((e.energy(a) - e.energy(b)) / (2 * h), g[i][j], 1e-6);
            }
        // conditional view: gradient w.r.t. y only
        MlpEnergy c = MlpEnergy.conditional(1, 2, 12, 8);
        Energy at = c.at(0.4);
        double[] g2 = at.gradients(new double[][] {{0.1, 0.2}})[0];
        double fd = (at.energy(0.1 + h, 0.2) - at.energy(0.1 - h, 0.2)) / (2 * h);
        assertEquals(fd, g2[0], 1e-6);
        assertEquals(c.energy(0.4, 0.1, 0.2), at.energy(0.1, 0.2), 1e-12);
    }
}
