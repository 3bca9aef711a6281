package org.jepa.workbench.jepa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.Covariance;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.objective.Variance;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The seam the world model builds on: a point on a line, seen as a Gaussian bump on 16 pixels, moved by
 * 1-D actions (x' = clip(x + a, 0, 1)). An action-conditioned JEPA learns it through {@code unroll} with a
 * 4-step autoregressive rollout loss, and the same {@code unroll} — through {@link Jepa#rollout} — picks,
 * among candidate action sequences, the one that reaches a goal.
 */
class ToyWorldModelTest {
    static final int PIXELS = 16;
    static final int FRAMES = 6;

    static double[] render(double x) {
        double[] f = new double[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            double d = i / (PIXELS - 1.0) - x;
            f[i] = Math.exp(-d * d / (2 * 0.08 * 0.08));
        }
        return f;
    }

    static double step(double x, double a) {
        return Math.max(0, Math.min(1, x + a));
    }

    /** n trajectories of FRAMES frames: observations [n, T, 16], actions [n, T−1, 1] uniform in [−0.1, 0.1]. */
    static INDArray[] trajectories(int n, long seed) {
        Random r = new Random(seed);
        double[][][] obs = new double[n][FRAMES][];
        double[][][] act = new double[n][FRAMES - 1][1];
        for (int i = 0; i < n; i++) {
            double x = r.nextDouble();
            obs[i][0] = render(x);
            for (int t = 0; t < FRAMES - 1; t++) {
                double a = (2 * r.nextDouble() - 1) * 0.1;
                act[i][t][0] = a;
                x = step(x, a);
                obs[i][t + 1] = render(x);
            }
        }
        return new INDArray[] {Nd4j.createFromArray(obs).castTo(DataType.FLOAT), Nd4j.createFromArray(act).castTo(DataType.FLOAT)};
    }

    static Jepa model() {
        return Jepa.builder().name("toy-world")
                .encoder(Mlp.of(PIXELS, 64, 4))
                .predictor(Predictor.residual(Mlp.of(4 + 1, 64, 4), 1))
                .cost(EmbeddingPrediction.defaults())
                .regularizer(Variance.defaults().weight(1))
                .regularizer(Covariance.defaults().weight(0.1).reduction(Covariance.Reduction.MEAN))
                .rolloutSteps(4).seed(1).build();
    }

    @Test
    void learnsTheDynamicsAndTheSameUnrollPicksTheActionsThatReachTheGoal() {
        INDArray[] train = trajectories(512, 1);
        Jepa m = model();
        TrainingRun run = Trainer.builder().epochs(40).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(m, Sequences.of(train[0], train[1]));
        double p0 = run.history().doubleColumn("prediction").get(0);
        double p1 = run.history().doubleColumn("prediction").get(39);
        System.out.printf("4-step rollout loss (prediction, summed over steps): %.4g → %.4g%n", p0, p1);
        assertTrue(p1 < 0.3 * p0, "the rollout loss should fall well below its start: " + p0 + " → " + p1);

        // Held out: the 4-step imagined latent is closer to the encoded true frame than "nothing moves" is.
        INDArray[] test = trajectories(200, 3);
        INDArray start = test[0].get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).dup();
        INDArray acts = test[1].get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup();
        INDArray imagined = m.rollout(start, acts);
        assertArrayEquals(new long[] {200, 4, 4}, imagined.shape());
        INDArray z0 = m.latent(start);
        INDArray z4 = m.latent(test[0].get(NDArrayIndex.all(), NDArrayIndex.point(4), NDArrayIndex.all()).dup());
        INDArray zHat4 = imagined.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all());
        double err = zHat4.sub(z4).norm2Number().doubleValue();
        double still = z0.sub(z4).norm2Number().doubleValue();
        System.out.printf("held-out 4-step latent error %.4f vs %.4f for 'nothing moves'%n", err, still);
        assertTrue(err < 0.5 * still, "the imagined latent should beat the no-motion baseline: " + err + " vs " + still);

        // Planning by energy over actions, through the same unroll: from x = 0.2 reach x = 0.6 in 4 steps.
        double[][] candidates = {
                {0.1, 0.1, 0.1, 0.1},      // reaches 0.6
                {-0.1, -0.1, -0.1, -0.1},  // 0.0
                {0, 0, 0, 0},              // stays at 0.2
                {0.1, 0.1, 0, 0},          // 0.4
                {0.1, 0.1, 0.1, -0.1},     // 0.4
                {0.05, 0.05, 0.05, 0.05}}; // 0.4
        int n = candidates.length;
        double[][][] a = new double[n][4][1];
        for (int i = 0; i < n; i++) for (int t = 0; t < 4; t++) a[i][t][0] = candidates[i][t];
        INDArray startRows = Nd4j.createFromArray(new double[][] {render(0.2)}).castTo(DataType.FLOAT).repeat(0, n);
        INDArray zHat = m.rollout(startRows, Nd4j.createFromArray(a).castTo(DataType.FLOAT));
        INDArray goal = m.latent(Nd4j.createFromArray(new double[][] {render(0.6)}).castTo(DataType.FLOAT));
        double[] energy = new double[n];
        int best = 0;
        for (int i = 0; i < n; i++) {
            energy[i] = zHat.get(NDArrayIndex.point(i), NDArrayIndex.point(3), NDArrayIndex.all()).sub(goal.getRow(0)).norm2Number().doubleValue();
            if (energy[i] < energy[best]) best = i;
        }
        System.out.println("planning energies (distance of the imagined final latent to the goal's): " + java.util.Arrays.toString(energy));
        assertEquals(0, best, "the sequence that reaches the goal should have the lowest energy");

        // Bad input to the planning seam: one clear error each.
        assertThrows(WorkbenchException.class, () -> m.rollout(startRows, Nd4j.zeros(DataType.FLOAT, n, 4, 2)));
        assertThrows(WorkbenchException.class, () -> m.rollout(startRows, Nd4j.zeros(DataType.FLOAT, n, 0, 1)));
        INDArray nan = startRows.dup();
        nan.putScalar(0, 0, Float.NaN);
        assertThrows(WorkbenchException.class, () -> m.rollout(nan, Nd4j.zeros(DataType.FLOAT, n, 4, 1)));
    }

    @Test
    void rolloutStepsNeedEnoughFrames() {
        INDArray[] d = trajectories(64, 4);
        Jepa m = model();
        String msg = assertThrows(WorkbenchException.class, () -> Trainer.builder().epochs(1).batchSize(32).progress(false).build()
                .fit(m, Sequences.of(d[0], d[1]).window(3))).getMessage();
        assertTrue(msg.contains("4 rollout steps") && msg.contains("3"), msg);
        String noActions = assertThrows(WorkbenchException.class, () -> Trainer.builder().epochs(1).batchSize(32).progress(false).build()
                .fit(m, Sequences.of(d[0], null))).getMessage();
        assertTrue(noActions.contains("action"), noActions);
    }
}
