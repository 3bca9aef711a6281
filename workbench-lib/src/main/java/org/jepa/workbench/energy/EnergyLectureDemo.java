package org.jepa.workbench.energy;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jepa.workbench.data.ToyData;
import org.jepa.workbench.data.ToyManifolds;
import org.jepa.workbench.plot.EnergyPlots;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * The cells of notebook {@code notebooks/02-energy-landscapes.ipynb}, in order, as a main() — to run and
 * time the lecture without a notebook kernel. {@code WORKBENCH_SCALE=small} (default) or {@code full}.
 * With an argument, pictures are written as PNG files into that folder.
 */
public final class EnergyLectureDemo {
    /** Sizes for one scale. */
    public record Scale(String name, int trainPoints, int steps, int latentSteps, int resolution) {
        /**
         * From the system property {@code workbench.scale}, else env {@code WORKBENCH_SCALE}: {@code small}
         * (default), {@code full}, or {@code tiny} (a few steps; for the notebook smoke test only).
         */
        public static Scale fromEnv() {
            String s = System.getProperty("workbench.scale", System.getenv().getOrDefault("WORKBENCH_SCALE", "small"));
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "full" -> new Scale("full", 400, 800, 600, 120);
                case "tiny" -> new Scale("tiny", 60, 8, 6, 20);
                default -> new Scale("small", 200, 200, 150, 70);
            };
        }
    }

    private EnergyLectureDemo() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        File out = args.length > 0 ? new File(args[0]) : null;
        if (out != null) out.mkdirs();
        // --- cell: data
        EnergyLectureDemo.Scale sc = EnergyLectureDemo.Scale.fromEnv();
        Bounds box = Bounds.square(3);
        ToyData train = ToyManifolds.ellipse().samples(sc.trainPoints()).seed(1).generate();
        ToyData heldOut = ToyManifolds.ellipse().samples(200).seed(2).generate();
        double[][] probes = ToyManifolds.ellipse().seed(3).offManifoldProbes(200, -3, 3, 0.5);
        double[][] y = train.y();
        // --- cell: known model, F∞ with gradient arrows
        LatentVariableEnergy known = LatentVariableEnergy.builder(new EllipseDecoder(2, 1.5)).name("known ellipse g").build();
        BufferedImage knownImg = EnergyPlots.heatmap(Landscape.evaluate(known.freeEnergy(), box, sc.resolution()))
                .title("F∞(y) = min_z ‖y − g(z)‖², known g").data(y).arrows(known.freeEnergy(), 14).render();
        save(out, "known", knownImg);
        // --- cell: F_β cross-sections
        XYChart cross = EnergyPlots.freeEnergyCrossSections(known, new double[] {0.1, 1, 10, 100}, 0, -3, 3);
        if (out != null) BitmapEncoder.saveBitmap(cross, new File(out, "cross").getPath(), BitmapEncoder.BitmapFormat.PNG);
        // --- cell: contrastive trainings
        int every = Math.max(1, sc.steps() / 4);
        List<TrainingRun> runs = new ArrayList<>();
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.hinge(1)).negatives(NegativeSampler.uniform(box))
                .learningRate(1e-2).steps(sc.steps()).seed(0).snapshots(box, 40, every).build()
                .train(MlpEnergy.of(2, 0).named("MLP E(y)"), y));
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.squareSquare(1)).negatives(NegativeSampler.shell(0.6))
                .learningRate(1e-2).steps(sc.steps()).seed(0).snapshots(box, 40, every).build()
                .train(MlpEnergy.of(2, 0).named("MLP E(y)"), y));
        runs.add(ContrastiveTrainer.builder().loss(ContrastiveLoss.softmax(1)).negatives(NegativeSampler.langevin(box, 2, 0.02, 1))
                .energyL2(0.01).learningRate(1e-2).steps(sc.steps()).seed(0).snapshots(box, 40, every).build()
                .train(MlpEnergy.of(2, 0).named("MLP E(y)"), y));
        // --- cell: regularized (latent-variable) trainings
        int le = Math.max(1, sc.latentSteps() / 3);
        LatentVariableEnergy lvEllipse = LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).name("LV ellipse g(z)").build();
        runs.add(LatentTrainer.builder().steps(sc.latentSteps()).learningRate(0.05).seed(0).snapshots(box, 40, le).build()
                .train(lvEllipse, null, y));
        runs.add(LatentTrainer.builder().steps(sc.latentSteps()).learningRate(0.03).seed(0).snapshots(box, 40, le).build()
                .train(LatentVariableEnergy.builder(MlpDecoder.of(1, 0)).zRange(-2, 2).name("LV MLP g(z), z∈ℝ¹").build(), null, y));
        runs.add(LatentTrainer.builder().steps(sc.latentSteps()).learningRate(0.03).codeNoise(0.1).seed(0).snapshots(box, 40, le).build()
                .train(LatentVariableEnergy.builder(MlpDecoder.of(2, 0)).zRange(-2, 2).l1(0.3).name("LV MLP g(z), z∈ℝ²").build(), null, y));
        // --- cell: snapshots of one training
        save(out, "snap-contrastive", EnergyPlots.snapshots(runs.get(0), y, 220));
        save(out, "snap-regularized", EnergyPlots.snapshots(runs.get(4), y, 220));
        // --- cell: comparison table
        List<EnergyMetrics.Report> reports = new ArrayList<>();
        for (TrainingRun r : runs) reports.add(EnergyMetrics.measure(r, heldOut.y(), probes, box, sc.resolution()));
        Table comparison = EnergyMetrics.table(reports);
        System.out.println(comparison.print());
        // --- cell: side-by-side landscapes, white line = level covering 95% of held-out points
        List<BufferedImage> panels = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            TrainingRun r = runs.get(i);
            panels.add(EnergyPlots.heatmap(Landscape.evaluate(r.energy(), box, sc.resolution()))
                    .title(r.model() + ": " + r.training()).data(y).highlightLevel(reports.get(i).level()).size(340, 310).render());
        }
        BufferedImage side = EnergyPlots.grid(panels, 3, "Contrastive (top) vs regularized (bottom), same ellipse data");
        save(out, "side", side);
        // --- cell: System-2
        FreeEnergy soft = lvEllipse.softFreeEnergy(1); // smooth (β = 1) free energy: the ridge between branches is flat
        System2Inference s2 = System2Inference.create().stepSize(0.05).tolerance(1e-3);
        double[] dist = {0.05, 0.1, 0.2, 0.4, 0.8, 1.2};
        double[][] s1 = new double[dist.length][];
        for (int i = 0; i < dist.length; i++) s1[i] = new double[] {(2 + dist[i]) * Math.cos(0.7), (1.5 + dist[i]) * Math.sin(0.7)};
        FreeEnergy hard = lvEllipse.freeEnergy(); // F∞: minimum exactly on the learned manifold
        Table byDistance = System2Inference.table("distance from manifold", dist, s2.inferAll(hard, s1, new boolean[] {true, true}));
        double[] delta = {0.3, 0.1, 0.03, 0.01, 0.003, 0.001};
        double[] inv = new double[delta.length];
        double[][] s2starts = new double[delta.length][];
        for (int i = 0; i < delta.length; i++) {
            inv[i] = 1 / delta[i];
            s2starts[i] = new double[] {0.5, delta[i]};
        }
        Table byRidge = System2Inference.table("ambiguity (1 / distance to ridge)", inv, s2.inferAll(soft, s2starts, new boolean[] {false, true}));
        System.out.println(byDistance.print());
        System.out.println(byRidge.print());
        XYChart it = EnergyPlots.iterations("System-2 inference: iterations vs difficulty", "difficulty", true, byDistance, byRidge);
        if (out != null) BitmapEncoder.saveBitmap(it, new File(out, "iterations").getPath(), BitmapEncoder.BitmapFormat.PNG);
        // --- cell: conclusions
        System.out.println(EnergyConclusions.markdown(comparison, byDistance, byRidge));
        System.out.printf("total %.1f s (scale %s)%n", (System.nanoTime() - t0) / 1e9, sc.name());
    }

    private static void save(File dir, String name, BufferedImage img) throws Exception {
        if (dir != null) ImageIO.write(img, "png", new File(dir, name + ".png"));
    }
}
