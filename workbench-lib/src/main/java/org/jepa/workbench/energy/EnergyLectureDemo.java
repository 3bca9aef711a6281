package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.data.ToyData;
import org.jepa.workbench.data.ToyManifolds;
import tech.tablesaw.api.Table;

/**
 * The steps of notebook {@code 02-energy-landscapes.ipynb}, runnable as a main() (and timed) while the
 * notebook kernel is not available. {@code WORKBENCH_SCALE=small} (default) or {@code full} picks sizes.
 */
public final class EnergyLectureDemo {
    /** Sizes for one scale. */
    public record Scale(String name, int trainPoints, int steps, int resolution, int latentSteps) {
        public static Scale fromEnv() {
            String s = System.getenv().getOrDefault("WORKBENCH_SCALE", "small");
            return "full".equalsIgnoreCase(s) ? new Scale("full", 400, 1000, 120, 800) : new Scale("small", 200, 300, 70, 300);
        }
    }

    public static final Bounds BOX = Bounds.square(3);

    private EnergyLectureDemo() {
    }

    /** Trains the 3 contrastive and 3 regularized models of the lecture on the practicum ellipse. */
    public static List<TrainingRun> trainAll(ToyData train, Scale sc, long seed) {
        List<TrainingRun> runs = new ArrayList<>();
        double[][] y = train.y();
        int every = Math.max(1, sc.steps() / 4);
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(BOX))
                .steps(sc.steps()).seed(seed).snapshots(BOX, 40, every).build().train(MlpEnergy.of(2, seed).named("mlp-E(y)"), y));
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.squareSquare(1)).negatives(NegativeSampler.perturbed(0.4))
                .steps(sc.steps()).seed(seed).snapshots(BOX, 40, every).build().train(MlpEnergy.of(2, seed).named("mlp-E(y)"), y));
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.softmax(1)).negatives(NegativeSampler.langevin(BOX, 3, 0.02, 1))
                .energyL2(0.01).steps(sc.steps()).seed(seed).snapshots(BOX, 40, every).build()
                .train(MlpEnergy.of(2, seed).named("mlp-E(y)"), y));
        int ls = sc.latentSteps(), le = Math.max(1, ls / 4);
        runs.add(LatentTrainer.builder().steps(ls).seed(seed).learningRate(0.05).snapshots(BOX, 40, le).build()
                .train(LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).name("lv-ellipse g(z)=[w1 cos z, w2 sin z]").build(), null, y));
        runs.add(LatentTrainer.builder().steps(ls).seed(seed).snapshots(BOX, 40, le).build()
                .train(LatentVariableEnergy.builder(new MlpDecoder(1, seed)).name("lv-mlp z∈ℝ¹").zRange(-2, 2).build(), null, y));
        runs.add(LatentTrainer.builder().steps(ls).seed(seed).codeNoise(0.1).snapshots(BOX, 40, le).build()
                .train(LatentVariableEnergy.builder(new MlpDecoder(2, seed)).name("lv-mlp z∈ℝ² (L1+noise)").l1(0.1).zRange(-2, 2).build(), null, y));
        return runs;
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Scale sc = Scale.fromEnv();
        ToyData train = ToyManifolds.ellipse().samples(sc.trainPoints()).seed(1).generate();
        ToyData held = ToyManifolds.ellipse().samples(200).seed(2).generate();
        double[][] probes = ToyManifolds.ellipse().seed(3).offManifoldProbes(200, -3, 3, 0.5);
        List<TrainingRun> runs = trainAll(train, sc, 0);
        for (TrainingRun r : runs) System.out.printf("%s | %s: %.1f s%n", r.model(), r.training(), r.seconds());
        List<EnergyMetrics.Report> reps = new ArrayList<>();
        for (TrainingRun r : runs) reps.add(EnergyMetrics.measure(r, held.y(), probes, BOX, sc.resolution()));
        Table t = EnergyMetrics.table(reps);
        System.out.println(t.print());
        System.out.printf("total %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
