package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.ToyData;
import org.jepa.workbench.data.ToyManifolds;
import org.junit.jupiter.api.Test;

/** Short trainings: they must move energies the right way, and be reproducible by seed. */
class EnergyTrainingTest {
    private static final ToyData DATA = ToyManifolds.ellipse().samples(128).seed(1).generate();
    private static final Bounds BOX = Bounds.square(3);

    private static TrainingRun hinge(long seed) {
        return ContrastiveTrainer.builder().loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(BOX))
                .steps(60).batchSize(32).learningRate(1e-2).seed(seed).build().train(MlpEnergy.of(2, seed, 16, 16), DATA.y());
    }

    @Test
    void contrastiveTrainingSeparatesDataFromNegativesAndIsDeterministic() {
        TrainingRun a = hinge(3), b = hinge(3);
        double[] la = a.history().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(la, b.history().doubleColumn("loss").asDoubleArray(), 0.0, "same seed → same history");
        double first = avg(la, 0, 10), last = avg(la, la.length - 10, la.length);
        assertTrue(last < 0.7 * first, "hinge loss should fall: " + first + " → " + last);
        double gapStart = a.history().doubleColumn("e_neg").get(0) - a.history().doubleColumn("e_data").get(0);
        double gapEnd = a.history().doubleColumn("e_neg").get(59) - a.history().doubleColumn("e_data").get(59);
        assertTrue(gapEnd > gapStart + 0.3, "negatives should move above data: " + gapStart + " → " + gapEnd);
        assertNotEquals(la[59], hinge(4).history().doubleColumn("loss").get(59));
    }

    @Test
    void langevinAndSoftmaxRunOnAConditionalModel() {
        ToyData horn = ToyManifolds.horn().samples(64).seed(2).generate();
        MlpEnergy m = MlpEnergy.conditional(1, 2, 5, 16);
        TrainingRun r = ContrastiveTrainer.builder().loss(ContrastiveLoss.softmax(1)).energyL2(0.01)
                .negatives(NegativeSampler.langevin(Bounds.square(8), 2, 0.05, 1)).steps(20).batchSize(16)
                .negativesPerSample(2).snapshots(Bounds.square(8), 10, 10).snapshotAt(0.5).seed(1).build()
                .train(m, horn.inputs());
        assertEquals(20, r.history().rowCount());
        assertEquals(3, r.snapshots().size()); // step 0, 10, 20
        assertEquals(2, r.energy().dim());
    }

    @Test
    void regularizedTrainingRecoversTheEllipseAxes() {
        EllipseDecoder g = new EllipseDecoder(1, 1);
        LatentVariableEnergy m = LatentVariableEnergy.builder(g).build();
        TrainingRun r = LatentTrainer.builder().steps(150).learningRate(0.05).seed(0).build().train(m, null, DATA.y());
        double[] w = g.w();
        assertEquals(2.0, Math.abs(w[0]), 0.05, "w1");
        assertEquals(1.5, Math.abs(w[1]), 0.05, "w2");
        double[] e = r.energy().energies(ToyManifolds.ellipse().samples(50).seed(9).generate().y());
        double mean = java.util.Arrays.stream(e).average().orElseThrow();
        assertTrue(mean < 0.01, "held-out data energy " + mean); // noise σ=0.05 → E ≈ σ² = 0.0025
    }

    @Test
    void conditionalHornTrainingLowersItsEnergy() {
        // E(x, y, z) = ‖y − f(x) ⊙ [cos z, sin z]‖², f an MLP; regularized training on horn data
        ToyData horn = ToyManifolds.horn().samples(96).seed(4).generate();
        double[][] x = new double[horn.size()][];
        for (int i = 0; i < x.length; i++) x[i] = new double[] {horn.x()[i]};
        LatentVariableEnergy m = LatentVariableEnergy.builder(new HornDecoder(2, 16)).build();
        TrainingRun r = LatentTrainer.builder().steps(100).learningRate(0.05).regridEvery(20).seed(1).snapshotAt(0.0).build()
                .train(m, x, horn.y());
        double[] l = r.history().doubleColumn("loss").asDoubleArray();
        assertTrue(l[99] < 0.2 * l[0], "horn loss " + l[0] + " → " + l[99]);
        assertEquals(2, r.energy().dim());
    }

    @Test
    void badTrainingInputs() {
        assertThrows(WorkbenchException.class, () -> ContrastiveTrainer.builder().build());
        assertThrows(WorkbenchException.class, () -> ContrastiveTrainer.builder().steps(0));
        assertThrows(WorkbenchException.class, () -> ContrastiveTrainer.builder().learningRate(-1));
        assertThrows(WorkbenchException.class, () -> ContrastiveLoss.hinge(0));
        assertThrows(WorkbenchException.class, () -> ContrastiveLoss.softmax(Double.NaN));
        assertThrows(WorkbenchException.class, () -> NegativeSampler.perturbed(-0.1));
        ContrastiveTrainer t = ContrastiveTrainer.builder().negatives(NegativeSampler.uniform(BOX)).steps(1).build();
        assertThrows(WorkbenchException.class, () -> t.train(MlpEnergy.of(2, 1, 4), new double[0][]));
        assertThrows(WorkbenchException.class, () -> t.train(MlpEnergy.of(2, 1, 4), new double[][] {{Double.NaN, 1}}));
        assertThrows(WorkbenchException.class, () -> LatentTrainer.builder().codeNoise(-1));
        assertThrows(WorkbenchException.class, () -> LatentTrainer.builder().build()
                .train(LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).build(), null, new double[][] {{1, Double.POSITIVE_INFINITY}}));
    }

    private static double avg(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }
}
