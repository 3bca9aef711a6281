package org.jepa.workbench.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.PlanningObjective;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.jepa.workbench.world.TwoRoomsModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Speed of the Two Rooms world model (the {@link TwoRoomsModel} defaults) against the same model in PyTorch
 * ({@code bench/torch_world.py}, 2 threads), in one run: training samples/s (trajectories of 5 frames,
 * batch 64), predictor rollouts/s while planning (200 candidates × 30 steps per energy call, as CEM and
 * MPPI evaluate them) and action-gradient calls/s (8 candidates × 30 steps, the gradient planner's call).
 * Not a test: {@code ./workbench run org.jepa.workbench.bench.WorldBench [training steps, default 60]}.
 */
public final class WorldBench {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        TwoRooms env = TwoRooms.fixed(28);
        Map<String, Double> wb = new LinkedHashMap<>();

        // training: epoch 0 warms up (graph and gradient function), epoch 1 is measured
        Jepa world = TwoRoomsModel.of(env).build();
        TrainingRun run = Trainer.builder().epochs(2).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(world, Trajectories.of(env, 64 * steps, 5, 1));
        wb.put("training", run.history().doubleColumn("samples_per_s").get(1));

        ActionEnergy energy = ActionEnergy.of(world, PlanningObjective.toGoal(), 30).maxNorm(env.maxAction());
        INDArray z0 = energy.latent(Nd4j.rand(DataType.FLOAT, 1, env.frameWidth()));
        INDArray zg = energy.latent(Nd4j.rand(DataType.FLOAT, 1, env.frameWidth()));
        INDArray cand = Nd4j.randn(DataType.FLOAT, 200, 30, 2);
        for (int i = 0; i < 3; i++) energy.energies(z0, zg, cand);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) energy.energies(z0, zg, cand);
        wb.put("rollouts", 200 * 30 / ((System.nanoTime() - t0) / 1e9 / 20));

        INDArray g = Nd4j.randn(DataType.FLOAT, 8, 30, 2);
        for (int i = 0; i < 3; i++) energy.gradient(z0, zg, g);
        t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) energy.gradient(z0, zg, g);
        wb.put("gradients", 20 / ((System.nanoTime() - t0) / 1e9));

        Map<String, Double> torch = new LinkedHashMap<>();
        Path script = Path.of(System.getProperty("workbench.root", "."), "bench", "torch_world.py");
        if (Files.isExecutable(Path.of("/usr/bin/python3")) && Files.exists(script)) {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(steps));
            pb.redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "2");
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        String[] f = line.split(" ");
                        torch.put(f[1], Double.parseDouble(f[2]));
                    } else {
                        System.out.println("  [torch] " + line);
                    }
                }
            }
            if (p.waitFor() != 0) torch.clear();
        }
        if (torch.isEmpty()) System.out.println("PyTorch reference NOT RUN: apt-get install python3-torch libopenblas0-pthread");
        System.out.printf(Locale.ROOT, "Two Rooms world model, %d CPUs, 1-min load average %.1f when both sides had run%n",
                Runtime.getRuntime().availableProcessors(), TrainBench.loadAverage());
        System.out.println("measure                                  workbench      pytorch    ratio");
        String[] label = {"training samples/s (5-frame trajectories)", "predictor rollouts/s (200 × 30 per call)",
                "action-gradient calls/s (8 × 30)"};
        int i = 0;
        for (Map.Entry<String, Double> e : wb.entrySet()) {
            Double t = torch.get(e.getKey());
            System.out.printf(Locale.ROOT, "%-42s %10.1f %12s %8s%n", label[i++], e.getValue(),
                    t == null ? "-" : String.format(Locale.ROOT, "%.1f", t), t == null ? "-" : String.format(Locale.ROOT, "%.2f", e.getValue() / t));
        }
    }

    private WorldBench() {
    }
}
