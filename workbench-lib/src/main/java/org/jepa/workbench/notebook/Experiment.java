package org.jepa.workbench.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseMonitor;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.diagnostics.CollapseThresholds;
import org.jepa.workbench.eval.Evaluation;
import org.jepa.workbench.eval.LinearProbe;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.train.Method;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingCallback;
import org.jepa.workbench.train.TrainingContext;
import org.jepa.workbench.train.TrainingRun;
import org.jepa.workbench.train.ViewMaker;
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
 * One lecture experiment in one call: train a joint-embedding model, watch it with a
 * {@link CollapseMonitor}, diagnose the test-set embeddings and read them out with a {@link LinearProbe}.
 * Lecture notebooks compare several of these; the machinery lives here so a cell only states intent.
 *
 * <pre>{@code
 * Experiment.Result r = Experiment.named("VICReg")
 *         .encoder(Mlp.of(784, 256, 64)).objective(VICReg.defaults())
 *         .views(aug).epochs(6).batchSize(256).lr(2e-3).seed(1)
 *         .monitor(test.head(512).features(), 5)          // optional: a collapse check every 5 steps
 *         .run(train, test);                              // one progress line, replaced by a summary
 * r.report();  r.probe().accuracy();  r.monitor().history();
 *
 * Table t = Experiment.runAll("sweep", List.of(a, b, c), train, test);   // one progress line for all
 * }</pre>
 *
 * <p>Timing: {@link Result#secondsPerEpoch()} is the median over epochs of the trainer's wall time per
 * epoch minus the time the collapse monitor spent in that epoch, so monitored and unmonitored runs
 * compare. The first epoch includes graph warm-up; the median keeps it out when there are 3+ epochs.
 */
public final class Experiment {

    private final String name;
    private Module encoder, projector, predictor;
    private Objective objective;
    private Method method = Method.SIAMESE;
    private ViewMaker views = ViewMaker.identity();
    private int epochs = 5;
    private int batchSize = 256;
    private double lr = 1e-3;
    private double ema = 0.996;
    private long seed = 1;
    private org.nd4j.linalg.api.ndarray.INDArray monitorBatch;
    private int monitorEvery;
    private CollapseThresholds thresholds = CollapseThresholds.defaults();
    private double shrinkFactor = 0.05;

    private Experiment(String name) {
        WorkbenchException.require(name != null && !name.isBlank(), "Experiment name must not be blank");
        this.name = name;
    }

    /** Starts an experiment called {@code name} (the legend in plots and the row name in tables). */
    public static Experiment named(String name) {
        return new Experiment(name);
    }

    public String name() { return name; }

    /** The encoder whose output is diagnosed and probed. Required. */
    public Experiment encoder(Module m) { encoder = m; return this; }

    /** Optional projector between encoder and objective. */
    public Experiment projector(Module m) { projector = m; return this; }

    /** Predictor, required by {@link Method#BYOL} / {@link Method#SIMSIAM}. */
    public Experiment predictor(Module m) { predictor = m; return this; }

    /** The loss on the two views' embeddings. Required. */
    public Experiment objective(Objective o) { objective = o; return this; }

    /** Wiring; default {@link Method#SIAMESE}. */
    public Experiment method(Method m) { method = m; return this; }

    /** Seeded augmentation producing each view (default: none). */
    public Experiment views(Augmentation a) {
        WorkbenchException.require(a != null, "Experiment.views: augmentation is null");
        views = a::apply;
        return this;
    }

    /** Passes over the training data (≥ 1). Default 5. */
    public Experiment epochs(int e) { epochs = e; return this; }

    /** Samples per step. Default 256. */
    public Experiment batchSize(int b) { batchSize = b; return this; }

    /** Peak learning rate (Adam, cosine decay). Default 1e-3. */
    public Experiment lr(double v) { lr = v; return this; }

    /** EMA τ_base for BYOL targets. Default 0.996. */
    public Experiment ema(double tau) { ema = tau; return this; }

    /** Seed for initialisation, data order and augmentations. Default 1. */
    public Experiment seed(long s) { seed = s; return this; }

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

    /** Optimizer steps this experiment takes on {@code train}. */
    public long steps(LabeledData train) {
        return (long) (train.size() / batchSize) * epochs;
    }

    /** Trains on {@code train}, diagnoses and probes on {@code test}; shows one progress line. */
    public Result run(LabeledData train, LabeledData test) {
        Progress p = Progress.start(name, Math.max(1, steps(train)));
        Result r = run(train, test, p, 0);
        p.done(String.format("%s: %d epochs in %.1f s — %s, RankMe %.1f, linear probe %.1f %%", name, epochs,
                r.trainSeconds(), r.report().verdict(), r.report().rankMe(), 100 * r.probe().accuracy()));
        return r;
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
        WorkbenchException.require(encoder != null, "Experiment '" + name + "': encoder(..) is required");
        WorkbenchException.require(objective != null, "Experiment '" + name + "': objective(..) is required");
        WorkbenchException.require(epochs >= 1, "Experiment '" + name + "': epochs must be >= 1, got " + epochs);
        Trainer.Builder b = trainer();
        CollapseThresholds thresholds = this.thresholds;
        if (shrinkFactor > 0) {
            // The same configuration and seed, untrained: its spread on the same batch is the reference scale.
            org.nd4j.linalg.api.ndarray.INDArray ref = monitorBatch != null ? monitorBatch
                    : test.head(Math.min(512, test.size())).features();
            double std0 = Collapse.of(trainer().build().model().embed(ref)).diagnose().meanStd();
            thresholds = thresholds.withMinMeanStd(shrinkFactor * std0);
        }
        CollapseMonitor monitor = null;
        if (monitorBatch != null) {
            monitor = CollapseMonitor.builder(monitorBatch).name(name).every(monitorEvery).thresholds(thresholds).build();
            b.callback(monitor);
        }
        b.callback(new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
                StringJoiner j = new StringJoiner("  ", name + ": ", "");
                j.add(String.format("loss=%.4g", losses.get("loss")));
                p.update(offset + step + 1, j.toString());
            }
        });
        long t0 = System.nanoTime();
        TrainingRun run = b.build().fit(train);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        CollapseReport report = Collapse.of(run.embed(test.features())).name(name).thresholds(thresholds).diagnose();
        Evaluation probe = LinearProbe.evaluate(run.model(), train, test);
        return new Result(name, objective.name(), batchSize, run.model().outputWidth(), epochs, run, monitor, report,
                probe, trainSeconds, netSecondsPerEpoch(run.history(), monitor == null ? null : monitor.history()));
    }

    private Trainer.Builder trainer() {
        Trainer.Builder b = Trainer.builder().encoder(encoder).projector(projector).objective(objective)
                .method(method).views(views).epochs(epochs).batchSize(batchSize).lr(lr).seed(seed).progress(false);
        if (predictor != null) b.predictor(predictor);
        if (method != Method.SIAMESE) b.ema(ema);
        return b;
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
     * meanStd, probe_accuracy, s_per_epoch, train_s.
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
        }
        return Table.create(title, run, obj, batch, dim, ep, verdict, rank, rankFrac, nsr, meanStd, acc, spe, total);
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
     * @param objective       the objective's name ({@code Objective.name()})
     * @param batchSize       samples per step
     * @param dim             encoder output width D
     * @param epochs          epochs trained
     * @param run             the training run (history per epoch and step, the encoder)
     * @param monitor         the collapse monitor, or null when not requested
     * @param report          collapse diagnosis of the encoder's test-set embeddings [N_test, D]
     * @param probe           linear probe: fitted on train embeddings, evaluated on test embeddings
     * @param trainSeconds    wall time of {@code fit}, seconds (monitor included)
     * @param secondsPerEpoch median net training time per epoch, seconds (monitor excluded)
     */
    public record Result(String name, String objective, int batchSize, long dim, int epochs, TrainingRun run,
                         CollapseMonitor monitor, CollapseReport report, Evaluation probe, double trainSeconds,
                         double secondsPerEpoch) {
    }
}
