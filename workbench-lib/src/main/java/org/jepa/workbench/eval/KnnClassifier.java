package org.jepa.workbench.eval;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.EmbeddingModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Weighted k-nearest-neighbour classifier on cosine similarity, the usual non-parametric read-out of a
 * self-supervised representation. Each of the k most similar training samples votes for its class with
 * a weight chosen by {@link Weighting}:
 * <ul>
 *   <li>EXP (default): exp(s/τ), τ = 0.07 — Wu et al. 2018 (instance discrimination), as used by DINO
 *       (Caron et al. 2021) with k = 20;</li>
 *   <li>INVERSE_DISTANCE: 1/(1 − s + 1e-8), cosine distance;</li>
 *   <li>UNIFORM: majority vote.</li>
 * </ul>
 * Ties go to the smaller class index. Similarities are computed in chunks of 1024 test rows.
 */
public final class KnnClassifier {

    /** Vote weights, see the class documentation. */
    public enum Weighting { EXP, INVERSE_DISTANCE, UNIFORM }

    private final INDArray train; // L2-normalised rows
    private final int[] labels;
    private final int numClasses;
    private final int k;
    private final double tau;
    private final Weighting weighting;

    private KnnClassifier(INDArray train, int[] labels, int numClasses, int k, double tau, Weighting weighting) {
        this.train = train;
        this.labels = labels;
        this.numClasses = numClasses;
        this.k = k;
        this.tau = tau;
        this.weighting = weighting;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults (k = 20, EXP, τ = 0.07). */
    public static KnnClassifier fit(INDArray features, int[] labels, int numClasses) {
        return builder().fit(features, labels, numClasses);
    }

    /** Embeds both sets with {@code model}, then k-NN with defaults. */
    public static Evaluation evaluate(EmbeddingModel model, LabeledData train, LabeledData test) {
        return fit(model.embed(train.features()), train.labels(), train.numClasses())
                .evaluate(model.embed(test.features()), test.labels());
    }

    private static INDArray normalize(INDArray x) {
        INDArray f = x.castTo(DataType.FLOAT).dup();
        INDArray norms = f.norm2(1).addi(1e-12);
        return f.diviColumnVector(norms.reshape(norms.length(), 1));
    }

    /** Predicted class of each row of {@code features} [N, D]. */
    public int[] predict(INDArray features) {
        WorkbenchException.require(features != null && features.rank() == 2 && features.columns() == train.columns(),
                "KnnClassifier: expected features [N, " + train.columns() + "]");
        INDArray q = normalize(features);
        int n = (int) q.rows();
        int nt = (int) train.rows();
        int kk = Math.min(k, nt);
        int[] out = new int[n];
        int[] topI = new int[kk];
        float[] topS = new float[kk];
        double[] votes = new double[numClasses];
        for (int s = 0; s < n; s += 1024) {
            int e = Math.min(n, s + 1024);
            INDArray sims = q.get(NDArrayIndex.interval(s, e), NDArrayIndex.all()).mmul(train.transpose());
            float[] all = sims.dup('c').data().asFloat();
            for (int r = 0; r < e - s; r++) {
                int size = 0;
                int base = r * nt;
                // Keep the kk largest in a small sorted array (descending); kk is small.
                for (int j = 0; j < nt; j++) {
                    float v = all[base + j];
                    if (size == kk && v <= topS[kk - 1]) continue;
                    int p = size < kk ? size++ : kk - 1;
                    while (p > 0 && topS[p - 1] < v) {
                        topS[p] = topS[p - 1];
                        topI[p] = topI[p - 1];
                        p--;
                    }
                    topS[p] = v;
                    topI[p] = j;
                }
                java.util.Arrays.fill(votes, 0);
                for (int t = 0; t < size; t++) {
                    double wgt = switch (weighting) {
                        case EXP -> Math.exp((topS[t] - 1.0) / tau); // shifted by 1: same argmax, no overflow
                        case INVERSE_DISTANCE -> 1.0 / (1.0 - topS[t] + 1e-8);
                        case UNIFORM -> 1.0;
                    };
                    votes[labels[topI[t]]] += wgt;
                }
                int best = 0;
                for (int c = 1; c < numClasses; c++) if (votes[c] > votes[best]) best = c;
                out[s + r] = best;
            }
        }
        return out;
    }

    /** Accuracy and confusion matrix. */
    public Evaluation evaluate(INDArray features, int[] labels) {
        Evaluation.checkInputs("KnnClassifier.evaluate", features, labels, numClasses);
        return Evaluation.of("knn(k=" + k + ", " + weighting.name().toLowerCase() + ")", predict(features), labels, numClasses);
    }

    /** k-NN settings. */
    public static final class Builder {
        private int k = 20;
        private double tau = 0.07;
        private Weighting weighting = Weighting.EXP;

        public Builder k(int v) { k = v; return this; }

        /** Temperature τ for EXP weighting (> 0). */
        public Builder temperature(double v) { tau = v; return this; }

        public Builder weighting(Weighting v) { weighting = v; return this; }

        public KnnClassifier fit(INDArray features, int[] labels, int numClasses) {
            WorkbenchException.require(k >= 1, "KnnClassifier: k must be >= 1, got " + k);
            WorkbenchException.require(tau > 0, "KnnClassifier: temperature must be > 0, got " + tau);
            WorkbenchException.require(weighting != null, "KnnClassifier: weighting is null");
            Evaluation.checkInputs("KnnClassifier.fit", features, labels, numClasses);
            return new KnnClassifier(normalize(features), labels.clone(), numClasses, k, tau, weighting);
        }
    }
}
