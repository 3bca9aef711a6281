package org.jepa.workbench.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.jepa.workbench.train.Trainable;
import org.jepa.workbench.train.TrainingGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Contrastive training of an explicit energy, on the workbench's one {@link Trainer}: each step draws B
 * data points and K negatives per point, and minimises {@code loss(E(y), E(ȳ)) + α·(mean E(y)² + mean
 * E(ȳ)²)} with Adam at a constant learning rate. The small energy penalty α (default 0) keeps
 * shift-invariant losses (softmax, hinge) from drifting. Defaults: 300 steps, B = 64, K = 4, lr = 3e-3,
 * seed 0. Callbacks and checkpoints come from the trainer.
 * <pre>{@code
 * EnergyRun run = ContrastiveTraining.builder()
 *     .loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(Bounds.square(3)))
 *     .steps(300).seed(1).snapshots(Bounds.square(3), 60, 100).build()
 *     .train(MlpEnergy.of(2, 1), data.inputs());
 * }</pre>
 */
public final class ContrastiveTraining {
    private final Builder b;

    private ContrastiveTraining(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The recipe's settings; steps, learning rate, seed, snapshots, callbacks and checkpoints as in every recipe. */
    public static final class Builder extends Recipe<Builder> {
        private ContrastiveLoss loss = new HingeLoss(1);
        private NegativeSampler negatives;
        private int batch = 64, k = 4;
        private double energyL2 = 0;

        private Builder() {
            super(3e-3);
        }

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

        /** Data points per step (capped at the data size). */
        public Builder batchSize(int bs) {
            WorkbenchException.require(bs > 1, "batch size must be > 1, got " + bs);
            batch = bs;
            return this;
        }

        /** Negatives per data point K (default 4). */
        public Builder negativesPerSample(int kk) {
            WorkbenchException.require(kk > 0, "negatives per sample must be > 0, got " + kk);
            k = kk;
            return this;
        }

        /** Weight α of the mean(E²) penalty on data and negative energies (default 0). */
        public Builder energyL2(double a) {
            Checks.nonNegative(a, "energyL2");
            energyL2 = a;
            return this;
        }

        public ContrastiveTraining build() {
            WorkbenchException.require(negatives != null, "ContrastiveTraining: set negatives(...)");
            return new ContrastiveTraining(this);
        }
    }

    /** Trains {@code model} in place on {@code data} rows ([N][c+d], x columns first). */
    public EnergyRun train(MlpEnergy model, double[][] data) {
        WorkbenchException.require(model != null, "ContrastiveTraining: model is null");
        Checks.points(data, model.dim(), "ContrastiveTraining data");
        WorkbenchException.require(data.length >= 2, "ContrastiveTraining: need at least 2 data points, got " + data.length);
        double[] x = b.snapX != null ? b.snapX : new double[0];
        return b.fit(new Task(model), new Points(data), b.batch, model.name(), b.loss.name() + " + " + b.negatives.name(),
                () -> model.at(x));
    }

    /** The model as the trainer sees it: data points and their negatives in, the contrastive loss out. */
    private final class Task implements Trainable<double[][]> {
        private final MlpEnergy model;

        Task(MlpEnergy model) {
            this.model = model;
        }

        @Override
        public Parameters parameters() {
            return model.parameters();
        }

        @Override
        public TrainingGraph<double[][]> trainingGraph(Graph g, double[][] example) {
            int d = model.dim(), c = model.conditionDim(), k = b.k;
            SDVariable pos = g.input("pos", -1, d);
            SDVariable neg = g.input("neg", -1, d);
            SDVariable ePos = model.energy(g, pos);
            SDVariable eNeg = model.energy(g, neg).reshape(-1, k);
            Map<String, SDVariable> terms = new LinkedHashMap<>();
            terms.put("contrastive", g.named(b.loss.loss(g.sd(), ePos, eNeg), "contrastive"));
            if (b.energyL2 > 0) {
                terms.put("energy_l2", g.named(ePos.mul(ePos).mean().add(eNeg.mul(eNeg).mean()).mul(b.energyL2), "energy_l2"));
            }
            Map<String, SDVariable> monitors = new LinkedHashMap<>();
            monitors.put("e_data", g.named(ePos.mean(), "e_data"));
            monitors.put("e_neg", g.named(eNeg.mean(), "e_neg"));
            return new TrainingGraph<>() {
                @Override
                public Map<String, SDVariable> terms() {
                    return terms;
                }

                @Override
                public Map<String, SDVariable> monitors() {
                    return monitors;
                }

                @Override
                public Map<SDVariable, INDArray> feed(double[][] batch, Step step, Random rng) {
                    double[][] negs = b.negatives.sample(batch, k, c, model, rng);
                    return Map.of(pos, Nd4j.createFromArray(batch), neg, Nd4j.createFromArray(negs));
                }
            };
        }

        @Override
        public String toString() {
            return model.name();
        }
    }
}
