package org.jepa.workbench.energy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.jepa.workbench.train.Trainable;
import org.jepa.workbench.train.TrainingGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Regularized (non-contrastive) training of a {@link LatentVariableEnergy}, on the workbench's one
 * {@link Trainer}: no negatives. Each data point keeps a code zᵢ (as in sparse coding); every step
 * minimises, over the decoder parameters (Adam, constant learning rate) and the codes (gradient descent,
 * steps capped at 5 % of the latent range),
 * <pre>  L = mean_i ‖yᵢ − g(xᵢ, zᵢ + σ·εᵢ)‖² + λ‖zᵢ‖₁,   εᵢ ~ N(0, I) </pre>
 * and every {@code regridEvery} steps the codes are reset to the global minimiser on the latent grid
 * (zero-temperature free energy), so they do not get stuck. What keeps the low-energy volume small is the
 * capacity of the code: its dimension, the L1 penalty λ (set on the model) and the code noise σ
 * (an information regularizer: a code that must survive additive noise carries at most
 * ½·log₂(1 + Var(z)/σ²) bits per dimension). The codes are part of the trainer's checkpoints.
 * Defaults: 300 steps, lr 1e-2, code lr 0.1, σ = 0, regrid every 50 steps, full batch up to 512 points.
 */
public final class LatentTraining {
    private final Builder b;

    private LatentTraining(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The recipe's settings; steps, learning rate, seed, snapshots, callbacks and checkpoints as in every recipe. */
    public static final class Builder extends Recipe<Builder> {
        private int regrid = 50, batch = 512;
        private double codeLr = 0.1, codeNoise = 0;

        private Builder() {
            super(1e-2);
        }

        /** Step size of gradient descent on the codes (default 0.1). */
        public Builder codeLearningRate(double v) {
            Checks.positive(v, "code learning rate");
            codeLr = v;
            return this;
        }

        /** σ of the Gaussian noise added to codes before decoding (information regularizer; default 0). */
        public Builder codeNoise(double sigma) {
            Checks.nonNegative(sigma, "code noise");
            codeNoise = sigma;
            return this;
        }

        /** Reset codes to the grid minimiser every n steps (default 50). */
        public Builder regridEvery(int n) {
            WorkbenchException.require(n > 0, "regridEvery must be > 0");
            regrid = n;
            return this;
        }

        /** Data points per step (capped at the data size; default 512, i.e. full batch for the lecture's data). */
        public Builder batchSize(int n) {
            WorkbenchException.require(n > 1, "batch size must be > 1");
            batch = n;
            return this;
        }

        public LatentTraining build() {
            return new LatentTraining(this);
        }
    }

    /**
     * Trains the decoder of {@code model} in place.
     *
     * @param x conditioning [N][xDim], or null for unconditional models
     * @param y data [N][yDim] (2 for the toy manifolds)
     */
    public EnergyRun train(LatentVariableEnergy model, double[][] x, double[][] y) {
        WorkbenchException.require(model != null, "LatentTraining: model is null");
        Checks.points(y, model.yDim(), "LatentTraining data");
        int kx = model.xDim();
        if (kx > 0) {
            Checks.points(x, kx, "LatentTraining x");
            WorkbenchException.require(x.length == y.length, "LatentTraining: x and y row counts differ");
        }
        WorkbenchException.require(y.length >= 2, "LatentTraining: need at least 2 data points, got " + y.length);
        double[] sx = b.snapX != null ? b.snapX : new double[kx];
        double[][] rows = new double[y.length][];
        for (int i = 0; i < rows.length; i++) rows[i] = new double[] {i};
        int kz = model.zDim();
        String training = "regularized: z∈ℝ" + sup(kz) + (model.l1() > 0 ? ", L1 λ=" + model.l1() : "")
                + (b.codeNoise > 0 ? ", code noise σ=" + b.codeNoise : "");
        return b.fit(new Task(model, x, y), new Points(rows), b.batch, model.name(), training, () -> model.freeEnergy(sx));
    }

    /**
     * The model as the trainer sees it. A batch is a list of example indices (one-element rows), since each
     * example carries its own code; the codes are VARIABLEs whose arrays are swapped per step (M2.1 drops
     * gradients with respect to placeholders that feed cos/sin).
     */
    private final class Task implements Trainable<double[][]> {
        private final LatentVariableEnergy model;
        private final double[][] x;
        private final double[][] y;
        private double[][] codes;
        private int[] idx;

        Task(LatentVariableEnergy model, double[][] x, double[][] y) {
            this.model = model;
            this.x = x;
            this.y = y;
            this.codes = new double[y.length][model.zDim()];
        }

        @Override
        public Parameters parameters() {
            return model.parameters();
        }

        @Override
        public TrainingGraph<double[][]> trainingGraph(Graph g, double[][] example) {
            int kx = model.xDim(), kz = model.zDim();
            SDVariable xv = kx > 0 ? g.input("x", -1, kx) : null;
            SDVariable yv = g.input("y", -1, model.yDim());
            SDVariable zv = g.sd().var(g.unique("z"), Nd4j.zeros(DataType.DOUBLE, 1, kz));
            SDVariable ev = g.sd().var(g.unique("eps"), Nd4j.zeros(DataType.DOUBLE, 1, kz));
            SDVariable diff = yv.sub(model.decoder().decode(g, xv, zv.add(ev)));
            SDVariable per = diff.mul(diff).sum(1);
            if (model.l1() > 0) per = per.add(g.sd().math().abs(zv).sum(1).mul(model.l1()));
            Map<String, SDVariable> terms = Map.of("energy", g.named(per.mean(), "energy"));
            String zName = zv.name(), eName = ev.name();
            double[] zlo = model.zMin(), zhi = model.zMax();
            return new TrainingGraph<>() {
                @Override
                public Map<String, SDVariable> terms() {
                    return terms;
                }

                @Override
                public Map<SDVariable, INDArray> feed(double[][] batch, Step step, Random rng) {
                    if (step.index() % b.regrid == 0) codes = regrid(model, x, y);
                    int bs = batch.length;
                    idx = new int[bs];
                    double[][] yb = new double[bs][], zb = new double[bs][], eb = new double[bs][kz];
                    double[][] xb = kx > 0 ? new double[bs][] : null;
                    for (int i = 0; i < bs; i++) {
                        idx[i] = (int) batch[i][0];
                        yb[i] = y[idx[i]];
                        zb[i] = codes[idx[i]];
                        if (xb != null) xb[i] = x[idx[i]];
                        for (int d = 0; d < kz; d++) eb[i][d] = b.codeNoise * rng.nextGaussian();
                    }
                    g.sd().associateArrayWithVariable(Nd4j.createFromArray(zb), zName);
                    g.sd().associateArrayWithVariable(Nd4j.createFromArray(eb), eName);
                    Map<SDVariable, INDArray> f = new LinkedHashMap<>();
                    f.put(yv, Nd4j.createFromArray(yb));
                    if (xb != null) f.put(xv, Nd4j.createFromArray(xb));
                    return f;
                }

                @Override
                public List<SDVariable> extraGradients() {
                    return List.of(zv);
                }

                @Override
                public Map<String, Double> afterUpdate(Step step, Gradients gradients) {
                    int bs = idx.length;
                    double[][] gz = gradients.of(zv).reshape(bs, kz).toDoubleMatrix();
                    for (int i = 0; i < bs; i++) {
                        for (int d = 0; d < kz; d++) {
                            // per-sample gradient (×bs undoes the mean); the step is capped at 5% of the latent range,
                            // since on large-scale data (the horn reaches |y| ≈ 15) raw steps would jump across the box
                            double cap = 0.05 * (zhi[d] - zlo[d]);
                            double s = Math.max(-cap, Math.min(cap, b.codeLr * gz[i][d] * bs));
                            codes[idx[i]][d] = Math.max(zlo[d], Math.min(zhi[d], codes[idx[i]][d] - s));
                        }
                    }
                    return Map.of();
                }

                @Override
                public Map<String, INDArray> state() {
                    return Map.of("codes", Nd4j.createFromArray(codes));
                }

                @Override
                public void restore(Map<String, INDArray> state) {
                    INDArray c = state.get("codes");
                    WorkbenchException.require(c != null && c.rows() == codes.length && c.columns() == kz,
                            "the checkpoint holds no codes for " + codes.length + " points of dimension " + kz
                                    + ": it was written for other data or another model");
                    codes = c.toDoubleMatrix();
                }
            };
        }

        @Override
        public String toString() {
            return model.name();
        }
    }

    private static String sup(int k) {
        return switch (k) {
            case 1 -> "¹";
            case 2 -> "²";
            case 3 -> "³";
            default -> "^" + k;
        };
    }

    private static double[][] tileRows(double[][] y, int m) {
        double[][] r = new double[y.length * m][];
        for (int i = 0; i < y.length; i++) for (int j = 0; j < m; j++) r[i * m + j] = y[i];
        return r;
    }

    /** Codes reset to the zero-temperature minimiser (grid + polyline) for each point. */
    private static double[][] regrid(LatentVariableEnergy model, double[][] x, double[][] y) {
        if (model.xDim() == 0) return model.freeEnergy().argmin(y);
        // conditional: x differs per point, so decode all (xᵢ, z_j) pairs of a coarse grid in one pass
        double[][] zg = model.zGrid(model.zDim() == 1 ? 64 : 12);
        int m = zg.length, n = y.length;
        double[][] xs = new double[n * m][], zs = new double[n * m][];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                xs[i * m + j] = x[i];
                zs[i * m + j] = zg[j];
            }
        double[] e = model.energies(xs, tileRows(y, m), zs);
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            int jb = 0;
            for (int j = 1; j < m; j++) if (e[i * m + j] < e[i * m + jb]) jb = j;
            z[i] = zg[jb].clone();
        }
        return z;
    }
}
