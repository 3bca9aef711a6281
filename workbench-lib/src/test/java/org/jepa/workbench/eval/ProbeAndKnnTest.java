package org.jepa.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.train.Synthetic;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

class ProbeAndKnnTest {
    // 5 well-separated clusters in 20-d; train and test drawn from the same centres (same seed).
    private static final LabeledData ALL = Synthetic.clusters(1000, 20, 5, 0.2, 11);
    private static final LabeledData TRAIN = ALL.head(600);
    private static final LabeledData TEST = ALL.subset(java.util.stream.IntStream.range(600, 1000).toArray());

    private static int[] shuffledLabels(int n, int k, long seed) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(k);
        return y;
    }

    @Test
    void linearProbeSeparatesClusters() {
        LinearProbe p = LinearProbe.fit(TRAIN.features(), TRAIN.labels(), 5);
        Evaluation e = p.evaluate(TEST.features(), TEST.labels());
        assertTrue(e.accuracy() > 0.99, e.toString());
        Table c = e.confusion();
        assertEquals(5, c.rowCount());
        assertEquals(6, c.columnCount());
        long total = 0;
        for (int j = 0; j < 5; j++) total += (long) c.intColumn("pred_" + j).sum();
        assertEquals(400, total);
        assertTrue(p.trainLoss() < 0.1, "train CE " + p.trainLoss());
    }

    @Test
    void trainLossIsTheCrossEntropyOfTheLastStep() {
        // One step from zero weights: all 5 classes equally likely, the loss is ln 5 exactly (it read
        // ln k − 1/k when an in-place exp overwrote the logits).
        LinearProbe p = LinearProbe.builder().steps(1).build().fit(TRAIN.features(), TRAIN.labels(), 5);
        assertEquals(Math.log(5), p.trainLoss(), 1e-5); // float32 sums over 600 rows; the bug gave ln 5 − 1/5
        // A cross-entropy is never negative, also on the smallest data set.
        LinearProbe two = LinearProbe.builder().steps(40).build()
                .fit(TRAIN.features().getRows(0, 1), new int[] {TRAIN.labels()[0], TRAIN.labels()[1]}, 5);
        assertTrue(two.trainLoss() >= 0 && two.trainLoss() < Math.log(5), "train CE " + two.trainLoss());
    }

    @Test
    void linearProbeOnRandomLabelsIsChance() {
        int[] y = shuffledLabels(1000, 5, 3);
        int[] ytr = java.util.Arrays.copyOf(y, 600);
        int[] yte = java.util.Arrays.copyOfRange(y, 600, 1000);
        double acc = LinearProbe.fit(TRAIN.features(), ytr, 5).evaluate(TEST.features(), yte).accuracy();
        assertTrue(acc > 0.1 && acc < 0.3, "accuracy " + acc);
    }

    @Test
    void knnSeparatesClustersAndRandomLabelsAreChance() {
        for (KnnClassifier.Weighting w : KnnClassifier.Weighting.values()) {
            double acc = KnnClassifier.builder().k(10).weighting(w).fit(TRAIN.features(), TRAIN.labels(), 5)
                    .evaluate(TEST.features(), TEST.labels()).accuracy();
            assertTrue(acc > 0.99, w + " accuracy " + acc);
        }
        int[] y = shuffledLabels(1000, 5, 4);
        double acc = KnnClassifier.fit(TRAIN.features(), java.util.Arrays.copyOf(y, 600), 5)
                .evaluate(TEST.features(), java.util.Arrays.copyOfRange(y, 600, 1000)).accuracy();
        assertTrue(acc > 0.1 && acc < 0.3, "accuracy " + acc);
    }

    @Test
    void knnHandComputed() {
        // train: two points of class 0 near +x, one of class 1 at +y; query (0.5, 1).
        // cosines: 0.447, 0.534 (class 0), 0.894 (class 1). EXP(τ=0.07) votes: class 0 ≈ e^6.39 + e^7.63,
        // class 1 = e^12.78 → class 1; UNIFORM k=3: 2 votes vs 1 → class 0; k=1 → class 1.
        INDArray tr = org.nd4j.linalg.factory.Nd4j.create(new float[][] {{1, 0}, {1, 0.1f}, {0, 1}});
        int[] ytr = {0, 0, 1};
        INDArray q = org.nd4j.linalg.factory.Nd4j.create(new float[][] {{0.5f, 1}});
        assertEquals(0, KnnClassifier.builder().k(3).weighting(KnnClassifier.Weighting.UNIFORM).fit(tr, ytr, 2).predict(q)[0]);
        assertEquals(1, KnnClassifier.builder().k(3).fit(tr, ytr, 2).predict(q)[0]);
        assertEquals(1, KnnClassifier.builder().k(1).weighting(KnnClassifier.Weighting.UNIFORM).fit(tr, ytr, 2).predict(q)[0]);
    }

    @Test
    void badInputs() {
        assertThrows(WorkbenchException.class, () -> LinearProbe.fit(TRAIN.features(), new int[3], 5));
        assertThrows(WorkbenchException.class, () -> LinearProbe.fit(TRAIN.features(), TRAIN.labels(), 1));
        assertThrows(WorkbenchException.class, () -> KnnClassifier.builder().k(0).fit(TRAIN.features(), TRAIN.labels(), 5));
        INDArray nan = TRAIN.features().dup();
        nan.putScalar(0, 0, Float.NaN);
        assertThrows(WorkbenchException.class, () -> LinearProbe.fit(nan, TRAIN.labels(), 5));
        assertThrows(WorkbenchException.class, () -> LinearProbe.fit(TRAIN.features(), TRAIN.labels(), 5)
                .evaluate(TEST.features().getColumns(0, 1), TEST.labels()));
    }
}
