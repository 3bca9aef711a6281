package org.jepa.workbench.eval;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.EmbeddingModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Linear probe: multinomial logistic regression on frozen features, the standard way to read out how
 * linearly separable a representation is. Features are standardised with the training set's mean and
 * standard deviation; the model is trained by Adam on softmax cross-entropy + (l2/2)·‖W‖² with the
 * closed-form gradient (Xᵀ(P − Y)/n + l2·W), in minibatches of up to 4096 rows, seeded.
 * Defaults: 300 steps, lr 0.02, l2 1e-4. The same probe on raw pixels is the usual baseline.
 *
 * <pre>{@code
 * Evaluation e = LinearProbe.evaluate(model, train, test);             // on a model's embeddings
 * Evaluation p = LinearProbe.builder().steps(500).build()
 *                    .fit(train.features(), train.labels(), 10)
 *                    .evaluate(test.features(), test.labels());        // on raw pixels
 * }</pre>
 */
public final class LinearProbe {
    private final INDArray mean, std, w, b;
    private final int numClasses;
    private final double trainLoss;

    private LinearProbe(INDArray mean, INDArray std, INDArray w, INDArray b, int numClasses, double trainLoss) {
        this.mean = mean;
        this.std = std;
        this.w = w;
        this.b = b;
        this.numClasses = numClasses;
        this.trainLoss = trainLoss;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fits with default settings. features [N, D], labels in [0, numClasses). */
    public static LinearProbe fit(INDArray features, int[] labels, int numClasses) {
        return builder().build().fit(features, labels, numClasses);
    }

    /** Embeds {@code train} and {@code test} with {@code model}, fits on train, evaluates on test. */
    public static Evaluation evaluate(EmbeddingModel model, LabeledData train, LabeledData test) {
        return fit(model.embed(train.features()), train.labels(), train.numClasses())
                .evaluate(model.embed(test.features()), test.labels());
    }

    /** Raw-pixel baseline: the probe on the input features themselves. */
    public static Evaluation onPixels(LabeledData train, LabeledData test) {
        return fit(train.features(), train.labels(), train.numClasses()).evaluate(test.features(), test.labels());
    }

    /** Predicted class of each row of {@code features} [N, D]. */
    public int[] predict(INDArray features) {
        WorkbenchException.require(features != null && features.rank() == 2 && features.columns() == w.rows(),
                "LinearProbe: expected features [N, " + w.rows() + "]");
        INDArray logits = standardize(features).mmul(w).addiRowVector(b);
        INDArray arg = logits.argMax(1);
        int[] p = new int[(int) features.rows()];
        for (int i = 0; i < p.length; i++) p[i] = arg.getInt(i);
        return p;
    }

    /** Accuracy and confusion matrix on {@code features}, {@code labels}. */
    public Evaluation evaluate(INDArray features, int[] labels) {
        Evaluation.checkInputs("LinearProbe.evaluate", features, labels, numClasses);
        return Evaluation.of("linear-probe", predict(features), labels, numClasses);
    }

    /** Mean training cross-entropy of the last step's minibatch, before its update (nats; ln k at zero weights). */
    public double trainLoss() {
        return trainLoss;
    }

    private INDArray standardize(INDArray x) {
        return x.castTo(DataType.FLOAT).subRowVector(mean).diviRowVector(std);
    }

    /** Probe settings. */
    public static final class Builder {
        private int steps = 300;
        private double lr = 0.02;
        private double l2 = 1e-4;
        private int batch = 4096;
        private long seed = 0;

        public Builder steps(int v) { steps = v; return this; }

        public Builder lr(double v) { lr = v; return this; }

        /** L2 penalty on the weights (≥ 0). */
        public Builder l2(double v) { l2 = v; return this; }

        /** Minibatch size (full batch when N is smaller). */
        public Builder batchSize(int v) { batch = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        /** Validates the settings; {@link #fit} also does. */
        public Builder build() {
            WorkbenchException.require(steps >= 1, "LinearProbe: steps must be >= 1, got " + steps);
            WorkbenchException.require(lr > 0, "LinearProbe: lr must be > 0, got " + lr);
            WorkbenchException.require(l2 >= 0, "LinearProbe: l2 must be >= 0, got " + l2);
            WorkbenchException.require(batch >= 1, "LinearProbe: batch size must be >= 1");
            return this;
        }

        public LinearProbe fit(INDArray features, int[] labels, int numClasses) {
            build();
            Evaluation.checkInputs("LinearProbe.fit", features, labels, numClasses);
            INDArray x = features.castTo(DataType.FLOAT);
            INDArray mean = x.mean(0);
            INDArray std = x.std(false, 0);
            // Constant features (e.g. border pixels) get std 1 so they standardise to 0 instead of NaN.
            std.addi(std.lt(1e-6).castTo(DataType.FLOAT));
            INDArray xs = x.subRowVector(mean).diviRowVector(std);
            int n = (int) xs.rows();
            long d = xs.columns();
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, numClasses);
            for (int i = 0; i < n; i++) y.putScalar(i, labels[i], 1f);
            INDArray w = Nd4j.zeros(DataType.FLOAT, d, numClasses);
            INDArray b = Nd4j.zeros(DataType.FLOAT, 1, numClasses);
            Adam cfg = new Adam(lr);
            GradientUpdater<?> uw = cfg.instantiate(Nd4j.zeros(DataType.FLOAT, 1, cfg.stateSize(w.length())), true);
            GradientUpdater<?> ub = cfg.instantiate(Nd4j.zeros(DataType.FLOAT, 1, cfg.stateSize(b.length())), true);
            Random rng = new Random(seed);
            int bs = Math.min(batch, n);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            int pos = n;
            double loss = Double.NaN;
            for (int s = 0; s < steps; s++) {
                INDArray xb, yb;
                if (bs == n) {
                    xb = xs;
                    yb = y;
                } else {
                    if (pos + bs > n) {
                        for (int i = n - 1; i > 0; i--) {
                            int j = rng.nextInt(i + 1);
                            int t = order[i];
                            order[i] = order[j];
                            order[j] = t;
                        }
                        pos = 0;
                    }
                    int[] idx = java.util.Arrays.copyOfRange(order, pos, pos + bs);
                    pos += bs;
                    // one native gather; INDArray.getRows copies row by row (minutes for 8,000 rows)
                    xb = Nd4j.pullRows(xs, 1, idx);
                    yb = Nd4j.pullRows(y, 1, idx);
                }
                INDArray logits = xb.mmul(w).addiRowVector(b);
                logits.subiColumnVector(logits.max(1));
                // a copy: the shifted logits are needed again for the loss below
                INDArray p = Transforms.exp(logits, true);
                INDArray z = p.sum(1);
                p.diviColumnVector(z);
                if (s == steps - 1) {
                    // mean CE = mean(log z − logit_true), logits already max-shifted
                    loss = (Transforms.log(z, true).sumNumber().doubleValue() - logits.mul(yb).sumNumber().doubleValue()) / bs;
                }
                INDArray g = p.subi(yb).divi(bs);
                INDArray gw = xb.transpose().mmul(g);
                if (l2 > 0) gw.addi(w.mul(l2));
                INDArray gb = g.sum(true, 0);
                uw.applyUpdater(gw, s, 0);
                ub.applyUpdater(gb, s, 0);
                w.subi(gw);
                b.subi(gb);
            }
            return new LinearProbe(mean, std, w, b.reshape(numClasses), numClasses, loss);
        }
    }
}
