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

    private static EnergyRun hinge(long seed) {
        return hinge(MlpEnergy.of(2, seed, 16, 16), seed);
    }

    private static EnergyRun hinge(MlpEnergy model, long seed) {
        return ContrastiveTraining.builder().loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(BOX))
                .steps(60).batchSize(32).learningRate(1e-2).seed(seed).build().train(model, DATA.y());
    }

    /** Mean hinge max(0, 1 + E(y) − E(ȳ)) of the data against 4 fixed uniform negatives each (not a noisy training batch). */
    private static double heldHinge(MlpEnergy m) {
        java.util.Random r = new java.util.Random(77);
        double[][] y = DATA.y();
        double[] ePos = m.energies(y);
        double s = 0;
        for (int k = 0; k < 4; k++) {
            double[][] neg = new double[y.length][];
            for (int i = 0; i < y.length; i++) neg[i] = BOX.sample(r);
            double[] eNeg = m.energies(neg);
            for (int i = 0; i < y.length; i++) s += Math.max(0, 1 + ePos[i] - eNeg[i]);
        }
        return s / (4.0 * y.length);
    }

    @Test
    void contrastiveTrainingSeparatesDataFromNegativesAndIsDeterministic() {
        MlpEnergy model = MlpEnergy.of(2, 3, 16, 16);
        double before = heldHinge(model);
        EnergyRun a = hinge(model, 3), b = hinge(3);
        double after = heldHinge(model);
        double[] la = a.history().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(la, b.history().doubleColumn("loss").asDoubleArray(), 0.0, "same seed → same history");
        System.out.printf("hinge on fixed negatives: %.4f → %.4f (training batches: %.4f → %.4f)%n", before, after,
                avg(la, 0, 10), avg(la, la.length - 10, la.length));
        assertTrue(after < 0.7 * before, "hinge loss on fixed negatives should fall: " + before + " → " + after);
        double gapStart = a.history().doubleColumn("e_neg").get(0) - a.history().doubleColumn("e_data").get(0);
        double gapEnd = a.history().doubleColumn("e_neg").get(59) - a.history().doubleColumn("e_data").get(59);
        assertTrue(gapEnd > gapStart + 0.3, "negatives should move above data: " + gapStart + " → " + gapEnd);
        assertNotEquals(la[59], hinge(4).history().doubleColumn("loss").get(59));
    }

    @Test
    void langevinAndSoftmaxRunOnAConditionalModel() {
        ToyData horn = ToyManifolds.horn().samples(64).seed(2).generate();
        MlpEnergy m = MlpEnergy.conditional(1, 2, 5, 16);
        EnergyRun r = ContrastiveTraining.builder().loss(ContrastiveLoss.softmax(1)).energyL2(0.01)
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
        EnergyRun r = LatentTraining.builder().steps(150).learningRate(0.05).seed(0).build().train(m, null, DATA.y());
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
        EnergyRun r = LatentTraining.builder().steps(100).learningRate(0.05).regridEvery(20).seed(1).snapshotAt(0.0).build()
                .train(m, x, horn.y());
        double[] l = r.history().doubleColumn("loss").asDoubleArray();
        assertTrue(l[99] < 0.2 * l[0], "horn loss " + l[0] + " → " + l[99]);
        assertEquals(2, r.energy().dim());
    }

    @Test
    void badTrainingInputs() {
        assertThrows(WorkbenchException.class, () -> ContrastiveTraining.builder().build());
        assertThrows(WorkbenchException.class, () -> ContrastiveTraining.builder().steps(0));
        assertThrows(WorkbenchException.class, () -> ContrastiveTraining.builder().learningRate(-1));
        assertThrows(WorkbenchException.class, () -> ContrastiveLoss.hinge(0));
        assertThrows(WorkbenchException.class, () -> ContrastiveLoss.softmax(Double.NaN));
        assertThrows(WorkbenchException.class, () -> NegativeSampler.perturbed(-0.1));
        ContrastiveTraining t = ContrastiveTraining.builder().negatives(NegativeSampler.uniform(BOX)).steps(1).build();
        assertThrows(WorkbenchException.class, () -> t.train(MlpEnergy.of(2, 1, 4), new double[0][]));
        assertThrows(WorkbenchException.class, () -> t.train(MlpEnergy.of(2, 1, 4), new double[][] {{Double.NaN, 1}}));
        assertThrows(WorkbenchException.class, () -> LatentTraining.builder().codeNoise(-1));
        assertThrows(WorkbenchException.class, () -> LatentTraining.builder().build()
                .train(LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).build(), null, new double[][] {{1, Double.POSITIVE_INFINITY}}));
    }

    private static double avg(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }
}
