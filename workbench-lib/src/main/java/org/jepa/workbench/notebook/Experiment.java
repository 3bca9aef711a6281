package org.jepa.workbench.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseMonitor;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.diagnostics.CollapseThresholds;
import org.jepa.workbench.eval.Evaluation;
import org.jepa.workbench.eval.LinearProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One lecture experiment in one call: build a JEPA from its builder, train it with a {@link Trainer},
 * watch it with a {@link CollapseMonitor}, diagnose the test-set embeddings and read them out with
 * {@link LinearProbe}s. Lecture notebooks compare several of these; the machinery lives here so a cell
 * only states intent. An experiment adds nothing of its own to training: it wraps the trainer's builder
 * as given, and the trainer's seed also seeds the model's initial weights.
 *
 * <pre>{@code
 * Trainer.Builder training = Trainer.builder().epochs(6).batchSize(256).lr(2e-3).seed(1);
 * Experiment.Result r = Experiment.named("VICReg")
 *         .model(Jepa.siamese(Mlp.of(784, 256, 64), VICReg.defaults()))
 *         .training(training).views(aug)
 *         .monitor(test.head(512).features(), 5)          // optional: a collapse check every 5 steps
 *         .run(train, test);                              // one progress line, replaced by a summary
 * r.report();  r.probe().accuracy();  r.monitor().history();
 *
 * Table t = Experiment.table("sweep", Experiment.runAll("sweep", List.of(a, b, c), train, test));
 * }</pre>
 *
 * <p>Timing: {@link Result#secondsPerEpoch()} is the median over epochs of the trainer's wall time per
 * epoch minus the time the collapse monitor spent in that epoch, so monitored and unmonitored runs
 * compare. The first epoch includes graph warm-up; the median keeps it out when there are 3+ epochs.
 */
public final class Experiment {

    private final String name;
    private Jepa.Builder model;
    private Trainer.Builder training = Trainer.builder().epochs(5);
    private Function<LabeledData, BatchSource<Batch>> data;
    private org.nd4j.linalg.api.ndarray.INDArray monitorBatch;
    private int monitorEvery;
    private CollapseThresholds thresholds = CollapseThresholds.defaults();
    private double shrinkFactor = 0.05;
    private final Map<String, LabeledData> extraProbes = new LinkedHashMap<>();

    private Experiment(String name) {
        WorkbenchException.require(name != null && !name.isBlank(), "Experiment name must not be blank");
        this.name = name;
    }

    /** Starts an experiment called {@code name} (the legend in plots and the row name in tables). */
    public static Experiment named(String name) {
        return new Experiment(name);
    }

    public String name() { return name; }

    /** The model, as a JEPA builder (a preset or parts); built afresh, seeded, for every run. Required. */
    public Experiment model(Jepa.Builder m) { model = m; return this; }

    /** The training settings (epochs, batch, lr, seed, …): the trainer's own builder, used as given. Default: 5 epochs, the trainer's defaults otherwise. */
    public Experiment training(Trainer.Builder t) {
        WorkbenchException.require(t != null, "Experiment.training: builder is null");
        training = t;
        return this;
    }

    /** Two seeded augmented views of each training image (default: two identical views). */
    public Experiment views(Augmentation a) {
        WorkbenchException.require(a != null, "Experiment.views: augmentation is null");
        data = train -> ViewPairs.of(train, a);
        return this;
    }

    /** Any batch source made from the training images (e.g. masked views for an I-JEPA model). */
    public Experiment data(Function<LabeledData, BatchSource<Batch>> source) {
        WorkbenchException.require(source != null, "Experiment.data: source is null");
        data = source;
        return this;
    }

    /**
     * Watch training: every {@code everySteps} optimizer steps embed {@code heldOut} [N, features] and
     * diagnose it (use N larger than the embedding width). Off by default.
     */
    public Experiment monitor(org.nd4j.linalg.api.ndarray.INDArray heldOut, int everySteps) {
        WorkbenchException.require(heldOut != null, "Experiment.monitor: held-out batch is null");
        WorkbenchException.require(everySteps >= 1, "Experiment.monitor: everySteps must be >= 1, got " + everySteps);
        monitorBatch = heldOut;
        monitorEvery = everySteps;
        return this;
    }

    /** Verdict rules for the monitor and the final report. Default {@link CollapseThresholds#defaults()}. */
    public Experiment thresholds(CollapseThresholds t) {
        WorkbenchException.require(t != null, "Experiment.thresholds: null");
        thresholds = t;
        return this;
    }

    /**
     * Also call the embeddings completely collapsed when their mean per-dimension std falls below
     * {@code factor} × that of the untrained encoder on the same batch ({@link CollapseThresholds#withMinMeanStd});
     * the scale-free rules cannot see a representation shrinking to a point. Default 0.05 (it lost 95 % of
     * its spread; healthy runs keep or grow theirs); 0 turns it off.
     */
    public Experiment shrinkFactor(double factor) {
        WorkbenchException.require(Double.isFinite(factor) && factor >= 0 && factor < 1,
                "Experiment.shrinkFactor must be in [0, 1), got " + factor);
        shrinkFactor = factor;
        return this;
    }

    /**
     * Also fit a linear probe on only {@code labelled} (e.g. 10 labels per class) and report its test
     * accuracy as column {@code column} of the table and in {@link Result#probes()}.
     */
    public Experiment probeWith(String column, LabeledData labelled) {
        WorkbenchException.require(column != null && !column.isBlank() && labelled != null, "Experiment.probeWith: a column name and labelled data are required");
        extraProbes.put(column, labelled);
        return this;
    }

    /** Optimizer steps this experiment takes on {@code train}. */
    public long steps(LabeledData train) {
        return training.build().totalSteps(train.size());
    }

    /** Trains on {@code train}, diagnoses and probes on {@code test}; shows one progress line. */
    public Result run(LabeledData train, LabeledData test) {
        Progress p = Progress.start(name, Math.max(1, steps(train)));
        Result r = run(train, test, p, 0);
        p.done(String.format("%s: %d epochs in %.1f s — %s, RankMe %.1f, linear probe %.1f %%", name, r.epochs(),
                r.trainSeconds(), r.report().verdict(), r.report().rankMe(), 100 * r.probe().accuracy()));
        return r;
    }

    /** Trains, diagnoses and probes like {@link #run(LabeledData, LabeledData)}, showing no progress (for sweeps, whose tasks run in parallel). */
    public Result runQuietly(LabeledData train, LabeledData test) {
        return run(train, test, null, 0);
    }

    /**
     * Runs every experiment in order under one progress line, which ends as the summary table
     * ({@link #table}); returns the results in the same order.
     */
    public static List<Result> runAll(String title, List<Experiment> plan, LabeledData train, LabeledData test) {
        WorkbenchException.require(plan != null && !plan.isEmpty(), "Experiment.runAll: empty plan");
        long total = 0;
        for (Experiment e : plan) total += e.steps(train);
        Progress p = Progress.start(title, Math.max(1, total));
        List<Result> out = new ArrayList<>();
        long offset = 0;
        for (Experiment e : plan) {
            out.add(e.run(train, test, p, offset));
            offset += e.steps(train);
        }
        p.done(table(title, out));
        return out;
    }

    private Result run(LabeledData train, LabeledData test, Progress p, long offset) {
        WorkbenchException.require(train != null && test != null, "Experiment.run: train and test data are required");
        WorkbenchException.require(model != null, "Experiment '" + name + "': model(..) is required, e.g. Jepa.siamese(encoder, VICReg.defaults())");
        Trainer.Builder b = training.build().toBuilder().progress(false);
        WorkbenchException.require(b.epochs() >= 1, "Experiment '" + name + "': epochs must be >= 1, got " + b.epochs());
        long seed = b.seed();
        CollapseThresholds thresholds = this.thresholds;
        if (shrinkFactor > 0) {
            // The same model and seed, untrained: its spread on the same batch is the reference scale.
            org.nd4j.linalg.api.ndarray.INDArray ref = monitorBatch != null ? monitorBatch
                    : test.head(Math.min(512, test.size())).features();
            double std0 = Collapse.of(model.seed(seed).build().embed(ref)).diagnose().meanStd();
            thresholds = thresholds.withMinMeanStd(shrinkFactor * std0);
        }
        CollapseMonitor monitor = null;
        if (monitorBatch != null) {
            monitor = CollapseMonitor.builder(monitorBatch).name(name).every(monitorEvery).thresholds(thresholds).build();
            b.callback(monitor);
        }
        if (p != null) b.callback(new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
                StringJoiner j = new StringJoiner("  ", name + ": ", "");
                j.add(String.format("loss=%.4g", losses.get("loss")));
                p.update(offset + step + 1, j.toString());
            }
        });
        Jepa jepa = model.seed(seed).build();
        BatchSource<Batch> source = data != null ? data.apply(train) : ViewPairs.identical(train.features());
        long t0 = System.nanoTime();
        TrainingRun run = b.build().fit(jepa, source);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        CollapseReport report = Collapse.of(jepa.embed(test.features())).name(name).thresholds(thresholds).diagnose();
        Evaluation probe = LinearProbe.evaluate(jepa, train, test);
        Map<String, Double> probes = new LinkedHashMap<>();
        extraProbes.forEach((col, labelled) -> probes.put(col, LinearProbe.evaluate(jepa, labelled, test).accuracy()));
        return new Result(name, jepa.name(), b.batchSize(), jepa.outputWidth(), run.history().rowCount(), jepa, run, monitor,
                report, probe, probes, trainSeconds, netSecondsPerEpoch(run.history(), monitor == null ? null : monitor.history()));
    }

    /** Median over epochs of (epoch wall time − monitor time in that epoch), seconds. */
    static double netSecondsPerEpoch(Table history, Table monitorHistory) {
        int n = history.rowCount();
        if (n == 0) return Double.NaN;
        double[] net = new double[n];
        for (int i = 0; i < n; i++) {
            int epoch = history.intColumn("epoch").get(i);
            double s = history.doubleColumn("seconds").get(i);
            if (monitorHistory != null) {
                for (int r = 0; r < monitorHistory.rowCount(); r++) {
                    // step −1 (the check before training) and the final check run outside the epoch timer.
                    if (monitorHistory.longColumn("step").get(r) < 0) continue;
                    if (monitorHistory.intColumn("epoch").get(r) != epoch) continue;
                    s -= (monitorHistory.doubleColumn("embedMillis").get(r) + monitorHistory.doubleColumn("millis").get(r)) / 1000;
                }
            }
            net[i] = Math.max(0, s);
        }
        Arrays.sort(net);
        return n % 2 == 1 ? net[n / 2] : (net[n / 2 - 1] + net[n / 2]) / 2;
    }

    /**
     * One row per result: run, objective, batch, D, epochs, verdict, rankMe, rankMeFraction, normStdRatio,
     * meanStd, probe_accuracy, one column per {@link #probeWith} probe, s_per_epoch, train_s.
     */
    public static Table table(String title, List<Result> results) {
        WorkbenchException.require(results != null && !results.isEmpty(), "Experiment.table: no results");
        StringColumn run = StringColumn.create("run"), obj = StringColumn.create("objective"),
                verdict = StringColumn.create("verdict");
        IntColumn batch = IntColumn.create("batch"), dim = IntColumn.create("D"), ep = IntColumn.create("epochs");
        DoubleColumn rank = DoubleColumn.create("rankMe"), rankFrac = DoubleColumn.create("rankMe/D"),
                nsr = DoubleColumn.create("normStdRatio"), meanStd = DoubleColumn.create("meanStd"),
                acc = DoubleColumn.create("probe_accuracy"), spe = DoubleColumn.create("s_per_epoch"),
                total = DoubleColumn.create("train_s");
        Map<String, DoubleColumn> extra = new LinkedHashMap<>();
        for (Result r : results) {
            run.append(r.name());
            obj.append(r.objective());
            batch.append(r.batchSize());
            dim.append((int) r.dim());
            ep.append(r.epochs());
            verdict.append(r.report().verdict().name());
            rank.append(round(r.report().rankMe(), 2));
            rankFrac.append(round(r.report().rankMeFraction(), 3));
            nsr.append(round(r.report().normStdRatio(), 3));
            meanStd.append(sig(r.report().meanStd()));
            acc.append(round(r.probe().accuracy(), 4));
            spe.append(round(r.secondsPerEpoch(), 2));
            total.append(round(r.trainSeconds(), 1));
            for (Map.Entry<String, Double> e : r.probes().entrySet()) {
                extra.computeIfAbsent(e.getKey(), k -> {
                    DoubleColumn c = DoubleColumn.create(k);
                    for (int i = 0; i < run.size() - 1; i++) c.appendMissing();
                    return c;
                }).append(round(e.getValue(), 4));
            }
            for (DoubleColumn c : extra.values()) if (c.size() < run.size()) c.appendMissing();
        }
        Table t = Table.create(title, run, obj, batch, dim, ep, verdict, rank, rankFrac, nsr, meanStd, acc);
        extra.values().forEach(t::addColumns);
        return t.addColumns(spe, total);
    }

    /**
     * A line chart from a results table: one line per distinct value of {@code seriesColumn}, points
     * (x, y) from two numeric columns, sorted by x. {@code logX} draws x on a log axis (batch sizes,
     * widths). Title and axis labels name the columns unless given.
     *
     * @param title chart title
     */
    public static XYChart plot(Table table, String xColumn, String yColumn, String seriesColumn, boolean logX,
                               String title) {
        WorkbenchException.require(table != null, "Experiment.plot: table is null");
        for (String c : List.of(xColumn, yColumn, seriesColumn)) {
            WorkbenchException.require(table.columnNames().contains(c), "Experiment.plot: table '" + table.name()
                    + "' has no column '" + c + "'; columns: " + table.columnNames());
        }
        XYChart chart = new XYChartBuilder().width(700).height(420).title(title == null ? yColumn + " vs " + xColumn : title)
                .xAxisTitle(xColumn + (logX ? " (log scale)" : "")).yAxisTitle(yColumn).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new java.awt.Color(225, 225, 225));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (logX) chart.getStyler().setXAxisLogarithmicDecadeOnly(false); // label 32, 64, … not only 10, 100
        chart.getStyler().setXAxisDecimalPattern("0");
        NumericColumn<?> xs = table.numberColumn(xColumn), ys = table.numberColumn(yColumn);
        Map<String, List<double[]>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            double x = xs.getDouble(i), y = ys.getDouble(i);
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            groups.computeIfAbsent(table.column(seriesColumn).getString(i), k -> new ArrayList<>()).add(new double[] {x, y});
        }
        WorkbenchException.require(!groups.isEmpty(), "Experiment.plot: no finite (" + xColumn + ", " + yColumn + ") pairs");
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            g.getValue().sort(java.util.Comparator.comparingDouble(a -> a[0]));
            double[] x = g.getValue().stream().mapToDouble(a -> a[0]).toArray();
            double[] y = g.getValue().stream().mapToDouble(a -> a[1]).toArray();
            chart.addSeries(g.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) return v;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static double sig(double v) {
        if (!Double.isFinite(v) || v == 0) return v;
        return Double.parseDouble(String.format("%.3g", v));
    }

    /**
     * What one experiment produced.
     *
     * @param name            the experiment's name
     * @param objective       the model's name (its objective or preset, e.g. {@code vicreg}, {@code byol})
     * @param batchSize       samples per step
     * @param dim             encoder output width D
     * @param epochs          epochs trained
     * @param model           the trained model
     * @param run             the training run (history per epoch and step)
     * @param monitor         the collapse monitor, or null when not requested
     * @param report          collapse diagnosis of the encoder's test-set embeddings [N_test, D]
     * @param probe           linear probe: fitted on train embeddings, evaluated on test embeddings
     * @param probes          test accuracy of each {@link #probeWith} probe, by column name
     * @param trainSeconds    wall time of {@code fit}, seconds (monitor included)
     * @param secondsPerEpoch median net training time per epoch, seconds (monitor excluded)
     */
    public record Result(String name, String objective, int batchSize, long dim, int epochs, Jepa model, TrainingRun run,
                         CollapseMonitor monitor, CollapseReport report, Evaluation probe, Map<String, Double> probes,
                         double trainSeconds, double secondsPerEpoch) {
    }
}
