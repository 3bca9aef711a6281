package org.jepa.workbench.sweep;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.notebook.Progress;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link Sweep} on Spark: one small job per cell, submitted together, so that each row is saved as
 * soon as its task ends (in completion order) and a crash loses at most the cells in flight.
 */
final class SparkRunner {

    private static JavaSparkContext shared;
    private static String sharedMaster;

    private SparkRunner() { }

    static SweepResult run(Sweep s) {
        long t0 = System.nanoTime();
        RunStore store = new RunStore(s.runDir);
        if (s.fresh) store.clear();
        store.claim(s.task);
        Map<String, CellResult> byKey = new LinkedHashMap<>(store.load());
        List<Cell> todo = new ArrayList<>();
        for (Cell c : s.cells) {
            CellResult r = byKey.get(c.key());
            if (r == null || !r.ok()) todo.add(c);
        }
        int skipped = s.cells.size() - todo.size();
        if (!todo.isEmpty()) {
            JavaSparkContext sc = context(s);
            boolean local = s.master.startsWith("local");
            int parallel = Math.max(1, sc.defaultParallelism());
            int threads = s.threadsPerTask > 0 ? s.threadsPerTask
                    : local ? Math.max(1, Runtime.getRuntime().availableProcessors() / parallel) : 1;
            Progress p = s.progress ? Progress.start(s.name + " [" + s.master + "]", todo.size()) : null;
            SweepTask task = s.task;
            List<JavaFutureAction<List<CellResult>>> futures = new ArrayList<>();
            sc.setJobGroup("sweep", s.name, true);
            for (Cell c : todo) {
                futures.add(sc.parallelize(List.of(c), 1).map(x -> execute(task, x, threads)).collectAsync());
            }
            boolean[] handled = new boolean[todo.size()];
            int done = 0, failed = 0;
            try {
                while (done < todo.size()) {
                    boolean any = false;
                    for (int i = 0; i < futures.size(); i++) {
                        if (handled[i] || !futures.get(i).isDone()) continue;
                        handled[i] = true;
                        any = true;
                        // Normalised once through its JSON form, so fresh and resumed rows build identical tables.
                        CellResult r = RunStore.roundTrip(collect(futures.get(i), todo.get(i)));
                        store.save(r);
                        byKey.put(r.cell().key(), r);
                        csvSoFar(s, byKey);
                        done++;
                        if (!r.ok()) failed++;
                        if (p != null) {
                            p.update(done, String.format("%s %s in %.1f s%s", r.cell(), r.status(), r.seconds(),
                                    failed > 0 ? "  (" + failed + " failed)" : ""));
                        }
                    }
                    if (!any) Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                sc.cancelJobGroup("sweep");
                Thread.currentThread().interrupt();
                throw new WorkbenchException("Sweep '" + s.name + "' interrupted after " + done + " of " + todo.size()
                        + " cells; their rows are saved in " + s.runDir + " and a re-run resumes from there");
            }
            if (p != null) {
                p.done(String.format("%s: %d cells run (%d failed), %d already done, %.1f s on %s",
                        s.name, todo.size(), failed, skipped, (System.nanoTime() - t0) / 1e9, s.master));
            }
        }
        List<CellResult> rows = new ArrayList<>();
        for (Cell c : s.cells) rows.add(byKey.get(c.key()));
        SweepResult result = new SweepResult(s.name, s.master, s.runDir, rows, todo.size(), skipped,
                (System.nanoTime() - t0) / 1e9);
        result.writeCsv();
        return result;
    }

    /** rows.csv of the cells finished so far, in grid order: a table to open while the sweep runs. */
    private static void csvSoFar(Sweep s, Map<String, CellResult> byKey) {
        List<CellResult> rows = new ArrayList<>();
        for (Cell c : s.cells) if (byKey.containsKey(c.key())) rows.add(byKey.get(c.key()));
        new SweepResult(s.name, s.master, s.runDir, rows, 0, 0, 0).writeCsv();
    }

    private static CellResult collect(JavaFutureAction<List<CellResult>> f, Cell c) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (ExecutionException e) {
            // The task itself never throws (execute catches): this is Spark losing the executor, e.g. a native crash.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new CellResult(c, false, "Spark: " + firstLine(cause.getMessage()), Map.of(), 0, "");
        }
    }

    /** Runs one cell on an executor; every exception and NaN becomes a failed result, never a task failure. */
    static CellResult execute(SweepTask task, Cell cell, int threads) {
        String worker = worker();
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
        long t0 = System.nanoTime();
        try {
            Map<String, ?> out = task.run(cell);
            double sec = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> outputs = new LinkedHashMap<>();
            List<String> nan = new ArrayList<>();
            if (out != null) {
                for (Map.Entry<String, ?> e : out.entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Float fl) v = fl.doubleValue();
                    if (v instanceof Number n && !(v instanceof Integer) && !(v instanceof Long)) v = n.doubleValue();
                    if (v instanceof Double d && !Double.isFinite(d)) nan.add(e.getKey());
                    if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) v = v.toString();
                    outputs.put(e.getKey(), v);
                }
            }
            String error = nan.isEmpty() ? "" : "not finite: " + String.join(", ", nan);
            return new CellResult(cell, nan.isEmpty(), error, outputs, sec, worker);
        } catch (Throwable e) {
            String msg = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            return new CellResult(cell, false, msg, Map.of(), (System.nanoTime() - t0) / 1e9, worker);
        }
    }

    private static String worker() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "?" : env.executorId();
        String jvm = ManagementFactory.getRuntimeMXBean().getName();   // pid@host
        return "executor " + id + " (" + jvm + ")";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl >= 0 ? t.substring(0, nl) : t;
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    /** One Spark context per JVM (Spark allows one): reused while the master stays the same. */
    static synchronized JavaSparkContext context(Sweep s) {
        if (shared != null && !shared.sc().isStopped() && s.master.equals(sharedMaster) && s.conf.isEmpty()) return shared;
        if (shared != null) shared.stop();
        SparkConf conf = new SparkConf().setAppName("workbench sweep").setMaster(s.master)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.executorEnv.OMP_WAIT_POLICY", "passive");
        if (s.master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            // Executors are separate JVMs: give them the workbench's root (datasets) and its off-heap caps.
            String root = System.getProperty("workbench.root", System.getenv().getOrDefault("WORKBENCH_HOME", "."));
            conf.set("spark.executorEnv.WORKBENCH_HOME", root);
            conf.set("spark.executor.extraJavaOptions", "-Dworkbench.root=" + root + " -Djava.awt.headless=true -Xms32m -XX:+UseSerialGC"
                    + " -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=6g");
        }
        s.conf.forEach(conf::set);
        try {
            shared = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new WorkbenchException("Sweep: cannot start Spark on master '" + s.master + "': " + firstLine(e.getMessage())
                    + (s.master.startsWith("spark://") ? " (is the master running? see bench/spark-cluster.sh)" : ""), e);
        }
        shared.setLogLevel("WARN");
        sharedMaster = s.master;
        return shared;
    }

    /** Stops the shared Spark context, if any. */
    static synchronized void stop() {
        if (shared != null) {
            shared.stop();
            shared = null;
            sharedMaster = null;
        }
    }
}
