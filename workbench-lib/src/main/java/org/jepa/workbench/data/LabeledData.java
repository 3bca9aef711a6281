package org.jepa.workbench.data;

import java.util.Arrays;
import org.jepa.workbench.Backend;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A labelled set of images (or vectors), held as one ND4J matrix.
 *
 * @param name     short name used in tables and plots, e.g. {@code "mnist"}
 * @param features float32 matrix of shape [N, channels*height*width], pixel values scaled to [0, 1]
 * @param labels   class index of each row, length N, values in [0, numClasses)
 * @param channels image channels (1 for the shipped digits)
 * @param height   image height in pixels (28 for MNIST, 8 for UCI digits; 1 for plain vectors)
 * @param width    image width in pixels
 * @param numClasses number of classes (10 for both digit sets)
 */
public record LabeledData(String name, INDArray features, int[] labels, int channels, int height, int width,
                          int numClasses) {

    public LabeledData {
        Backend.checkRequested();
        FirstUse.run();
        WorkbenchException.require(features != null && features.rank() == 2,
                "LabeledData '" + name + "': features must be a rank-2 matrix [N, C*H*W]");
        WorkbenchException.require(features.rows() > 0, "LabeledData '" + name + "' is empty (0 rows)");
        WorkbenchException.require(labels != null && labels.length == features.rows(),
                "LabeledData '" + name + "': " + (labels == null ? 0 : labels.length) + " labels for "
                        + features.rows() + " rows");
        WorkbenchException.require(features.dataType().isFPType(), "LabeledData '" + name + "': features must be floating point, got "
                + features.dataType());
        Finite.require(features, "LabeledData '" + name + "'");
        WorkbenchException.require(numClasses >= 1, "LabeledData '" + name + "': numClasses must be >= 1, got " + numClasses);
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new WorkbenchException("LabeledData '" + name + "': label " + labels[i] + " of row " + i
                            + " is outside [0, " + numClasses + ")");
                }
            }
        }
        WorkbenchException.require((long) channels * height * width == features.columns(),
                "LabeledData '" + name + "': " + channels + "x" + height + "x" + width + " does not match "
                        + features.columns() + " columns");
    }

    /** Number of samples N. */
    public int size() {
        return (int) features.rows();
    }

    /** Feature dimension channels*height*width. */
    public int dim() {
        return (int) features.columns();
    }

    /** The rows at {@code idx}, as a new LabeledData (features copied). */
    public LabeledData subset(int[] idx) {
        INDArray f = Sources.rows(features, idx, "LabeledData '" + name + "'");
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) l[i] = labels[idx[i]];
        return new LabeledData(name, f, l, channels, height, width, numClasses);
    }

    /** The first {@code n} rows (or all, if fewer). */
    public LabeledData head(int n) {
        int m = Math.min(n, size());
        int[] idx = new int[m];
        Arrays.setAll(idx, i -> i);
        return subset(idx);
    }

    /**
     * Seeded stratified train/test split, see {@link Split#stratified(LabeledData, double, long)}.
     *
     * @param testFraction fraction of each class put in the test part, in (0, 1)
     * @param seed         fixes which rows go where and their order
     */
    public Split split(double testFraction, long seed) {
        return Split.stratified(this, testFraction, seed);
    }

    /** Counts and pixel statistics per class as a Tablesaw table, see {@link Datasets#summary(LabeledData)}. */
    public tech.tablesaw.api.Table summary() {
        return Datasets.summary(this);
    }
}
