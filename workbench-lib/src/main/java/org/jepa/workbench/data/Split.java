package org.jepa.workbench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A train/test split of a {@link LabeledData}, with the row indices each part was taken from.
 *
 * @param train      the training rows, in a seeded shuffled order
 * @param test       the test rows, in a seeded shuffled order
 * @param trainIndex for each training row, its row index in the source data
 * @param testIndex  for each test row, its row index in the source data
 */
public record Split(LabeledData train, LabeledData test, int[] trainIndex, int[] testIndex) {

    /**
     * Stratified split: in each class, {@code round(n_c * testFraction)} rows (chosen by a seeded
     * shuffle) go to the test part and the rest to the train part, so both parts keep the class
     * proportions. The same data and seed always give the same split; each part is then shuffled with
     * the same seed, so a {@code head(n)} of either is a random sample.
     *
     * @param data         the data to split
     * @param testFraction fraction of each class put in the test part, in (0, 1)
     * @param seed         seed of the {@link java.util.Random} that chooses the rows
     * @throws WorkbenchException if testFraction is outside (0, 1) or a part would be empty
     */
    public static Split stratified(LabeledData data, double testFraction, long seed) {
        WorkbenchException.require(testFraction > 0 && testFraction < 1,
                "split: testFraction must be in (0, 1), got " + testFraction);
        int k = data.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            WorkbenchException.require(labels[i] >= 0 && labels[i] < k, "split: label " + labels[i]
                    + " at row " + i + " is outside [0, " + k + ") for '" + data.name() + "'");
            byClass.get(labels[i]).add(i);
        }
        Random rng = new Random(seed);
        int[] train = new int[data.size()];
        int[] test = new int[data.size()];
        int nTrain = 0, nTest = 0;
        for (List<Integer> rows : byClass) {
            int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
            shuffle(r, rng);
            int t = (int) Math.round(r.length * testFraction);
            for (int i = 0; i < r.length; i++) {
                if (i < t) test[nTest++] = r[i];
                else train[nTrain++] = r[i];
            }
        }
        WorkbenchException.require(nTrain > 0 && nTest > 0, "split of '" + data.name() + "' with testFraction "
                + testFraction + " leaves " + nTrain + " train and " + nTest + " test rows; both must be non-empty");
        train = java.util.Arrays.copyOf(train, nTrain);
        test = java.util.Arrays.copyOf(test, nTest);
        shuffle(train, rng);
        shuffle(test, rng);
        return new Split(rows(data, train), rows(data, test), train, test);
    }

    /** Fisher–Yates shuffle driven by {@code rng}, so the permutation is fixed by the seed. */
    static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Row subset by plain array copies (INDArray.getRows goes row by row through native calls). */
    static LabeledData rows(LabeledData data, int[] idx) {
        int d = data.dim();
        float[] src = FloatBatch.toFloats(data.features());
        float[] dst = new float[idx.length * d];
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(src, idx[i] * d, dst, i * d, d);
            l[i] = data.labels()[idx[i]];
        }
        INDArray f = FloatBatch.matrix(dst, idx.length, d);
        if (data.features().dataType() != DataType.FLOAT) f = f.castTo(data.features().dataType());
        return new LabeledData(data.name(), f, l, data.channels(), data.height(), data.width(), data.numClasses());
    }
}
