package org.jepa.workbench.bench;

import java.util.Locale;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.Split;
import org.jepa.workbench.diagnostics.CollapseMonitor;
import org.jepa.workbench.train.TrainingRun;
import tech.tablesaw.api.Table;

/**
 * Benchmark (not a test): the cost of a {@link CollapseMonitor} at its default settings (a check every
 * default {@code every} steps on a held-out batch; here 512 test images, D = 128) as a fraction of training time, for
 * {@link MethodComparison}'s VICReg run on MNIST.
 *
 * <p>Two estimates, because wall-clock differences between two runs on a shared machine are noisy:
 * <ol>
 *   <li>direct: the monitor's own timing (embed + diagnose, summed over every check) divided by the
 *       monitored run's training time;</li>
 *   <li>paired: (monitored − plain) / plain wall time of the same run with and without the monitor,
 *       alternated {@code repeats} times, median.</li>
 * </ol>
 * Run: {@code ./workbench run org.jepa.workbench.train.bench.MonitorOverhead [EPOCHS] [REPEATS]}.
 */
public final class MonitorOverhead {
    private MonitorOverhead() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        MethodComparison mc = MethodComparison.builder().build();
        Split s = mc.split();
        LabeledData train = s.train().head(4096); // the comparison's SSL set
        var heldOut = s.test().head(512).features();
        String load0 = MethodComparison.loadAverage();
        // warm-up: JIT and native initialisation, not timed
        mc.setup("vicreg", 1).fit(train.head(1024));
        double[] plain = new double[repeats], monitored = new double[repeats], direct = new double[repeats];
        int checks = 0;
        long steps = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            TrainingRun p = mc.setup("vicreg", epochs).fit(train);
            plain[r] = (System.nanoTime() - t0) / 1e9;
            CollapseMonitor mon = CollapseMonitor.builder(heldOut).name("vicreg").build();
            t0 = System.nanoTime();
            MethodComparison.Setup withMonitor = mc.setup("vicreg", epochs);
            withMonitor.trainer().callback(mon);
            TrainingRun m = withMonitor.fit(train);
            monitored[r] = (System.nanoTime() - t0) / 1e9;
            Table h = mon.history();
            double monSecs = (h.doubleColumn("millis").sum() + h.doubleColumn("embedMillis").sum()) / 1e3;
            direct[r] = monSecs / (monitored[r] - monSecs);
            checks = h.rowCount();
            steps = m.steps().rowCount();
            System.out.printf(Locale.ROOT, "repeat %d: plain %.1f s, monitored %.1f s, monitor's own time %.2f s in %d checks"
                    + " (%.0f ms each) over %d steps -> direct %.2f%%, paired %.2f%%%n", r, plain[r], monitored[r], monSecs,
                    checks, 1e3 * monSecs / checks, steps, 100 * direct[r], 100 * (monitored[r] - plain[r]) / plain[r]);
            if (p.steps().rowCount() != steps) throw new IllegalStateException("runs differ in length");
        }
        double[] paired = new double[repeats];
        for (int r = 0; r < repeats; r++) paired[r] = (monitored[r] - plain[r]) / plain[r];
        System.out.printf(Locale.ROOT, "CollapseMonitor overhead (default settings, 512x128 held-out): direct %.2f%% "
                + "(median), paired %.2f%% (median of %d); %d steps, %d checks; load average before %s, after %s%n",
                100 * median(direct), 100 * median(paired), repeats, steps, checks, load0, MethodComparison.loadAverage());
    }

    private static double median(double[] a) {
        double[] b = a.clone();
        java.util.Arrays.sort(b);
        int n = b.length;
        return n % 2 == 1 ? b[n / 2] : 0.5 * (b[n / 2 - 1] + b[n / 2]);
    }
}
