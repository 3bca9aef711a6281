package org.jepa.workbench.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-precision GEMM throughput on the shapes of the reference MLP step (issue 12), four ways: ND4J's
 * {@code INDArray.mmuli} on c-order arrays (what a quick measurement of "ND4J's mmul" times), the same on f-order
 * arrays, the {@code Mmul} op executed as SameDiff executes it, and {@code cblas_sgemm} called directly on native
 * buffers (what the loaded OpenBLAS itself reaches). Prints the BLAS loaded into the process and the thread
 * settings; run it under different environments (OPENBLAS_CORETYPE, OPENBLAS_NUM_THREADS,
 * {@code -Dorg.bytedeco.openblas.load=openblas -Dorg.bytedeco.javacpp.pathsFirst=true} for the system OpenBLAS).
 * {@code bench/gemm_torch.py} times PyTorch on the same shapes.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.GemmBench [seconds per shape and way=2]
 * </pre>
 */
public final class GemmBench {
    /** m, k, n of the step's products: forward, then the two backward products of each layer. */
    static final int[][] SHAPES = {
        {512, 784, 1024}, {512, 1024, 1024}, {512, 1024, 256},     // forward, two views stacked
        {784, 512, 1024}, {1024, 512, 1024},                        // weight gradients (xᵀ·g)
        {512, 1024, 784}, {1024, 1024, 1024},
        {256, 784, 1024}, {256, 1024, 1024}, {1024, 256, 1024},   // one view at a time, as the siamese step runs
    };

    private GemmBench() {
    }

    /** The OpenBLAS shared objects mapped into this process (Linux), which says which build actually runs. */
    static String loadedBlas() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("blas")).map(l -> l.substring(l.indexOf('/'))).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        Nd4j.getRandom().setSeed(1);
        System.out.printf("BLAS %s, %d BLAS threads; ND4J threads %d; OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s"
                        + " OMP_WAIT_POLICY=%s org.bytedeco.openblas.load=%s (OPENBLAS_VERBOSE=2 prints the kernel chosen)%n",
                Nd4j.factory().blas().getBlasVendor(), Nd4j.factory().blas().getMaxThreads(),
                Nd4j.getEnvironment().maxMasterThreads(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_CORETYPE"), System.getenv("OMP_WAIT_POLICY"), System.getProperty("org.bytedeco.openblas.load"));
        System.out.println("loaded: " + loadedBlas());
        double total = 0;
        for (int[] s : SHAPES) {
            INDArray a = Nd4j.rand(DataType.FLOAT, s[0], s[1]), b = Nd4j.rand(DataType.FLOAT, s[1], s[2]);
            INDArray c = Nd4j.create(DataType.FLOAT, s[0], s[2]);
            total += time("mmuli c", s, () -> a.mmuli(b, c), seconds);
            INDArray af = a.dup('f'), bf = b.dup('f'), cf = Nd4j.create(DataType.FLOAT, new long[] {s[0], s[2]}, 'f');
            time("mmuli f", s, () -> af.mmuli(bf, cf), seconds);
            time("Mmul op", s, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(a, b, c, null)), seconds);
        }
        System.out.printf("mmuli c, all shapes once: %.2f ms%n", 1e3 * total);
        direct(seconds);
    }

    /** cblas_sgemm called directly on native buffers, bypassing ND4J: what the loaded OpenBLAS itself reaches. */
    static void direct(double seconds) {
        double total = 0;
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            try (org.bytedeco.javacpp.FloatPointer a = new org.bytedeco.javacpp.FloatPointer((long) m * k);
                 org.bytedeco.javacpp.FloatPointer b = new org.bytedeco.javacpp.FloatPointer((long) k * n);
                 org.bytedeco.javacpp.FloatPointer c = new org.bytedeco.javacpp.FloatPointer((long) m * n)) {
                java.util.Random r = new java.util.Random(1);
                for (long i = 0; i < (long) m * k; i++) a.put(i, r.nextFloat());
                for (long i = 0; i < (long) k * n; i++) b.put(i, r.nextFloat());
                total += time("cblas  ", s, () -> org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(101, 111, 111, m, n, k, 1f, a, k, b, n, 0f, c, n), seconds);
            }
        }
        System.out.printf("cblas, all shapes once: %.2f ms%n", 1e3 * total);
    }

    /** Runs {@code gemm} (shape m, k, n) 3 times to warm up, then for {@code seconds}; prints GFLOP/s; returns seconds per call. */
    private static double time(String way, int[] s, Runnable gemm, double seconds) {
        for (int i = 0; i < 3; i++) gemm.run();
        long t0 = System.nanoTime();
        int reps = 0;
        while (System.nanoTime() - t0 < seconds * 1e9) {
            gemm.run();
            reps++;
        }
        double per = (System.nanoTime() - t0) / 1e9 / reps;
        System.out.printf("%s %-18s %7.1f GFLOP/s  %6.2f ms%n", way, Arrays.toString(s), 2.0 * s[0] * s[1] * s[2] / per / 1e9, 1e3 * per);
        return per;
    }
}
