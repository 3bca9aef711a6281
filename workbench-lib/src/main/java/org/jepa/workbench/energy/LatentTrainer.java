package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Regularized (non-contrastive) training of a {@link LatentVariableEnergy}: no negatives. Each data point
 * keeps a code zᵢ (as in sparse coding); every step minimises, jointly over the decoder parameters (Adam)
 * and the codes (gradient descent),
 * <pre>  L = mean_i ‖yᵢ − g(xᵢ, zᵢ + σ·εᵢ)‖² + λ‖zᵢ‖₁,   εᵢ ~ N(0, I) </pre>
 * and every {@code regridEvery} steps the codes are reset to the global minimiser on the latent grid
 * (zero-temperature free energy), so they do not get stuck. What keeps the low-energy volume small is the
 * capacity of the code: its dimension, the L1 penalty λ (set on the model) and the code noise σ
 * (an information regularizer: a code that must survive additive noise carries at most
 * ½·log₂(1 + Var(z)/σ²) bits per dimension). Defaults: 300 steps, lr 1e-2, code lr 0.1, σ = 0,
 * regrid every 50 steps, full batch up to 512 points.
 */
public final class LatentTrainer {
    private final Builder b;

    private LatentTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int steps = 300, regrid = 50, batch = 512, snapEvery = 0, snapRes = 60;
        private double lr = 1e-2, codeLr = 0.1, codeNoise = 0;
        private long seed = 0;
        private Bounds snapBounds;
        private double[] snapX;

        public Builder steps(int s) {
            WorkbenchException.require(s > 0, "steps must be > 0, got " + s);
            steps = s;
            return this;
        }

        public Builder learningRate(double v) {
            Checks.positive(v, "learning rate");
            lr = v;
            return this;
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

        public Builder batchSize(int n) {
            WorkbenchException.require(n > 0, "batch size must be > 0");
            batch = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder snapshots(Bounds bounds, int resolution, int every) {
            WorkbenchException.require(every > 0 && resolution >= 2, "snapshots: every and resolution must be positive");
            snapBounds = bounds;
            snapRes = resolution;
            snapEvery = every;
            return this;
        }

        /** x at which snapshots and the returned free energy of a conditional model are taken (default 0). */
        public Builder snapshotAt(double... x) {
            snapX = x.clone();
            return this;
        }

        public LatentTrainer build() {
            return new LatentTrainer(this);
        }
    }

    /**
     * Trains the decoder of {@code model} in place.
     *
     * @param x conditioning [N][xDim], or null for unconditional models
     * @param y data [N][2]
     */
    public TrainingRun train(LatentVariableEnergy model, double[][] x, double[][] y) {
        WorkbenchException.require(model != null, "LatentTrainer: model is null");
        Checks.points(y, 2, "LatentTrainer data");
        int kx = model.xDim(), kz = model.zDim(), n = y.length;
        if (kx > 0) {
            Checks.points(x, kx, "LatentTrainer x");
            WorkbenchException.require(x.length == n, "LatentTrainer: x and y row counts differ");
        }
        long t0 = System.nanoTime();
        double[] sx = b.snapX != null ? b.snapX : new double[kx];
        SameDiff sd = SameDiff.create();
        SDVariable xv = kx > 0 ? sd.placeHolder("x", DataType.DOUBLE, -1, kx) : null;
        SDVariable yv = sd.placeHolder("y", DataType.DOUBLE, -1, 2);
        // codes and their noise are VARIABLEs (arrays swapped per step): M2.1 drops gradients w.r.t.
        // placeholders that feed cos/sin
        SDVariable zv = sd.var("z", Nd4j.zeros(DataType.DOUBLE, 1, kz));
        SDVariable ev = sd.var("eps", Nd4j.zeros(DataType.DOUBLE, 1, kz));
        SDVariable diff = yv.sub(model.decoder().decode(sd, xv, zv.add(ev)));
        SDVariable per = diff.mul(diff).sum(1);
        if (model.l1() > 0) per = per.add(sd.math().abs(zv).sum(1).mul(model.l1()));
        per.sum().rename("total");
        per.mean().rename("loss");
        sd.setLossVariables("total");
        Map<String, INDArray> params = model.params();
        List<String> wrt = new ArrayList<>(params.keySet());
        wrt.add("z");
        Adam adam = new Adam(b.lr);
        Random rng = new Random(b.seed);
        double[][] z = new double[n][kz];
        double[] zlo = model.zMin(), zhi = model.zMax();
        int bs = Math.min(b.batch, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int cursor = n;
        int[] stepCol = new int[b.steps];
        double[] lossCol = new double[b.steps];
        List<Landscape> snaps = new ArrayList<>();
        long snapNanos = 0; // snapshot evaluation is not training time
        if (b.snapEvery > 0) snaps.add(Landscape.evaluate(model.freeEnergy(sx), b.snapBounds, b.snapRes).withTitle("step 0"));
        for (int s = 0; s < b.steps; s++) {
            if (s % b.regrid == 0) z = regrid(model, x, y);
            int[] idx = new int[bs];
            for (int i = 0; i < bs; i++) {
                if (cursor >= n) {
                    ContrastiveTrainer.shuffle(order, rng);
                    cursor = 0;
                }
                idx[i] = order[cursor++];
            }
            double[][] yb = new double[bs][], zb = new double[bs][], eb = new double[bs][kz], xb = kx > 0 ? new double[bs][] : null;
            for (int i = 0; i < bs; i++) {
                yb[i] = y[idx[i]];
                zb[i] = z[idx[i]];
                if (xb != null) xb[i] = x[idx[i]];
                for (int d = 0; d < kz; d++) eb[i][d] = b.codeNoise * rng.nextGaussian();
            }
            sd.associateArrayWithVariable(Nd4j.createFromArray(zb), "z");
            sd.associateArrayWithVariable(Nd4j.createFromArray(eb), "eps");
            Map<String, INDArray> feed = new java.util.HashMap<>(Map.of("y", Nd4j.createFromArray(yb)));
            if (xb != null) feed.put("x", Nd4j.createFromArray(xb));
            // placeholder gradients (z) come only from calculateGradients, not calculateGradientsAndOutputs
            Map<String, INDArray> g = sd.calculateGradients(feed, wrt);
            double l = sd.output(feed, "loss").get("loss").getDouble(0);
            WorkbenchException.require(Double.isFinite(l), "LatentTrainer: loss became NaN/Inf at step " + s);
            for (INDArray a : g.values()) a.divi(bs); // gradient of the mean
            double[][] gz = g.get("z").reshape(bs, kz).toDoubleMatrix();
            adam.step(params, g);
            for (int i = 0; i < bs; i++)
                for (int d = 0; d < kz; d++) {
                    // per-sample gradient (×bs undoes the mean); the step is capped at 5% of the latent range,
                    // since on large-scale data (the horn reaches |y| ≈ 15) raw steps would jump across the box
                    double cap = 0.05 * (zhi[d] - zlo[d]);
                    double step = Math.max(-cap, Math.min(cap, b.codeLr * gz[i][d] * bs));
                    z[idx[i]][d] = Math.max(zlo[d], Math.min(zhi[d], z[idx[i]][d] - step));
                }
            stepCol[s] = s + 1;
            lossCol[s] = l;
            if (b.snapEvery > 0 && ((s + 1) % b.snapEvery == 0 || s + 1 == b.steps)) {
                long ts = System.nanoTime();
                snaps.add(Landscape.evaluate(model.freeEnergy(sx), b.snapBounds, b.snapRes).withTitle("step " + (s + 1)));
                snapNanos += System.nanoTime() - ts;
            }
        }
        double secs = (System.nanoTime() - t0 - snapNanos) / 1e9;
        String training = "regularized: z∈ℝ" + sup(kz) + (model.l1() > 0 ? ", L1 λ=" + model.l1() : "")
                + (b.codeNoise > 0 ? ", code noise σ=" + b.codeNoise : "");
        Table h = Table.create("history " + model.name(), IntColumn.create("step", stepCol), DoubleColumn.create("loss", lossCol));
        return new TrainingRun(model.name(), training, model.freeEnergy(sx), h, snaps, secs);
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
