package org.jepa.workbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The rows of a finished {@link Sweep}, one per cell in grid order (resumed cells included), and their
 * summary over seeds.
 */
public final class SweepResult {
    private final String name;
    private final String master;
    private final Path runDir;
    private final List<CellResult> results;
    private final int ran;
    private final int skipped;
    private final double seconds;

    SweepResult(String name, String master, Path runDir, List<CellResult> results, int ran, int skipped, double seconds) {
        this.name = name;
        this.master = master;
        this.runDir = runDir;
        this.results = List.copyOf(results);
        this.ran = ran;
        this.skipped = skipped;
        this.seconds = seconds;
    }

    /** Every cell's result, in grid order. */
    public List<CellResult> results() { return results; }

    /** The cells that failed, with their errors. */
    public List<CellResult> failed() { return results.stream().filter(r -> !r.ok()).toList(); }

    /** Cells run by this call (the others were finished in the run directory before). */
    public int ran() { return ran; }

    /** Cells skipped because an earlier run had finished them. */
    public int skipped() { return skipped; }

    /** Wall time of this call, seconds (Spark start-up included). */
    public double seconds() { return seconds; }

    /** The run directory ({@code cells/*.json}, {@code rows.csv}). */
    public Path runDir() { return runDir; }

    /**
     * One row per cell: the parameters, the task's outputs, then {@code status} (ok / failed), {@code error},
     * {@code seconds} (the task's wall time on its executor) and {@code worker}.
     */
    public Table rows() {
        Set<String> params = new LinkedHashSet<>(), outputs = new LinkedHashSet<>();
        for (CellResult r : results) {
            params.addAll(r.cell().params().keySet());
            outputs.addAll(r.outputs().keySet());
        }
        Table t = Table.create(name);
        for (String p : params) t.addColumns(column(p, results.stream().map(r -> r.cell().params().get(p)).toList()));
        for (String o : outputs) {
            String col = params.contains(o) ? o + "_out" : o;
            t.addColumns(column(col, results.stream().map(r -> r.outputs().get(o)).toList()));
        }
        t.addColumns(StringColumn.create("status", results.stream().map(CellResult::status).toList()),
                StringColumn.create("error", results.stream().map(CellResult::error).toList()),
                DoubleColumn.create("seconds", results.stream().mapToDouble(r -> Math.round(r.seconds() * 100) / 100.0).toArray()),
                StringColumn.create("worker", results.stream().map(CellResult::worker).toList()));
        return t;
    }

    /**
     * Mean ± std across the {@code over} parameters (typically {@code "seed"}): one row per combination of
     * the other parameters, with {@code n} (ok cells), {@code failed}, and for each numeric output
     * {@code <name>_mean} and {@code <name>_std} (sample std; NaN for one cell), for each text output (e.g. a
     * verdict) {@code <name>_mode} and {@code <name>_agreement}, the share of ok cells that agree with the
     * mode. Means and stds are rounded to 4 significant digits (the rows keep every digit).
     */
    public Table summary(String... over) {
        WorkbenchException.require(over != null && over.length > 0, "SweepResult.summary: name the parameters to average over, e.g. \"seed\"");
        Set<String> params = new LinkedHashSet<>(), outputs = new LinkedHashSet<>();
        for (CellResult r : results) {
            params.addAll(r.cell().params().keySet());
            outputs.addAll(r.outputs().keySet());
        }
        Set<String> overSet = new HashSet<>(Arrays.asList(over));
        for (String o : over) {
            WorkbenchException.require(params.contains(o), "SweepResult.summary: '" + o + "' is not a parameter of this sweep; parameters: " + params);
        }
        List<String> keys = params.stream().filter(p -> !overSet.contains(p)).toList();
        Map<List<Object>, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : results) {
            List<Object> k = new ArrayList<>();
            for (String p : keys) k.add(r.cell().params().get(p));
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
        Table t = Table.create(name + " (over " + String.join(", ", over) + ")");
        for (int i = 0; i < keys.size(); i++) {
            int ii = i;
            t.addColumns(column(keys.get(i), groups.keySet().stream().map(k -> k.get(ii)).toList()));
        }
        t.addColumns(IntColumn.create("n", groups.values().stream().mapToInt(g -> (int) g.stream().filter(CellResult::ok).count()).toArray()),
                IntColumn.create("failed", groups.values().stream().mapToInt(g -> (int) g.stream().filter(r -> !r.ok()).count()).toArray()));
        for (String o : outputs) {
            boolean numeric = results.stream().map(r -> r.outputs().get(o)).allMatch(v -> v == null || v instanceof Number);
            if (numeric) {
                DoubleColumn mean = DoubleColumn.create(o + "_mean"), std = DoubleColumn.create(o + "_std");
                for (List<CellResult> g : groups.values()) {
                    double[] v = g.stream().filter(CellResult::ok).map(r -> r.outputs().get(o))
                            .filter(x -> x instanceof Number).mapToDouble(x -> ((Number) x).doubleValue()).toArray();
                    double m = Arrays.stream(v).average().orElse(Double.NaN);
                    double ss = 0;
                    for (double x : v) ss += (x - m) * (x - m);
                    mean.append(significant(m));
                    std.append(v.length > 1 ? significant(Math.sqrt(ss / (v.length - 1))) : Double.NaN);
                }
                t.addColumns(mean, std);
            } else {
                StringColumn mode = StringColumn.create(o + "_mode");
                DoubleColumn agree = DoubleColumn.create(o + "_agreement");
                for (List<CellResult> g : groups.values()) {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    int n = 0;
                    for (CellResult r : g) {
                        if (!r.ok() || r.outputs().get(o) == null) continue;
                        counts.merge(String.valueOf(r.outputs().get(o)), 1, Integer::sum);
                        n++;
                    }
                    String best = null;
                    for (Map.Entry<String, Integer> e : counts.entrySet()) if (best == null || e.getValue() > counts.get(best)) best = e.getKey();
                    mode.append(best == null ? "" : best);
                    agree.append(n == 0 ? Double.NaN : counts.get(best) / (double) n);
                }
                t.addColumns(mode, agree);
            }
        }
        return t;
    }

    /**
     * Writes every cell's result to {@code file} as JSON lines (one {@link CellResult} per line, lossless:
     * {@link #load} reads it back with the same rows and summaries). Atomic: a crash leaves the old file.
     */
    public void save(Path file) {
        StringBuilder sb = new StringBuilder();
        for (CellResult r : results) sb.append(RunStore.toJsonLine(r)).append('\n');
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".sweep", ".tmp");
            Files.writeString(tmp, sb.toString(), java.nio.charset.StandardCharsets.UTF_8);
            RunStore.publish(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("SweepResult.save: cannot write " + file, e);
        }
    }

    /** Reads results written by {@link #save}; the sweep's name is the file's name without extension. */
    public static SweepResult load(Path file) {
        WorkbenchException.require(Files.isRegularFile(file), "SweepResult.load: no file " + file);
        List<CellResult> rs = new ArrayList<>();
        try {
            int line = 0;
            for (String l : Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                line++;
                if (l.isBlank()) continue;
                try {
                    rs.add(RunStore.fromJson(l));
                } catch (RuntimeException e) {
                    throw new WorkbenchException("SweepResult.load: " + file + " line " + line + " is not a cell result: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WorkbenchException.require(!rs.isEmpty(), "SweepResult.load: " + file + " holds no cell results");
        String n = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new SweepResult(n, "(loaded from " + file.getFileName() + ")", file.toAbsolutePath().getParent(), rs, 0, rs.size(), 0);
    }

    private static double significant(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    /** Writes {@code rows.csv} into the run directory (atomically). */
    void writeCsv() {
        Path target = runDir.resolve("rows.csv");
        try {
            Path tmp = Files.createTempFile(runDir, ".rows", ".tmp");
            rows().write().csv(tmp.toFile());
            RunStore.publish(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Sweep: cannot write " + target, e);
        }
    }

    /** A column from cell values: integers, numbers, booleans or text; missing values stay missing. */
    private static Column<?> column(String name, List<Object> values) {
        boolean allInt = true, allNum = true, allBool = true;
        for (Object v : values) {
            if (v == null) continue;
            allInt &= v instanceof Integer;
            allNum &= v instanceof Number;
            allBool &= v instanceof Boolean;
        }
        if (allInt) {
            IntColumn c = IntColumn.create(name);
            for (Object v : values) { if (v == null) c.appendMissing(); else c.append((Integer) v); }
            return c;
        }
        if (allNum) {
            DoubleColumn c = DoubleColumn.create(name);
            for (Object v : values) { if (v == null) c.appendMissing(); else c.append(((Number) v).doubleValue()); }
            return c;
        }
        if (allBool) {
            BooleanColumn c = BooleanColumn.create(name);
            for (Object v : values) { if (v == null) c.appendMissing(); else c.append((Boolean) v); }
            return c;
        }
        StringColumn c = StringColumn.create(name);
        for (Object v : values) c.append(v == null ? "" : String.valueOf(v));
        return c;
    }

    @Override
    public String toString() {
        return String.format("sweep '%s' on %s: %d cells (%d run now, %d resumed), %d failed, %.1f s; rows in %s",
                name, master, results.size(), ran, skipped, failed().size(), seconds, runDir);
    }
}
