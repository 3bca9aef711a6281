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
import org.jepa.workbench.Backend;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.model.ConvNet;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.objective.Objectives;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training throughput (samples/s) of the reference siamese step — two views, batch 256 — for
 * {MLP 784→1024→BN→ReLU→1024→BN→ReLU→256, ConvNet 1×28×28 (32/64 filters)→256} × {VICReg, InfoNCE},
 * with the workbench Trainer, then the same workloads in PyTorch on CPU ({@code bench/torch_reference.py}
 * via {@code /usr/bin/python3}, 2 threads), printing the ratio and the 1-minute load average at the
 * time of each measurement. Objectives: {@code Objectives.byName("vicreg")} = {@code VICReg.defaults()}
 * and {@code Objectives.byName("infonce")} = {@code InfoNCE.defaults()}; the Python twin writes the same
 * formulas out. Data: the first steps×256 digits of {@code Datasets.mnist()} (both sides read the same
 * file); both views are the same batch, so augmentation cost is not measured. Not a JUnit test; run by
 * hand or with {@code ./workbench bench training}, see {@code bench/README.md}.
 */
public final class TrainBench {
    static final int BATCH = 256;

    /** args: [steps per measured epoch, default 10] [models, default "mlp,conv"]. */
    public static void main(String[] args) throws Exception {
        int measure = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String root = System.getProperty("workbench.root", ".");
        List<String> rows = new ArrayList<>();
        String models = args.length > 1 ? args[1] : "mlp,conv";
        Backend backend = Backend.current();
        System.out.println("workbench: " + backend + "; matrix products: " + backend.products());
        System.out.println("objectives: " + Objectives.byName("vicreg") + ", " + Objectives.byName("infonce"));
        System.out.println("data: first " + BATCH * measure + " digits of Datasets.mnist(), "
                + "both views = the same batch; 1 warm-up epoch, then 1 timed epoch of " + measure + " steps");
        for (String model : models.split(",")) {
            for (String obj : new String[] {"vicreg", "infonce"}) {
                double sps = run(model, obj, measure);
                double load = loadAverage();
                rows.add(model + " " + obj + " " + sps + " " + load);
                System.out.printf(Locale.ROOT, "workbench %-5s %-8s %9.1f samples/s   load %.1f%n", model, obj, sps, load);
            }
        }
        long ownPeak = peakResidentKb();   // both fits done: this JVM's high-water mark
        Path script = Path.of(root, "bench", "torch_reference.py");
        if (!Files.isExecutable(Path.of("/usr/bin/python3")) || !Files.exists(script)) {
            System.out.println("PyTorch reference NOT RUN: /usr/bin/python3 or " + script + " missing");
            return;
        }
        Path images = Datasets.root().resolve(Datasets.MNIST_IMAGES);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(measure), models,
                images.toString());
        pb.redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        List<String> torch = new ArrayList<>();
        long torchPeak = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("  [torch] " + line);
                if (line.startsWith("RESULT ")) torch.add(line.substring(7));
                if (line.startsWith("PEAK_RSS_KB ")) torchPeak = Long.parseLong(line.substring(12).trim());
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || torch.isEmpty()) {
            System.out.println("PyTorch reference NOT RUN (exit " + rc + "): is python3-torch installed? "
                    + "apt-get install python3-torch libopenblas0-pthread");
            return;
        }
        System.out.println();
        System.out.println("samples/s (two views, batch " + BATCH + ", " + measure + " timed steps); load = 1-min load average"
                + " when each side finished, on " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("workload        workbench    pytorch   ratio   load(wb)  load(torch)");
        for (String row : rows) {
            String[] w = row.split(" ");
            for (String t : torch) {
                String[] q = t.split(" ");
                if (q[0].equals(w[0]) && q[1].equals(w[1])) {
                    double a = Double.parseDouble(w[2]), b = Double.parseDouble(q[2]);
                    String tl = q.length > 3 ? q[3] : "?";
                    System.out.printf(Locale.ROOT, "%-5s %-8s %10.1f %10.1f   %5.2f   %7.1f   %s%n",
                            w[0], w[1], a, b, a / b, Double.parseDouble(w[3]), tl);
                }
            }
        }
        if (ownPeak > 0 && torchPeak > 0) {
            System.out.printf(Locale.ROOT, "peak resident size (MB = 1000 kB): workbench %.0f MB (this JVM, all its fits), "
                    + "pytorch %.0f MB; ratio %.2f (issue 12: <= 2)%n", ownPeak / 1e3, torchPeak / 1e3, (double) ownPeak / torchPeak);
        }
    }

    /** This process's peak resident size in kB ({@code VmHWM}), or −1 where /proc does not tell. */
    static long peakResidentKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The 1-minute system load average, or NaN where the OS does not report it. */
    static double loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    static double run(String model, String obj, int measure) {
        Module enc = model.equals("mlp") ? Mlp.of(784, 1024, 1024, 256).norm(Norm.BATCH) : ConvNet.of(1, 28, 28, 256);
        Objective objective = Objectives.byName(obj);
        // Epoch 0 = warm-up (gradient-function creation, JIT), epoch 1 = measured; same graph.
        INDArray data = Datasets.mnist().head(BATCH * measure).features();
        Jepa m = Jepa.siamese(enc, objective).seed(1).build();
        TrainingRun r = Trainer.builder().epochs(2).batchSize(BATCH).seed(1).progress(false).build()
                .fit(m, ViewPairs.identical(data));
        return r.history().doubleColumn("samples_per_s").get(1);
    }

    private TrainBench() {
    }
}
