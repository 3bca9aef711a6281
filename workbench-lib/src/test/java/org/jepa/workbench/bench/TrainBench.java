package org.jepa.workbench.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jepa.workbench.model.ConvNet;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.train.TestInfoNce;
import org.jepa.workbench.train.TestVicreg;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training throughput (samples/s) of the reference siamese step — two views, batch 256 — for
 * {MLP 784→1024→BN→ReLU→1024→BN→ReLU→256, ConvNet 1×28×28 (32/64 filters)→256} × {VICReg, InfoNCE},
 * with the workbench Trainer, then the same workloads in PyTorch on CPU ({@code bench/torch_reference.py}
 * via {@code /usr/bin/python3}, 2 threads), printing the ratio. Not a JUnit test; run by hand, see
 * {@code bench/README.md}. Objectives: the real {@code Objectives.byName} ones when present on the
 * class path, else the test-only TestVicreg / TestInfoNce (same formulas).
 */
public final class TrainBench {
    static final int BATCH = 256;

    /** args: [steps per measured epoch, default 10] [models, default "mlp,conv"]. */
    public static void main(String[] args) throws Exception {
        int warm = 0, measure = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String root = System.getProperty("workbench.root", ".");
        List<String> rows = new ArrayList<>();
        String models = args.length > 1 ? args[1] : "mlp,conv";
        for (String model : models.split(",")) {
            for (String obj : new String[] {"vicreg", "infonce"}) {
                double sps = run(model, obj, warm, measure);
                rows.add(model + " " + obj + " " + sps);
                System.out.printf(Locale.ROOT, "workbench %-5s %-8s %9.1f samples/s%n", model, obj, sps);
            }
        }
        Path script = Path.of(root, "bench", "torch_reference.py");
        if (!Files.isExecutable(Path.of("/usr/bin/python3")) || !Files.exists(script)) {
            System.out.println("PyTorch reference NOT RUN: /usr/bin/python3 or " + script + " missing");
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(measure), models);
        pb.redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        List<String> torch = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("  [torch] " + line);
                if (line.startsWith("RESULT ")) torch.add(line.substring(7));
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || torch.isEmpty()) {
            System.out.println("PyTorch reference NOT RUN (exit " + rc + "): is python3-torch installed? "
                    + "apt-get install python3-torch libopenblas0-pthread");
            return;
        }
        System.out.println();
        System.out.println("workload          workbench    pytorch   ratio");
        for (String row : rows) {
            String[] w = row.split(" ");
            for (String t : torch) {
                String[] q = t.split(" ");
                if (q[0].equals(w[0]) && q[1].equals(w[1])) {
                    double a = Double.parseDouble(w[2]), b = Double.parseDouble(q[2]);
                    System.out.printf(Locale.ROOT, "%-5s %-8s %10.1f %10.1f   %.2f%n", w[0], w[1], a, b, a / b);
                }
            }
        }
    }

    static Objective objective(String name) {
        try {
            Class<?> c = Class.forName("org.jepa.workbench.objective.Objectives");
            return (Objective) c.getMethod("byName", String.class).invoke(null, name);
        } catch (ReflectiveOperationException e) {
            System.out.println("(Objectives.byName not on the class path; using test-only " + name + ")");
            return name.equals("vicreg") ? new TestVicreg() : new TestInfoNce(BATCH, 0.1);
        }
    }

    static double run(String model, String obj, int warm, int measure) {
        Module enc = model.equals("mlp") ? Mlp.of(784, 1024, 1024, 256).norm(Norm.BATCH) : ConvNet.of(1, 28, 28, 256);
        // Epoch 0 = warm-up (gradient-function creation, JIT), epoch 1 = measured; same graph.
        INDArray data = Nd4j.rand(DataType.FLOAT, (long) BATCH * measure, 784);
        TrainingRun r = Trainer.builder().encoder(enc).objective(objective(obj)).epochs(2).batchSize(BATCH)
                .seed(1).progress(false).build().fit(data);
        return r.history().doubleColumn("samples_per_s").get(1);
    }

    private TrainBench() {
    }
}
