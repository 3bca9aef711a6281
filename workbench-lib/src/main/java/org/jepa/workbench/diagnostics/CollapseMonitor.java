package org.jepa.workbench.diagnostics;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Watches a training run for collapse: every {@code every} steps it embeds a fixed held-out batch with
 * {@link TrainingContext#embed} and runs {@link Collapse#diagnose} on it, appending one row to a history
 * {@link Table} (step, epoch, loss, metrics, verdict, millis). It records the first step whose verdict is not
 * HEALTHY and can stop training after {@code patience} consecutive COMPLETE_COLLAPSE checks.
 *
 * <pre>{@code
 * CollapseMonitor monitor = CollapseMonitor.builder(data.head(512).features())
 *         .name("vicreg").every(100).stopOnCompleteCollapse(true).build();
 * trainer.fit(..., monitor);
 * monitor.history();              // Table; CollapsePlots.metricOverSteps("rankMe", monitor.history(), ...)
 * monitor.collapseStep();         // -1 if it never collapsed
 * }</pre>
 *
 * Rows: one before training (step −1, from {@code onStart}), one every {@code every} steps (after steps
 * every−1, 2·every−1, …) and one at the end if the last step was not already checked. Cost per check on a
 * 512×256 batch measured 80–130 ms (median 126) on a heavily loaded 2-core machine (see the {@code millis}
 * column); the default every = 100 keeps that under 5% of training time for steps of ≥ 26 ms (a batch-256
 * MLP step here takes ~35 ms). Lower it for slow steps, raise it for fast ones.
 */
public final class CollapseMonitor implements TrainingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(CollapseMonitor.class);
    private static final String[] METRICS = {"rankMe", "rankMeFraction", "stdOfL2Normalized", "normStdRatio",
        "meanStd", "deadDimFraction", "collapsedSpectrumFraction", "meanAbsCorrelation", "uniformity"};

    private final INDArray heldOut;
    private final String name;
    private final int every;
    private final CollapseThresholds thresholds;
    private final boolean stopOnCompleteCollapse;
    private final int patience;

    private final Table history;
    private long collapseStep = -1;
    private Verdict collapseVerdict;
    private int consecutiveComplete;
    private long lastCheckedStep = Long.MIN_VALUE;
    private double lastLoss = Double.NaN;
    private CollapseReport lastReport;
    private String stopReason;

    private CollapseMonitor(Builder b) {
        this.heldOut = b.heldOut;
        this.name = b.name;
        this.every = b.every;
        this.thresholds = b.thresholds;
        this.stopOnCompleteCollapse = b.stopOnCompleteCollapse;
        this.patience = b.patience;
        this.history = Table.create(name);
        history.addColumns(LongColumn.create("step"), IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (String m : METRICS) history.addColumns(DoubleColumn.create(m));
        history.addColumns(StringColumn.create("verdict"), DoubleColumn.create("embedMillis"),
                DoubleColumn.create("millis"));
    }

    /**
     * @param heldOut a fixed batch of inputs [N, C*H*W] (as {@code LabeledData.features()}); use N &gt; D of the
     *                embedding (e.g. 512 for D = 256) so RankMe is not capped by N
     */
    public static Builder builder(INDArray heldOut) {
        return new Builder(heldOut);
    }

    /** Fluent configuration; every setter is optional. */
    public static final class Builder {
        private final INDArray heldOut;
        private String name = "run";
        private int every = 100;
        private CollapseThresholds thresholds = CollapseThresholds.defaults();
        private boolean stopOnCompleteCollapse = false;
        private int patience = 2;

        private Builder(INDArray heldOut) {
            WorkbenchException.require(heldOut != null && heldOut.rank() == 2 && heldOut.rows() >= 2,
                    "CollapseMonitor needs a held-out batch of at least 2 rows [N, features]");
            this.heldOut = heldOut;
        }

        /** Run name: the history table's name and the legend in overlaid plots (default "run"). */
        public Builder name(String name) {
            WorkbenchException.require(name != null && !name.isBlank(), "CollapseMonitor name must not be blank");
            this.name = name;
            return this;
        }

        /** Check every k optimizer steps (default 100). */
        public Builder every(int k) {
            WorkbenchException.require(k >= 1, "CollapseMonitor.every must be >= 1, got " + k);
            this.every = k;
            return this;
        }

        public Builder thresholds(CollapseThresholds t) {
            WorkbenchException.require(t != null, "thresholds must not be null");
            this.thresholds = t;
            return this;
        }

        /** Ask the trainer to stop after {@code patience} consecutive COMPLETE_COLLAPSE checks (default off). */
        public Builder stopOnCompleteCollapse(boolean stop) {
            this.stopOnCompleteCollapse = stop;
            return this;
        }

        /** Consecutive COMPLETE_COLLAPSE checks needed before stopping (default 2: one bad check is not enough). */
        public Builder patience(int p) {
            WorkbenchException.require(p >= 1, "CollapseMonitor.patience must be >= 1, got " + p);
            this.patience = p;
            return this;
        }

        public CollapseMonitor build() {
            return new CollapseMonitor(this);
        }
    }

    @Override
    public void onStart(TrainingContext ctx) {
        check(ctx, -1);
    }

    @Override
    public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
        if (losses != null && losses.get("loss") != null) lastLoss = losses.get("loss");
        if ((step + 1) % every == 0) check(ctx, step);
    }

    @Override
    public void onEnd(TrainingContext ctx) {
        long step = ctx.step();
        if (step != lastCheckedStep) check(ctx, step);
    }

    private void check(TrainingContext ctx, long step) {
        long t0 = System.nanoTime();
        INDArray z = ctx.embed(heldOut);
        long t1 = System.nanoTime();
        CollapseReport r = Collapse.of(z).name(name).thresholds(thresholds).diagnose();
        double embedMillis = (t1 - t0) / 1e6;
        double millis = (System.nanoTime() - t1) / 1e6;
        lastReport = r;
        lastCheckedStep = step;
        history.longColumn("step").append(step);
        history.intColumn("epoch").append(ctx.epoch());
        history.doubleColumn("loss").append(step < 0 ? Double.NaN : lastLoss);
        for (String m : METRICS) history.doubleColumn(m).append(r.scalar(m));
        history.stringColumn("verdict").append(r.verdict().name());
        history.doubleColumn("embedMillis").append(embedMillis);
        history.doubleColumn("millis").append(millis);
        if (r.verdict() != Verdict.HEALTHY && collapseStep == -1) {
            collapseStep = step;
            collapseVerdict = r.verdict();
            LOG.warn("{}: {} detected at step {} ({})", name, r.verdict(), step, r.reason());
        }
        consecutiveComplete = r.verdict() == Verdict.COMPLETE_COLLAPSE ? consecutiveComplete + 1 : 0;
        if (stopOnCompleteCollapse && consecutiveComplete >= patience && stopReason == null) {
            stopReason = "CollapseMonitor '" + name + "': COMPLETE_COLLAPSE for " + consecutiveComplete
                    + " consecutive checks at step " + step + " (" + r.reason() + ")";
            LOG.warn(stopReason);
            ctx.requestStop(stopReason);
        }
    }

    /** The history so far (a copy): step, epoch, loss, metrics, verdict, embedMillis (the
     * trainer's forward pass on the held-out batch), millis (the diagnosis). */
    public Table history() {
        return history.copy();
    }

    /** First checked step whose verdict was not HEALTHY, or −1 (step −1 means: collapsed before training). */
    public long collapseStep() {
        return collapseStep;
    }

    /** The verdict at {@link #collapseStep()}, or null when none. */
    public Verdict collapseVerdict() {
        return collapseVerdict;
    }

    /** Why this monitor asked the trainer to stop, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The report of the latest check, or null before the first. */
    public CollapseReport lastReport() {
        return lastReport;
    }

    /** Run name (also the history table's name). */
    public String name() {
        return name;
    }

    /** Mean time per check in milliseconds (embed + diagnose), NaN before the first. */
    public double meanMillis() {
        return history.rowCount() == 0 ? Double.NaN
                : history.doubleColumn("millis").mean() + history.doubleColumn("embedMillis").mean();
    }
}
