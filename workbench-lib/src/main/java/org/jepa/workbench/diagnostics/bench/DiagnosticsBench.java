package org.jepa.workbench.diagnostics.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): all collapse metrics on one N×D matrix (default 10,000×512, q = 5 views per sample
 * for LiDAR), timed here and by {@code bench/diagnostics_numpy.py} on the same matrix in the same run.
 *
 * <p>Run: {@code java -cp ... org.jepa.workbench.diagnostics.bench.DiagnosticsBench [N D Q REPEATS]} from the
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
        Nd4j.getRandom().setSeed(42);
        // Anisotropic, correlated embeddings: Gaussian × a random mixing matrix with decaying scales.
        INDArray mix = Nd4j.randn(DataType.DOUBLE, d, d);
        for (int j = 0; j < d; j++) mix.getRow(j).muli(1.0 / Math.sqrt(1 + j));
        INDArray z = Nd4j.randn(DataType.DOUBLE, n, d).mmul(mix);

        run(z, q); // warm-up (JIT, native init)
        double[] times = new double[reps];
        double[] cpu = new double[reps];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        CollapseReport report = null;
        double align = 0;
        for (int r = 0; r < reps; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Object[] out = run(z, q);
            times[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
            report = (CollapseReport) out[0];
            align = (double) out[1];
        }
        double javaMedian = median(times);
        double javaCpu = median(cpu);
        System.out.printf("Java (ND4J gemm + LAPACK dsyev), %dx%d, q=%d: median %.3f s wall, %.3f s CPU over %d runs %s%n",
                n, d, q, javaMedian, javaCpu, reps, Arrays.toString(round(times)));
        System.out.printf("  rankMe=%.6f stdOfL2Normalized=%.6f lidar=%.6f alignment=%.6f uniformity=%.5f "
                + "covTop=%.6f corr01=%.6f%n", report.rankMe(), report.stdOfL2Normalized(), report.lidar(), align,
                report.uniformity(), report.covarianceEigenvalues()[0], report.correlationMatrix()[0][1]);

        Path script = Paths.get("bench", "diagnostics_numpy.py");
        Path python = Paths.get("/usr/bin/python3");
        if (!Files.exists(script) || !Files.exists(python)) {
            System.out.println("numpy comparison skipped: " + script.toAbsolutePath() + " or " + python + " missing");
            return;
        }
        Path raw = Files.createTempFile("diag-bench", ".f64");
        try {
            writeRaw(z, raw);
            Process p = new ProcessBuilder(python.toString(), script.toString(), raw.toString(), "" + n, "" + d,
                    "" + q, "" + reps).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            if (rc != 0) {
                System.out.println("numpy run failed (rc " + rc + "): " + out);
                return;
            }
            System.out.println("numpy: " + out);
            String key = "\"median_s\": ";
            int i = out.indexOf(key);
            double npMedian = Double.parseDouble(out.substring(i + key.length(), out.indexOf(',', i)));
            String ckey = "\"median_cpu_s\": ";
            int ci = out.indexOf(ckey);
            double npCpu = Double.parseDouble(out.substring(ci + ckey.length(), out.indexOf(',', ci)));
            System.out.printf("RESULT wall: java %.3f s, numpy %.3f s, ratio %.2fx | CPU (all threads): java %.3f s, "
                    + "numpy %.3f s, ratio %.2fx | load average %.1f on %d cores%n", javaMedian, npMedian,
                    javaMedian / npMedian, javaCpu, npCpu, javaCpu / npCpu, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
        } finally {
            Files.deleteIfExists(raw);
        }
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
