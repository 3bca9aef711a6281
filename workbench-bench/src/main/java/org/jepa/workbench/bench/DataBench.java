package org.jepa.workbench.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.jepa.workbench.data.Augment;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.data.LabeledData;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How long the data side takes (a benchmark, not a test): loading MNIST cold and cached, and each
 * augmentation on a batch of 256 MNIST images (5 warm-up then 15 timed applications; thread CPU min and
 * median, wall median). {@code ./workbench bench data}.
 */
public final class DataBench {
    private DataBench() {
    }

    public static void main(String[] args) {
        Datasets.digits(); // ND4J start-up (natives) is not part of the load time
        Datasets.clearCache();
        long t0 = System.nanoTime();
        LabeledData m = Datasets.mnist();
        long t1 = System.nanoTime();
        Datasets.mnist();
        long t2 = System.nanoTime();
        System.out.printf("mnist load: cold %d ms, cached %d ms (%d rows)%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, m.size());

        INDArray batch = m.head(256).features();
        Augmentation full = Augment.images(28, 28).shift(2).rotate(10).cropResize(0.6).noise(0.1).erase(0.25).clip().build();
        Augmentation[] parts = {Augment.images(28, 28).build(), Augment.images(28, 28).shift(2).build(), Augment.images(28, 28).rotate(10).build(),
                Augment.images(28, 28).cropResize(0.6).build(), Augment.images(28, 28).noise(0.1).build(),
                Augment.images(28, 28).erase(0.25).build(), Augment.vectors().noise(0.1).featureMask(0.2).build(),
                (b, r) -> Augment.blockMask(28, 28).build().apply(b, r).context(), full};
        Random rng = new Random(0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder("per batch of 256 MNIST images, 5 warm-up then 15 timed: "
                + "thread CPU ms min / median, wall ms median\n");
        for (Augmentation a : parts) {
            long[] cpu = new long[15], wall = new long[15];
            for (int i = 0; i < 20; i++) {
                long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                a.apply(batch, rng);
                if (i >= 5) {
                    wall[i - 5] = System.nanoTime() - w0;
                    cpu[i - 5] = mx.getCurrentThreadCpuTime() - c0;
                }
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            String name = a.toString().contains("Lambda") ? "BlockMask (4 blocks, I-JEPA defaults)" : a.toString();
            sb.append(String.format("  %-100s %6.2f / %6.2f, %7.2f%n", name, cpu[0] / 1e6, cpu[7] / 1e6, wall[7] / 1e6));
        }
        System.out.print(sb);
        System.out.printf("load average %s%n", MethodComparison.loadAverage());
    }
}
