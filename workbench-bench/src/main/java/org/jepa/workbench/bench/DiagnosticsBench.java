package org.jepa.workbench.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): all collapse metrics on one N×D matrix (default 10,000×512, q = 5 views per sample
 * for LiDAR), timed here and by {@code bench/diagnostics_numpy.py} on the same matrix in the same run, in
 * alternating rounds (Java REPEATS times, then numpy REPEATS times, ROUNDS times) so that a shared machine's
 * drifting speed affects both sides alike; medians over all runs are compared.
 *
 * <p>Run: {@code java -cp ... org.jepa.workbench.diagnostics.bench.DiagnosticsBench [N D Q REPEATS ROUNDS]} from the
 * repository root (it looks for {@code bench/diagnostics_numpy.py} there and for {@code /usr/bin/python3}).
 */
public final class DiagnosticsBench {
    private DiagnosticsBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int q = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Nd4j.getRandom().setSeed(42);
        // Anisotropic, correlated embeddings: Gaussian × a random mixing matrix with decaying scales.
        INDArray mix = Nd4j.randn(DataType.DOUBLE, d, d);
        for (int j = 0; j < d; j++) mix.getRow(j).muli(1.0 / Math.sqrt(1 + j));
        INDArray z = Nd4j.randn(DataType.DOUBLE, n, d).mmul(mix);

        Path script = Paths.get("bench", "diagnostics_numpy.py");
        Path python = Paths.get("/usr/bin/python3");
        boolean numpy = Files.exists(script) && Files.exists(python);
        if (!numpy) System.out.println("numpy comparison skipped: " + script.toAbsolutePath() + " or " + python + " missing");
        Path raw = Files.createTempFile("diag-bench", ".f64");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try {
            writeRaw(z, raw);
            for (int w = 0; w < 3; w++) run(z, q); // warm-up: JIT of the parallel loops, native init
            // Rounds alternate Java and numpy, so drift in a shared machine's speed hits both sides alike.
            List<Double> javaWall = new ArrayList<>(), javaCpu = new ArrayList<>();
            List<Double> npWall = new ArrayList<>(), npCpu = new ArrayList<>();
            CollapseReport report = null;
            double align = 0;
            String npOut = null;
            for (int round = 0; round < rounds; round++) {
                double[] times = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    Object[] out = run(z, q);
                    times[r] = (System.nanoTime() - t0) / 1e9;
                    javaWall.add(times[r]);
                    javaCpu.add((os.getProcessCpuTime() - c0) / 1e9);
                    report = (CollapseReport) out[0];
                    align = (double) out[1];
                }
                String line = String.format("round %d: Java %s", round + 1, Arrays.toString(round(times)));
                if (numpy) {
                    npOut = numpy(python, script, raw, n, d, q, reps);
                    if (npOut == null) {
                        numpy = false;
                    } else {
                        double[] nt = field(npOut, "times_s");
                        double[] nc = field(npOut, "cpu_s");
                        for (int i = 0; i < nt.length; i++) {
                            npWall.add(nt[i]);
                            npCpu.add(nc[i]);
                        }
                        line += String.format("  numpy %s  ratio of medians %.2fx", Arrays.toString(round(nt)),
                                median(times) / median(nt));
                    }
                }
                System.out.println(line);
            }
            double jw = median(javaWall), jc = median(javaCpu);
            System.out.printf("Java (OpenBLAS dsyrk/dsyev + EJML), %dx%d, q=%d: median %.3f s wall, %.3f s CPU over %d runs%n",
                    n, d, q, jw, jc, javaWall.size());
            System.out.printf("  rankMe=%.6f stdOfL2Normalized=%.6f lidar=%.6f alignment=%.6f uniformity=%.5f "
                    + "covTop=%.6f corr01=%.6f%n", report.rankMe(), report.stdOfL2Normalized(), report.lidar(), align,
                    report.uniformity(), report.covarianceEigenvalues()[0], report.correlationMatrix()[0][1]);
            if (!numpy) return;
            System.out.println("numpy (last round): " + npOut);
            double nw = median(npWall), nc = median(npCpu);
            System.out.printf("RESULT wall: java %.3f s, numpy %.3f s, ratio %.2fx | CPU (all threads): java %.3f s, "
                    + "numpy %.3f s, ratio %.2fx | %d+%d runs in %d alternating rounds | load average %.1f on %d cores%n",
                    jw, nw, jw / nw, jc, nc, jc / nc, javaWall.size(), npWall.size(), rounds, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** One numpy run of {@code reps} timed repetitions; its JSON line, or null (with the reason printed). */
    private static String numpy(Path python, Path script, Path raw, int n, int d, int q, int reps)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), script.toString(), raw.toString(), "" + n, "" + d, "" + q,
                "" + reps).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        if (rc != 0) {
            System.out.println("numpy run failed (rc " + rc + "): " + out);
            return null;
        }
        return out;
    }

    /** A JSON number array field of the numpy line, e.g. "times_s": [0.1, 0.2]. */
    private static double[] field(String json, String key) {
        int i = json.indexOf("\"" + key + "\": [");
        int a = json.indexOf('[', i) + 1;
        String[] parts = json.substring(a, json.indexOf(']', a)).split(",");
        double[] v = new double[parts.length];
        for (int k = 0; k < parts.length; k++) v[k] = Double.parseDouble(parts[k].trim());
        return v;
    }

    private static double median(List<Double> t) {
        double[] a = new double[t.size()];
        for (int i = 0; i < a.length; i++) a[i] = t.get(i);
        return median(a);
    }

    private static Object[] run(INDArray z, int q) {
        CollapseReport r = Collapse.of(z).name("bench").groupedViews(q).diagnose();
        return new Object[] {r, r.alignment()};
    }

    private static void writeRaw(INDArray z, Path file) throws IOException {
        double[] a = z.dup('c').data().asDouble();
        ByteBuffer buf = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(a);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(buf);
        }
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double[] round(double[] t) {
        double[] r = new double[t.length];
        for (int i = 0; i < t.length; i++) r[i] = Math.round(t[i] * 1000) / 1000.0;
        return r;
    }
}
