package org.jepa.workbench.eval;

import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Classification result on a labelled set.
 *
 * @param method    e.g. {@code "linear-probe"} or {@code "knn(k=20)"}
 * @param accuracy  fraction of correct predictions, in [0, 1]
 * @param predicted predicted class of each row
 * @param confusion one row per true class: column {@code true} (class index) then {@code pred_j},
 *                  the number of samples of that class predicted as j
 */
public record Evaluation(String method, double accuracy, int[] predicted, Table confusion) {

    static Evaluation of(String method, int[] predicted, int[] truth, int numClasses) {
        WorkbenchException.require(predicted.length == truth.length, "predictions and labels differ in length");
        int[][] m = new int[numClasses][numClasses];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) correct++;
        }
        Table t = Table.create(method + " confusion");
        IntColumn tc = IntColumn.create("true");
        for (int c = 0; c < numClasses; c++) tc.append(c);
        t.addColumns(tc);
        for (int p = 0; p < numClasses; p++) {
            IntColumn col = IntColumn.create("pred_" + p);
            for (int c = 0; c < numClasses; c++) col.append(m[c][p]);
            t.addColumns(col);
        }
        return new Evaluation(method, correct / (double) truth.length, predicted, t);
    }

    /** A one-row summary table: method, accuracy, n. */
    public Table summary() {
        Table t = Table.create("evaluation");
        t.addColumns(tech.tablesaw.api.StringColumn.create("method", new String[] {method}),
                tech.tablesaw.api.DoubleColumn.create("accuracy", new double[] {accuracy}),
                IntColumn.create("n", new int[] {predicted.length}));
        return t;
    }

    @Override
    public String toString() {
        return String.format("%s: accuracy %.4f on %d samples", method, accuracy, predicted.length);
    }

    static void checkInputs(String who, org.nd4j.linalg.api.ndarray.INDArray x, int[] y, int numClasses) {
        WorkbenchException.require(x != null && x.rank() == 2, who + ": features must be a matrix [N, D]");
        WorkbenchException.require(x.rows() > 0, who + ": no samples");
        WorkbenchException.require(y != null && y.length == x.rows(), who + ": " + (y == null ? 0 : y.length)
                + " labels for " + x.rows() + " rows");
        WorkbenchException.require(numClasses >= 2, who + ": need at least 2 classes, got " + numClasses);
        for (int v : y) {
            if (v < 0 || v >= numClasses) throw new WorkbenchException(who + ": label " + v + " outside [0, " + numClasses + ")");
        }
        org.jepa.workbench.data.Finite.require(x, who + " features");
    }
}
