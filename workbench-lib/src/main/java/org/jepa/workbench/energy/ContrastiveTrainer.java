package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Contrastive training of an explicit energy: each step draws B data points and K negatives per point,
 * and minimises {@code loss(E(y), E(ȳ)) + α·mean(E²)} with Adam. The small energy penalty α (default 0)
 * keeps shift-invariant losses (softmax, hinge) from drifting. Defaults: 300 steps, B = 64, K = 4,
 * lr = 3e-3, seed 0.
 * <pre>{@code
 * TrainingRun run = ContrastiveTrainer.builder()
 *     .loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(Bounds.square(3)))
 *     .steps(300).seed(1).snapshots(Bounds.square(3), 60, 100).build()
 *     .train(MlpEnergy.of(2, 1), data.inputs());
 * }</pre>
 */
public final class ContrastiveTrainer {
    private final Builder b;

    private ContrastiveTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private ContrastiveLoss loss = new HingeLoss(1);
        private NegativeSampler negatives;
        private int steps = 300, batch = 64, k = 4, snapEvery = 0, snapRes = 60;
        private double lr = 3e-3, energyL2 = 0;
        private long seed = 0;
        private Bounds snapBounds;
        private double[] snapX = new double[0];

        public Builder loss(ContrastiveLoss l) {
            WorkbenchException.require(l != null, "loss is null");
            loss = l;
            return this;
        }

        public Builder negatives(NegativeSampler s) {
            WorkbenchException.require(s != null, "negative sampler is null");
            negatives = s;
            return this;
        }

        public Builder steps(int s) {
            WorkbenchException.require(s > 0, "steps must be > 0, got " + s);
            steps = s;
            return this;
        }

        public Builder batchSize(int bs) {
            WorkbenchException.require(bs > 0, "batch size must be > 0, got " + bs);
            batch = bs;
            return this;
        }

        /** Negatives per data point K (default 4). */
        public Builder negativesPerSample(int kk) {
            WorkbenchException.require(kk > 0, "negatives per sample must be > 0, got " + kk);
            k = kk;
            return this;
        }

        public Builder learningRate(double v) {
            Checks.positive(v, "learning rate");
            lr = v;
            return this;
        }

        /** Weight α of the mean(E²) penalty on data and negative energies (default 0). */
        public Builder energyL2(double a) {
            Checks.nonNegative(a, "energyL2");
            energyL2 = a;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Records a landscape over {@code bounds} every {@code every} steps (and at the end). */
        public Builder snapshots(Bounds bounds, int resolution, int every) {
            WorkbenchException.require(every > 0 && resolution >= 2, "snapshots: every and resolution must be positive");
            snapBounds = bounds;
            snapRes = resolution;
            snapEvery = every;
            return this;
        }

        /** Conditioning x at which snapshots (and the returned energy) of a conditional model are taken. */
        public Builder snapshotAt(double... x) {
            snapX = x.clone();
            return this;
        }

        public ContrastiveTrainer build() {
            WorkbenchException.require(negatives != null, "ContrastiveTrainer: set negatives(...)");
            return new ContrastiveTrainer(this);
        }
    }

    /** Trains {@code model} in place on {@code data} rows ([N][c+2], x columns first); returns the run. */
    public TrainingRun train(MlpEnergy model, double[][] data) {
        WorkbenchException.require(model != null, "ContrastiveTrainer: model is null");
        Checks.points(data, model.dim(), "ContrastiveTrainer data");
        long t0 = System.nanoTime();
        int d = model.dim(), c = model.conditionDim(), k = b.k;
        int bs = Math.min(b.batch, data.length);
        SameDiff sd = SameDiff.create();
        SDVariable pos = sd.placeHolder("pos", DataType.DOUBLE, -1, d);
        SDVariable neg = sd.placeHolder("neg", DataType.DOUBLE, -1, d);
        SDVariable ePos = model.energy(sd, pos);
        SDVariable eNeg = model.energy(sd, neg).reshape(-1, k);
        SDVariable loss = b.loss.loss(sd, ePos, eNeg);
        if (b.energyL2 > 0) loss = loss.add(ePos.mul(ePos).mean().add(eNeg.mul(eNeg).mean()).mul(b.energyL2));
        loss = loss.rename("loss");
        SDVariable mp = ePos.mean().rename("e_data"), mn = eNeg.mean().rename("e_neg");
        sd.setLossVariables("loss");
        Map<String, INDArray> params = model.params();
        Adam adam = new Adam(b.lr);
        Random rng = new Random(b.seed);
        int[] order = new int[data.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int cursor = order.length;
        int[] stepCol = new int[b.steps];
        double[] lossCol = new double[b.steps], epCol = new double[b.steps], enCol = new double[b.steps];
        List<Landscape> snaps = new ArrayList<>();
        long snapNanos = 0; // snapshot evaluation is not training time
        Energy view = model.at(b.snapX);
        if (b.snapEvery > 0) snaps.add(Landscape.evaluate(view, b.snapBounds, b.snapRes).withTitle("step 0"));
        for (int s = 0; s < b.steps; s++) {
            double[][] batch = new double[bs][];
            for (int i = 0; i < bs; i++) {
                if (cursor >= order.length) {
                    shuffle(order, rng);
                    cursor = 0;
                }
                batch[i] = data[order[cursor++]];
            }
            double[][] negs = b.negatives.sample(batch, k, c, model, rng);
            OutAndGrad og = sd.calculateGradientsAndOutputs(
                    Map.of("pos", Nd4j.createFromArray(batch), "neg", Nd4j.createFromArray(negs)),
                    List.of("loss", "e_data", "e_neg"), new ArrayList<>(params.keySet()));
            double l = og.getOutputs().get("loss").getDouble(0);
            WorkbenchException.require(Double.isFinite(l), "ContrastiveTrainer: loss became NaN/Inf at step " + s
                    + " (learning rate " + b.lr + " too high?)");
            adam.step(params, og.getGradients());
            stepCol[s] = s + 1;
            lossCol[s] = l;
            epCol[s] = og.getOutputs().get("e_data").getDouble(0);
            enCol[s] = og.getOutputs().get("e_neg").getDouble(0);
            if (b.snapEvery > 0 && ((s + 1) % b.snapEvery == 0 || s + 1 == b.steps)) {
                long ts = System.nanoTime();
                snaps.add(Landscape.evaluate(view, b.snapBounds, b.snapRes).withTitle("step " + (s + 1)));
                snapNanos += System.nanoTime() - ts;
            }
        }
        double secs = (System.nanoTime() - t0 - snapNanos) / 1e9;
        String training = b.loss.name() + " + " + b.negatives.name();
        Table h = Table.create("history " + model.name() + " (" + training + ")", IntColumn.create("step", stepCol),
                DoubleColumn.create("loss", lossCol), DoubleColumn.create("e_data", epCol), DoubleColumn.create("e_neg", enCol));
        return new TrainingRun(model.name(), training, view, h, snaps, secs);
    }

    static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
