package org.jepa.workbench.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jepa.workbench.sweep.Cell;
import org.jepa.workbench.sweep.CellResult;
import org.jepa.workbench.sweep.CollapseCell;
import org.jepa.workbench.sweep.DigitsMethodCell;
import org.jepa.workbench.sweep.ManifoldCell;
import org.jepa.workbench.sweep.Sweep;
import org.jepa.workbench.sweep.SweepResult;
import org.jepa.workbench.sweep.SweepTask;
import org.jepa.workbench.sweep.VerdictFit;
import tech.tablesaw.api.Table;

/**
 * Sweeps on Spark, measured.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.SweepBench scaling [--master M]... [--rounds N]   16 cells on each master (default local[1], local[2])
 * Without --master, verdicts / batches / dimensions run where Sweep runs by default: WORKBENCH_SPARK_MASTER, else
 * spark-submit's master, else local[*].
 * ./workbench run org.jepa.workbench.bench.SweepBench verdicts [--master M]   lecture 01's 5 objectives × 8 seeds (resumable)
 * ./workbench run org.jepa.workbench.bench.SweepBench batches [--master M]    lecture 03's methods × 5 batch sizes × 5 seeds (resumable)
 * ./workbench run org.jepa.workbench.bench.SweepBench dimensions [--master M] the dimension argument, 6 D × 5 models × 4 seeds (resumable)
 * ./workbench run org.jepa.workbench.bench.SweepBench same --master spark://127.0.0.1:7077
 *                                                       the same 16 cells on local[2] and on the cluster: identical rows?
 * </pre>
 * The 16 cells are lecture 01's experiment ({@link CollapseCell}) at a reduced budget: 4 objectives × 4 seeds,
 * 1,000 training images, 2 epochs. Spark's overhead per cell is measured with 16 cells that do nothing.
 * {@code bench/spark-cluster.sh} starts a standalone master and two workers and runs both.
 */
public final class SweepBench {

    /** A cell that does nothing: what remains of its wall time is Spark's. */
    public static final class Nothing implements SweepTask {
        @Override
        public Map<String, ?> run(Cell cell) {
            return Map.of("value", cell.integer("seed"));
        }
    }

    static Sweep.Builder sixteen(String master, Path dir) {
        return Sweep.named("sixteen cells").task(new CollapseCell())
                .grid("objective", "none", "VICReg μ=3", "VICReg", "SIGReg").range("seed", 1, 4)
                .grid("train", 1000).grid("epochs", 2)
                .master(master).runDir(dir).threadsPerTask(master.equals("local[1]") ? 0 : 1).progress(true);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "scaling";
        List<String> masters = new ArrayList<>();
        int rounds = 2;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--master")) masters.add(args[++i]);
            else if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
            else throw new IllegalArgumentException("unknown option " + args[i] + "; use --master URL, --rounds N");
        }
        Path out = Path.of(System.getProperty("workbench.root", "."), "build", "bench", "sweep");
        Files.createDirectories(out);
        switch (mode) {
            case "scaling" -> scaling(masters.isEmpty() ? List.of("local[1]", "local[2]") : masters, rounds, out);
            case "same" -> same(masters, out);
            case "verdicts" -> verdicts(masters.isEmpty() ? null : masters.get(0), out);
            case "batches" -> batches(masters.isEmpty() ? null : masters.get(0), out);
            case "dimensions" -> dimensions(masters.isEmpty() ? null : masters.get(0), out);
            default -> throw new IllegalArgumentException("mode is scaling or same, got " + mode);
        }
        System.exit(0);   // Spark's non-daemon threads would keep the JVM alive
    }

    /**
     * Wall time of the 16 cells on each master, {@code --rounds} rounds (default 2) in alternating order after an untimed warm-up (JIT
     * and ND4J in the driver); medians. A cluster's executors are new JVMs in every round (a new application),
     * so their start-up is part of its time, as it would be for any sweep.
     */
    static void scaling(List<String> masters, int rounds, Path out) throws Exception {
        Sweep.named("warm-up").task(new CollapseCell()).grid("objective", "VICReg", "SIGReg").grid("seed", 1, 2)
                .grid("train", 1000).grid("epochs", 1).master("local[2]").runDir(Files.createTempDirectory(out, "warmup")).progress(false).run();
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(masters);
            if (round % 2 == 1) java.util.Collections.reverse(order);
            for (String m : order) {
                String tag = m.replaceAll("[^a-z0-9]+", "_");
                // Empty cells first: the context starts here, so the 16 training cells below do not pay for it.
                SweepResult first = Sweep.named("start-up").task(new Nothing()).range("seed", 1, 2).master(m)
                        .runDir(Files.createTempDirectory(out, "noop")).progress(false).run();
                SweepResult nothing = Sweep.named("nothing").task(new Nothing()).range("seed", 1, 16).master(m)
                        .runDir(Files.createTempDirectory(out, "noop")).progress(false).run();
                SweepResult r = sixteen(m, Files.createTempDirectory(out, "cells-" + tag)).progress(false).run();
                double taskSum = r.results().stream().mapToDouble(CellResult::seconds).sum();
                rows.computeIfAbsent(m, k -> new ArrayList<>()).add(new double[] {first.seconds(), nothing.seconds() / 16 * 1000,
                        r.seconds(), taskSum, r.failed().size()});
                System.out.printf("round %d %s: 16 cells in %.1f s (Σ task %.1f s), %d failed%n", round + 1, m, r.seconds(), taskSum, r.failed().size());
            }
        }
        System.out.println("| master | context start + 2 empty cells (s) | empty cell, wall per cell (ms) | 16 cells wall (s), rounds | median | Σ task time (s) | failed |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach((m, v) -> System.out.printf("| %s | %.1f | %.0f | %s | %.1f | %.1f | %.0f |%n", m, median(v, 0), median(v, 1),
                v.stream().map(a -> String.format("%.1f", a[2])).collect(java.util.stream.Collectors.joining(", ")),
                median(v, 2), median(v, 3), v.stream().mapToDouble(a -> a[4]).sum()));
    }

    private static double median(List<double[]> v, int i) {
        double[] x = v.stream().mapToDouble(a -> a[i]).sorted().toArray();
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }

    /** Lecture 01's five objectives × seeds 1–8 at the lecture's budget; resumable in build/bench/sweep/verdicts. */
    static void verdicts(String master, Path out) {
        SweepResult r = Sweep.named("verdicts over seeds").task(new CollapseCell())
                .grid("objective", CollapseCell.OBJECTIVES.toArray()).range("seed", 1, 8)
                .master(master != null ? master : Sweep.defaultMaster()).runDir(out.resolve("verdicts")).run();
        System.out.println(r);
        System.out.println(r.rows().printAll());
        System.out.println(r.summary("seed").printAll());
        r.save(out.resolve("verdicts-over-seeds.jsonl"));
        VerdictFit.Rule fitted = VerdictFit.fit(r.results(), CollapseCell.INTENDED);
        System.out.println("fitted on all seeds: " + fitted);
        System.out.println(VerdictFit.beforeAfter(r.results(), CollapseCell.INTENDED, fitted).printAll());
        System.out.println(VerdictFit.crossValidated(r.results(), CollapseCell.INTENDED).printAll());
    }

    /** Lecture 03's batch-size question over seeds: 4 methods × 5 batch sizes × seeds 1–5 (D = 64, 4 epochs). */
    static void batches(String master, Path out) {
        SweepResult r = Sweep.named("batch size over seeds").task(new DigitsMethodCell())
                .grid("method", DigitsMethodCell.METHODS.toArray()).grid("batch", 32, 64, 128, 256, 512).range("seed", 1, 5)
                .master(master != null ? master : Sweep.defaultMaster()).runDir(out.resolve("batches")).run();
        System.out.println(r);
        System.out.println(r.summary("seed").printAll());
        r.save(out.resolve("batch-size-over-seeds.jsonl"));
    }

    /** The dimension argument at full scale: D = 2 … 64 × contrastive K = 1, 4, 16, 64 and regularized × seeds 1–4. */
    static void dimensions(String master, Path out) {
        Sweep.Builder b = Sweep.named("dimension argument (full)").task(new ManifoldCell())
                .master(master != null ? master : Sweep.defaultMaster()).runDir(out.resolve("dimensions"));
        for (int d : new int[] {2, 4, 8, 16, 32, 64}) {
            for (int s = 1; s <= 4; s++) {
                for (int k : new int[] {1, 4, 16, 64}) b.cell("D", d, "model", "contrastive K=" + k, "method", "contrastive", "K", k, "seed", s);
                b.cell("D", d, "model", "regularized", "method", "regularized", "K", 0, "seed", s);
            }
        }
        SweepResult r = b.run();
        System.out.println(r);
        System.out.println(r.summary("seed").selectColumns("D", "model", "n", "auroc_mean", "auroc_std", "negatives_near_mean", "train_s_mean").printAll());
        r.save(out.resolve("dimension-argument.jsonl"));
    }

    static void same(List<String> masters, Path out) throws Exception {
        if (masters.size() != 1) throw new IllegalArgumentException("same needs one --master (the cluster), e.g. spark://127.0.0.1:7077");
        Table local = sixteen("local[2]", Files.createTempDirectory(out, "local")).run().rows();
        SweepResult onCluster = sixteen(masters.get(0), Files.createTempDirectory(out, "cluster")).run();
        Table cluster = onCluster.rows();
        System.out.println(onCluster);
        System.out.println(cluster.printAll());
        List<String> compared = new ArrayList<>(local.columnNames());
        compared.removeAll(List.of("seconds", "worker", "train_s"));
        int differ = 0;
        for (int i = 0; i < local.rowCount(); i++) {
            for (String c : compared) {
                String a = local.column(c).getString(i), b = cluster.column(c).getString(i);
                if (!a.equals(b)) {
                    differ++;
                    System.out.printf("row %d column %s: local %s, cluster %s%n", i, c, a, b);
                }
            }
        }
        System.out.println("workers: " + cluster.stringColumn("worker").unique().asList());
        System.out.printf("local[2] vs %s: %d of %d values differ (columns compared: %s)%n", masters.get(0), differ,
                local.rowCount() * compared.size(), compared);
    }
}
