package org.jepa.workbench.sweep;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jepa.workbench.WorkbenchException;

/**
 * A grid of experiment configurations, each {@link Cell} one Spark task that trains, diagnoses and probes
 * and returns one row; the rows gather into a Tablesaw table ({@link SweepResult#rows()}, and mean ± std
 * over seeds in {@link SweepResult#summary(String...)}).
 *
 * <pre>{@code
 * SweepResult r = Sweep.named("verdicts over seeds")
 *         .task(new CollapseCell())
 *         .grid("objective", "none", "VICReg", "SIGReg")
 *         .grid("seed", 1, 2, 3, 4, 5, 6, 7, 8)
 *         .run();                       // local[*]: embedded Spark, every core
 * r.summary("seed")                     // one row per objective: means, stds, verdict agreement
 * }</pre>
 *
 * <ul>
 *   <li><b>Where it runs.</b> Embedded by default: Spark {@code local[*]} inside this JVM (notebook or CLI),
 *       each task's ND4J thread count set to cores / parallel tasks so that tasks do not oversubscribe the
 *       cores. {@code .master("spark://host:7077")} (or the {@code WORKBENCH_SPARK_MASTER} environment
 *       variable) runs the same cells on a standalone cluster whose executors have the workbench on their
 *       class path (see the README and {@code bench/spark-cluster.sh}).</li>
 *   <li><b>Nothing lost.</b> Each cell's row is written to {@code <runDir>/cells/} as it arrives; a sweep
 *       started again on the same run directory skips the cells that succeeded (it re-runs failed ones).
 *       Rows are matched by parameters, not by the code that made them: after changing a task's code use
 *       {@link Builder#fresh()}. A run directory serves one task class; another's rows are refused. A cell
 *       that throws or returns NaN is recorded with its error and the others go on.</li>
 *   <li><b>Quiet.</b> Spark's web UI is off and its logging at WARN; progress shows cells done / total
 *       with an ETA, in the notebook or on the console.</li>
 * </ul>
 */
public final class Sweep {

    /** Environment variable naming the default Spark master (e.g. {@code spark://127.0.0.1:7077}). */
    public static final String MASTER_ENV = "WORKBENCH_SPARK_MASTER";

    final String name;
    final SweepTask task;
    final List<Cell> cells;
    final String master;
    final Path runDir;
    final int threadsPerTask;
    final boolean progress;
    final boolean fresh;
    final Map<String, String> conf;

    private Sweep(Builder b, List<Cell> cells) {
        this.name = b.name;
        this.task = b.task;
        this.cells = List.copyOf(cells);
        this.master = b.master != null ? b.master : defaultMaster();
        this.runDir = b.runDir != null ? b.runDir : defaultRunDir(b.name);
        this.threadsPerTask = b.threadsPerTask;
        this.progress = b.progress;
        this.fresh = b.fresh;
        this.conf = Map.copyOf(b.conf);
    }

    /** Starts a sweep called {@code name} (also its run directory's name, unless {@link Builder#runDir} is set). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The cells in run order: the grid's product, the first parameter varying slowest. */
    public List<Cell> cells() {
        return cells;
    }

    /** The Spark master URL this sweep runs on. */
    public String master() {
        return master;
    }

    /** The run directory where rows persist. */
    public Path runDir() {
        return runDir;
    }

    /** Runs the cells not yet finished in {@link #runDir()}, and returns every cell's row. */
    public SweepResult run() {
        return SparkRunner.run(this);
    }

    /**
     * Where a sweep runs unless told: {@code WORKBENCH_SPARK_MASTER}, else {@code spark.master} (set by
     * {@code spark-submit --master}), else {@code local[*]}.
     */
    public static String defaultMaster() {
        String env = System.getenv(MASTER_ENV);
        if (env != null && !env.isBlank()) return env.trim();
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted.trim() : "local[*]";
    }

    static Path defaultRunDir(String name) {
        String root = System.getProperty("workbench.root", System.getenv().getOrDefault("WORKBENCH_HOME", "."));
        return Paths.get(root, "build", "sweeps", slug(name));
    }

    static String slug(String s) {
        String t = s.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return t.isEmpty() ? "sweep" : t;
    }

    /** Fluent configuration of a {@link Sweep}. */
    public static final class Builder {
        private final String name;
        private SweepTask task;
        private final LinkedHashMap<String, List<Object>> grid = new LinkedHashMap<>();
        private final List<Map<String, Object>> listed = new ArrayList<>();
        private String master;
        private Path runDir;
        private int threadsPerTask;
        private boolean progress = true;
        private boolean fresh;
        private final Map<String, String> conf = new LinkedHashMap<>();

        private Builder(String name) {
            WorkbenchException.require(name != null && !name.isBlank(), "Sweep.named: give the sweep a name");
            this.name = name;
        }

        /** What each cell runs: a serializable library class (see {@link SweepTask}). */
        public Builder task(SweepTask t) {
            WorkbenchException.require(t != null, "Sweep.task: null task");
            this.task = t;
            return this;
        }

        /**
         * Adds a grid axis: parameter {@code param} takes each of {@code values} (strings, integers, doubles,
         * booleans). The cells are the product of all axes.
         */
        public Builder grid(String param, Object... values) {
            WorkbenchException.require(param != null && !param.isBlank(), "Sweep.grid: empty parameter name");
            WorkbenchException.require(!grid.containsKey(param), "Sweep.grid: parameter '" + param + "' given twice");
            WorkbenchException.require(values != null && values.length > 0,
                    "Sweep.grid('" + param + "'): give at least one value");
            WorkbenchException.require(new HashSet<>(Arrays.asList(values)).size() == values.length,
                    "Sweep.grid('" + param + "'): repeated values " + Arrays.toString(values));
            grid.put(param, new ArrayList<>(Arrays.asList(values)));
            return this;
        }

        /** Integer axis: {@code grid(param, from, from+1, …, to)}. */
        public Builder range(String param, int from, int to) {
            WorkbenchException.require(to >= from, "Sweep.range('" + param + "'): to (" + to + ") < from (" + from + ")");
            Object[] v = new Object[to - from + 1];
            for (int i = 0; i < v.length; i++) v[i] = from + i;
            return grid(param, v);
        }

        /**
         * Adds one explicit cell after the grid's, for sweeps that are not a product, as name–value pairs in
         * column order: {@code cell("D", 8, "method", "contrastive", "K", 4, "seed", 1)}.
         */
        public Builder cell(Object... nameValuePairs) {
            WorkbenchException.require(nameValuePairs != null && nameValuePairs.length > 0 && nameValuePairs.length % 2 == 0,
                    "Sweep.cell: give name, value pairs, e.g. cell(\"D\", 8, \"seed\", 1)");
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                WorkbenchException.require(nameValuePairs[i] instanceof String, "Sweep.cell: parameter name " + (i / 2 + 1)
                        + " is " + nameValuePairs[i] + ", not a String; give name, value pairs");
                WorkbenchException.require(m.put((String) nameValuePairs[i], nameValuePairs[i + 1]) == null,
                        "Sweep.cell: parameter '" + nameValuePairs[i] + "' given twice");
            }
            return cell(m);
        }

        /** Adds one explicit cell (a parameter map; use a {@code LinkedHashMap} to fix the column order). */
        public Builder cell(Map<String, ?> params) {
            WorkbenchException.require(params != null && !params.isEmpty(), "Sweep.cell: empty parameters");
            listed.add(new LinkedHashMap<>(params));
            return this;
        }

        /**
         * Spark master: {@code local[*]} (default), {@code local[n]}, or a cluster URL such as
         * {@code spark://127.0.0.1:7077}.
         */
        public Builder master(String m) {
            WorkbenchException.require(m != null && !m.isBlank(), "Sweep.master: empty master URL; use local[*] or spark://host:port");
            this.master = m.trim();
            return this;
        }

        /** Where rows persist (default {@code build/sweeps/<name>} under the workbench root). */
        public Builder runDir(Path dir) {
            WorkbenchException.require(dir != null, "Sweep.runDir: null directory");
            this.runDir = dir;
            return this;
        }

        /**
         * ND4J/BLAS threads inside each task; 0 (default) = cores / parallel tasks in local mode, 1 on a
         * cluster.
         */
        public Builder threadsPerTask(int n) {
            WorkbenchException.require(n >= 0, "Sweep.threadsPerTask must be >= 0 (0 = automatic), got " + n);
            this.threadsPerTask = n;
            return this;
        }

        /** Shows progress (default true). */
        public Builder progress(boolean on) {
            this.progress = on;
            return this;
        }

        /**
         * Discards the run directory's rows first, so that every cell runs (after changing the code a task
         * runs: stored rows are matched by parameters only, not by the code that made them).
         */
        public Builder fresh() {
            this.fresh = true;
            return this;
        }

        /** Passes a Spark setting through, e.g. {@code conf("spark.executor.memory", "3g")}. */
        public Builder conf(String key, String value) {
            WorkbenchException.require(key != null && key.startsWith("spark."), "Sweep.conf: Spark settings start with 'spark.', got " + key);
            conf.put(key, value);
            return this;
        }

        /** The configured sweep (validated); {@link #run()} runs it. */
        public Sweep build() {
            WorkbenchException.require(task != null, "Sweep '" + name + "': task(..) is required, e.g. task(new CollapseCell())");
            List<Cell> cells = new ArrayList<>();
            if (!grid.isEmpty()) product(new ArrayList<>(grid.entrySet()), 0, new LinkedHashMap<>(), cells);
            for (Map<String, Object> p : listed) cells.add(new Cell(p));
            WorkbenchException.require(!cells.isEmpty(), "Sweep '" + name + "': no cells; add grid(..) axes or cell(..)s");
            Set<String> keys = new HashSet<>();
            for (Cell c : cells) {
                WorkbenchException.require(keys.add(c.key()), "Sweep '" + name + "': cell " + c + " appears twice");
            }
            return new Sweep(this, cells);
        }

        /** Builds and runs. */
        public SweepResult run() {
            return build().run();
        }

        private static void product(List<Map.Entry<String, List<Object>>> axes, int i, LinkedHashMap<String, Object> acc,
                                    List<Cell> out) {
            if (i == axes.size()) {
                out.add(new Cell(acc));
                return;
            }
            for (Object v : axes.get(i).getValue()) {
                acc.put(axes.get(i).getKey(), v);
                product(axes, i + 1, acc, out);
            }
            acc.remove(axes.get(i).getKey());
        }
    }
}
