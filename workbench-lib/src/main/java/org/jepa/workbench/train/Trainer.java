package org.jepa.workbench.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.model.EmbeddingModel;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The one training loop of the workbench: it fits any {@link Trainable} — a JEPA, an energy model — on
 * batches from a {@link BatchSource}, with a custom SameDiff step (SameDiff's own {@code fit()} reports
 * loss 0.0 in M2.1). The loop owns the optimizer and its schedule, running statistics, callbacks,
 * progress, the history {@link Table}s, atomic checksummed checkpoints with resume, and the guards that
 * stop a run that has gone wrong (a non-finite loss, a blow-up of the loss or of the weights) with one
 * message naming the step, the term and the last good checkpoint.
 *
 * <pre>{@code
 * Jepa model = Jepa.siamese(Mlp.of(784, 256, 64), VICReg.defaults()).seed(1).build();
 * TrainingRun run = Trainer.builder().epochs(6).batchSize(256).lr(2e-3).seed(1)
 *         .callback(monitor).build()
 *         .fit(model, ViewPairs.of(train, views));
 * run.history();  model.embed(test.features());
 * }</pre>
 *
 * <p>Determinism: the seed fixes the data order and the generator handed to the batch source and the
 * model's per-step inputs (one generator per epoch, derived from the seed, so a resumed run sees the same
 * batches as an uninterrupted one); the model's own seed fixes its initialisation. The last incomplete
 * batch of an epoch is dropped so every step has the same batch size.
 */
public final class Trainer {
    private final Builder cfg;

    private Trainer(Builder cfg) {
        this.cfg = cfg;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration as a new builder (to derive variants). */
    public Builder toBuilder() {
        return cfg.copy();
    }

    /** Steps per epoch for {@code n} examples at this batch size (the last partial batch is dropped). */
    public long stepsPerEpoch(int n) {
        return n / cfg.batchSize;
    }

    /** Total optimizer steps a fit on {@code n} examples takes. */
    public long totalSteps(int n) {
        long per = stepsPerEpoch(n);
        return cfg.steps > 0 ? cfg.steps : per * cfg.epochs;
    }

    /**
     * Trains {@code model} in place on batches from {@code data}.
     *
     * @throws TrainingException when the loss turns non-finite or training diverges; it keeps the history
     */
    public <B> TrainingRun fit(Trainable<B> model, BatchSource<B> data) {
        WorkbenchException.require(model != null, "fit: model is null");
        WorkbenchException.require(data != null, "fit: data is null");
        long t0 = System.nanoTime();
        int n = data.size();
        int bs = cfg.batchSize;
        WorkbenchException.require(n >= bs, "batch size " + bs + " is larger than the data set (" + n + " examples); lower batchSize");
        long stepsPerEpoch = n / bs;
        long totalSteps = totalSteps(n);
        int epochs = cfg.steps > 0 ? (int) ((cfg.steps + stepsPerEpoch - 1) / stepsPerEpoch) : cfg.epochs;
        long warmup = cfg.warmupSteps >= 0 ? cfg.warmupSteps : Math.round(cfg.warmupEpochs * stepsPerEpoch);
        warmup = Math.min(warmup, Math.max(0, totalSteps - 1));

        // The first batch, drawn with a throw-away generator: its shapes fix the graph, and shape problems
        // surface before any step.
        int[] probeIdx = new int[bs];
        Arrays.setAll(probeIdx, i -> i);
        B example = data.batch(probeIdx, new Random(cfg.seed));
        Parameters params = model.parameters();
        Graph g = new Graph(params);
        TrainingGraph<B> tg = model.trainingGraph(g, example);
        Map<String, SDVariable> terms = tg.terms();
        WorkbenchException.require(terms != null && !terms.isEmpty(), "the model " + model + " has no loss terms");
        SameDiff sd = g.sd();
        SDVariable loss = null;
        for (SDVariable t : terms.values()) loss = loss == null ? t : loss.add(t);
        // A fresh identity node, so the loss never aliases a term variable.
        loss = sd.identity(g.unique("loss_total"), loss);
        String lossName = loss.name();
        sd.setLossVariables(lossName);
        List<String> termNames = new ArrayList<>(terms.keySet());
        Map<String, SDVariable> monitors = tg.monitors();
        List<String> outputs = new ArrayList<>();
        terms.values().forEach(v -> outputs.add(v.name()));
        monitors.values().forEach(v -> outputs.add(v.name()));
        outputs.add(lossName);
        for (String[] rs : g.runningStats()) outputs.add(rs[1]);
        List<String> trainable = params.trainable();
        List<String> wrt = new ArrayList<>(trainable);
        tg.extraGradients().forEach(v -> wrt.add(v.name()));

        Optim optim = new Optim(params, trainable);
        int startEpoch = 0;
        long step = 0;
        Table history = newHistory(termNames, monitors.keySet(), tg.scalarNames());
        Table steps = newSteps(termNames, monitors.keySet());
        Path lastGood = null;
        if (cfg.resumeFrom != null) {
            Checkpoint.removeOrphans(cfg.resumeFrom.toAbsolutePath().getParent());
            Checkpoint c = Checkpoint.load(cfg.resumeFrom);
            restore(c, params, optim, tg);
            startEpoch = c.epochs();
            step = c.steps();
            lastGood = cfg.resumeFrom;
            if (c.history() != null) appendRows(history, c.history(), cfg.resumeFrom);
            if (c.stepTable() != null) appendRows(steps, c.stepTable(), cfg.resumeFrom);
        }
        if (cfg.checkpointDir != null) Checkpoint.removeOrphans(cfg.checkpointDir);

        Ctx ctx = new Ctx(model, totalSteps);
        ctx.step = step - 1;
        ctx.epoch = startEpoch;
        for (TrainingCallback cb : cfg.callbacks) cb.onStart(ctx);

        boolean showBar = cfg.progress != null ? cfg.progress : System.console() != null;
        ProgressBar bar = showBar && totalSteps > step ? new ProgressBarBuilder().setTaskName("train")
                .setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .startsFrom(step, java.time.Duration.ZERO).build() : null;
        Guard guard = new Guard(params);
        Map<String, INDArray> lastFeeds = null;
        SessionReplay calls = cfg.reuseStepMemory ? SessionReplay.gradients(sd) : SessionReplay.sessionOnly(sd);
        B drawn = null;
        try {
            for (int epoch = startEpoch; epoch < epochs && step < totalSteps && ctx.stopReason == null; epoch++) {
                ctx.epoch = epoch;
                Random rng = new Random(cfg.seed * 1_000_003L + epoch + 1);
                int[] order = permutation(n, rng);
                Map<String, Double> sums = new LinkedHashMap<>();
                Map<String, Double> scalars = new LinkedHashMap<>();
                int done = 0;
                long te = System.nanoTime();
                double lr = cfg.lr;
                for (int s = 0; s < stepsPerEpoch && step < totalSteps && ctx.stopReason == null; s++, step++) {
                    int[] idx = Arrays.copyOfRange(order, s * bs, (s + 1) * bs);
                    // The step before is done with its batch (the epoch's checkpoint check has run on it too): the
                    // source frees it, and the new batch can take its memory.
                    if (drawn != null) data.release(drawn);
                    B batch = drawn = data.batch(idx, rng);
                    lr = LrSchedule.lr(cfg.lr, step, warmup, totalSteps, cfg.finalLrFraction);
                    TrainingGraph.Step info = new TrainingGraph.Step(step, epoch, totalSteps, lr);
                    Map<String, INDArray> feeds = new LinkedHashMap<>();
                    tg.feed(batch, info, rng).forEach((v, a) -> feeds.put(v.name(), a));
                    feeds.putAll(g.drawStepInputs(rng));
                    castFeeds(feeds, params.dtype());
                    lastFeeds = feeds;

                    SessionReplay.Result result = calls.run(feeds, outputs, wrt);
                    Map<String, INDArray> outs = result.outputs(), grads = result.gradients();
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (String t : termNames) values.put(t, outs.get(terms.get(t).name()).getDouble(0));
                    double total = outs.get(lossName).getDouble(0);
                    values.put("loss", total);
                    String failure = guard.checkLoss(values, step);
                    if (failure != null) throw failure(failure, step, epoch, lr, history, steps, lastGood);
                    optim.apply(grads, lr, step, epoch);
                    params.countUpdate();
                    for (String[] rs : g.runningStats()) {
                        INDArray running = params.get(rs[0]);
                        running.muli(1 - cfg.bnMomentum).addi(outs.get(rs[1]).mul(cfg.bnMomentum));
                    }
                    scalars.putAll(tg.afterUpdate(info, v -> grads.get(v.name())));
                    failure = guard.checkWeights(step);
                    if (failure != null) throw failure(failure, step, epoch, lr, history, steps, lastGood);
                    for (Map.Entry<String, SDVariable> m : monitors.entrySet()) {
                        values.put(m.getKey(), outs.get(m.getValue().name()).getDouble(0));
                    }
                    ctx.step = step;
                    done += bs;
                    values.forEach((k, v) -> sums.merge(k, v, Double::sum));
                    appendStep(steps, step, epoch, values, lr);
                    Map<String, Double> reported = new LinkedHashMap<>();
                    for (String t : termNames) reported.put(t, values.get(t));
                    reported.put("loss", total);
                    for (TrainingCallback cb : cfg.callbacks) cb.onStep(ctx, step, reported);
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(" epoch %d loss %.4f", epoch, total));
                    }
                }
                double secs = (System.nanoTime() - te) / 1e9;
                int stepsDone = done / bs;
                Map<String, Double> means = new LinkedHashMap<>();
                if (stepsDone > 0) sums.forEach((k, v) -> means.put(k, v / stepsDone));
                appendEpoch(history, epoch, means, lr, scalars, secs, done);
                if (cfg.checkpointDir != null && ((epoch + 1) % cfg.checkpointEvery == 0 || epoch + 1 == epochs || step >= totalSteps)) {
                    Path p = cfg.checkpointDir.resolve(String.format("epoch-%04d.ckpt", epoch + 1));
                    new Checkpoint(step, epoch + 1, snapshot(params, optim, tg), history, steps).save(p);
                    if (verified(sd, lossName, lastFeeds, params)) lastGood = p;
                }
                Map<String, Double> reported = new LinkedHashMap<>();
                for (String t : termNames) if (means.containsKey(t)) reported.put(t, means.get(t));
                if (means.containsKey("loss")) reported.put("loss", means.get("loss"));
                for (TrainingCallback cb : cfg.callbacks) cb.onEpochEnd(ctx, epoch, reported);
            }
        } finally {
            if (bar != null) bar.close();
            calls.close();
            if (drawn != null) data.release(drawn);
        }
        for (TrainingCallback cb : cfg.callbacks) cb.onEnd(ctx);
        return new TrainingRun(history, steps, Optional.ofNullable(ctx.stopReason), Optional.ofNullable(lastGood),
                (System.nanoTime() - t0) / 1e9);
    }

    private TrainingException failure(String what, long step, int epoch, double lr, Table history, Table steps, Path lastGood) {
        return new TrainingException("training stopped at step " + step + " (epoch " + epoch + "): " + what + " (lr "
                + String.format("%.3g", lr) + "). "
                + (lastGood != null ? "Last good checkpoint: " + lastGood + "."
                : cfg.checkpointDir != null ? "No good checkpoint was written before this step."
                : "No checkpoint was written; set checkpoints(..) to keep one.")
                + " Try a lower learning rate or check the input data.", step, history, steps, lastGood);
    }

    /** A checkpoint is good when its weights are finite and give a finite loss on the last batch. */
    private static boolean verified(SameDiff sd, String lossName, Map<String, INDArray> feeds, Parameters params) {
        if (params.firstNonFinite() != null || feeds == null) return false;
        double l = sd.output(feeds, lossName).get(lossName).getDouble(0);
        return Double.isFinite(l);
    }

    private static Map<String, INDArray> snapshot(Parameters params, Optim optim, TrainingGraph<?> tg) {
        Map<String, INDArray> arrays = params.snapshot();
        optim.kernels.values().forEach(AdamKernel::store);
        optim.state.forEach((k, v) -> arrays.put("opt/" + k, v.dup()));
        tg.state().forEach((k, v) -> arrays.put("state/" + k, v.dup()));
        return arrays;
    }

    private static void restore(Checkpoint c, Parameters params, Optim optim, TrainingGraph<?> tg) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        Map<String, INDArray> opt = new LinkedHashMap<>();
        Map<String, INDArray> state = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith("opt/")) opt.put(k.substring(4), v);
            else if (k.startsWith("state/")) state.put(k.substring(6), v);
            else p.put(k, v);
        });
        params.restore(p, "the checkpoint");
        params.setUpdates(c.steps());
        for (Map.Entry<String, INDArray> e : optim.state.entrySet()) {
            INDArray saved = opt.get(e.getKey());
            WorkbenchException.require(saved != null && Arrays.equals(saved.shape(), e.getValue().shape()),
                    "the checkpoint's optimizer state for '" + e.getKey() + "' is " + (saved == null ? "missing"
                            : "of shape " + Arrays.toString(saved.shape())) + ": it was written with another optimizer or architecture");
            e.getValue().assign(saved);
        }
        optim.kernels.values().forEach(AdamKernel::load);
        WorkbenchException.require(opt.size() == optim.state.size(), "the checkpoint holds optimizer state for "
                + opt.size() + " parameters, this optimizer has " + optim.state.size() + ": it was written with another optimizer");
        tg.restore(state);
    }

    private static void castFeeds(Map<String, INDArray> feeds, DataType dt) {
        feeds.replaceAll((k, v) -> v.dataType() == dt ? v : v.castTo(dt));
    }

    // ---------------------------------------------------------------- tables

    private static Table newHistory(List<String> terms, java.util.Set<String> monitors, List<String> scalars) {
        Table h = Table.create("history");
        h.addColumns(IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (String t : terms) if (!t.equals("loss")) h.addColumns(DoubleColumn.create(t));
        for (String m : monitors) h.addColumns(DoubleColumn.create(m));
        h.addColumns(DoubleColumn.create("lr"));
        for (String s : scalars) h.addColumns(DoubleColumn.create(s));
        h.addColumns(DoubleColumn.create("seconds"), DoubleColumn.create("samples_per_s"));
        return h;
    }

    private static Table newSteps(List<String> terms, java.util.Set<String> monitors) {
        Table s = Table.create("steps");
        s.addColumns(LongColumn.create("step"), IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (String t : terms) if (!t.equals("loss")) s.addColumns(DoubleColumn.create(t));
        for (String m : monitors) s.addColumns(DoubleColumn.create(m));
        s.addColumns(DoubleColumn.create("lr"));
        return s;
    }

    private static void appendStep(Table steps, long step, int epoch, Map<String, Double> values, double lr) {
        steps.longColumn("step").append(step);
        steps.intColumn("epoch").append(epoch);
        for (int c = 2; c < steps.columnCount() - 1; c++) {
            String name = steps.column(c).name();
            steps.doubleColumn(name).append(values.getOrDefault(name, Double.NaN));
        }
        steps.doubleColumn("lr").append(lr);
    }

    private static void appendEpoch(Table h, int epoch, Map<String, Double> means, double lr, Map<String, Double> scalars,
                                    double secs, int samples) {
        h.intColumn("epoch").append(epoch);
        for (int c = 1; c < h.columnCount(); c++) {
            String name = h.column(c).name();
            double v = switch (name) {
                case "lr" -> lr;
                case "seconds" -> secs;
                case "samples_per_s" -> samples / Math.max(secs, 1e-9);
                default -> scalars.containsKey(name) ? scalars.get(name) : means.getOrDefault(name, Double.NaN);
            };
            h.doubleColumn(name).append(v);
        }
    }

    /** Appends a checkpoint's rows; its columns must be this run's. */
    private static void appendRows(Table into, Table from, Path source) {
        WorkbenchException.require(into.columnNames().equals(from.columnNames()), "checkpoint " + source
                + " has history columns " + from.columnNames() + ", this model has " + into.columnNames()
                + ": it was written for a different model or objective");
        for (int r = 0; r < from.rowCount(); r++) {
            for (int c = 0; c < into.columnCount(); c++) {
                String name = into.column(c).name();
                double v = ((Number) from.column(c).get(r)).doubleValue();
                switch (name) {
                    case "epoch" -> into.intColumn(name).append((int) v);
                    case "step" -> into.longColumn(name).append((long) v);
                    default -> into.doubleColumn(name).append(v);
                }
            }
        }
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ---------------------------------------------------------------- optimizer

    /** One ND4J updater per trainable parameter, in the store's order. */
    private final class Optim {
        final Parameters params;
        final IUpdater config;
        final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        final Map<String, INDArray> state = new LinkedHashMap<>();
        /** Adam on the heap for the float parameters it can update in place; the others keep ND4J's updater. */
        final Map<String, AdamKernel> kernels = new LinkedHashMap<>();

        Optim(Parameters params, List<String> trainable) {
            this.params = params;
            this.config = switch (cfg.optimizer) {
                case ADAM -> new Adam(cfg.lr);
                case SGD_NESTEROV -> new Nesterovs(cfg.lr, cfg.momentum);
                case SGD -> new Sgd(cfg.lr);
            };
            for (String p : trainable) {
                INDArray param = params.get(p);
                long size = config.stateSize(param.length());
                INDArray st = size == 0 ? null : Nd4j.zeros(params.dtype(), 1, size);
                updaters.put(p, config.instantiate(st, true));
                if (st != null) state.put(p, st);
                if (config instanceof Adam && AdamKernel.dense(param) && st != null && AdamKernel.dense(st)) {
                    kernels.put(p, new AdamKernel(st, param.length()));
                }
            }
        }

        void apply(Map<String, INDArray> grads, double lr, long step, int epoch) {
            config.setLrAndSchedule(lr, null);
            Adam adam = config instanceof Adam a ? a : null;
            float stepSize = kernels.isEmpty() ? 0 : AdamKernel.stepSize(lr, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), (int) step);
            for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
                INDArray param = params.get(e.getKey());
                INDArray gr = grads.get(e.getKey());
                if (gr == null) continue; // parameter not reached by the loss
                AdamKernel k = kernels.get(e.getKey());
                if (k != null) {
                    double decay = cfg.weightDecay > 0 && param.rank() >= 2 ? 1 - lr * cfg.weightDecay : 1.0;
                    k.apply(param, gr, stepSize, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), decay);
                    continue;
                }
                e.getValue().applyUpdater(gr, (int) step, epoch);
                if (cfg.weightDecay > 0 && param.rank() >= 2) param.muli(1 - lr * cfg.weightDecay);
                param.subi(gr);
            }
        }
    }

    // ---------------------------------------------------------------- guards

    /**
     * Stops a run that has gone wrong: a non-finite loss term; a loss that grew beyond
     * {@code lossFactor} × the first step's (at least 1 in absolute value); weights whose norm grew beyond
     * {@code weightFactor} × the initial norm, or turned non-finite.
     */
    private final class Guard {
        final Parameters params;
        final double initialNorm;
        double firstLoss = Double.NaN;

        Guard(Parameters params) {
            this.params = params;
            this.initialNorm = cfg.weightFactor > 0 ? params.trainableNorm() : Double.NaN;
        }

        String checkLoss(Map<String, Double> values, long step) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                if (!Double.isFinite(e.getValue())) return "loss term '" + e.getKey() + "' is " + e.getValue();
            }
            double loss = values.get("loss");
            if (Double.isNaN(firstLoss)) {
                firstLoss = loss;
                return null;
            }
            double ref = Math.max(1.0, Math.abs(firstLoss));
            if (cfg.lossFactor > 0 && Math.abs(loss) > cfg.lossFactor * ref) {
                String worst = "loss";
                double w = 0;
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    if (!e.getKey().equals("loss") && Math.abs(e.getValue()) > w) {
                        w = Math.abs(e.getValue());
                        worst = e.getKey();
                    }
                }
                return String.format("the loss diverged: %.3g is more than %.0e × the first step's %.3g (largest term '%s' = %.3g)",
                        loss, cfg.lossFactor, firstLoss, worst, values.get(worst));
            }
            return null;
        }

        String checkWeights(long step) {
            if (cfg.weightFactor <= 0) return null;
            double norm = params.trainableNorm();
            if (!Double.isFinite(norm)) return "the weights turned non-finite (first: '" + params.firstNonFinite() + "')";
            if (norm > cfg.weightFactor * Math.max(initialNorm, 1e-3)) {
                return String.format("the weights diverged: their norm %.3g is more than %.0e × the initial %.3g",
                        norm, cfg.weightFactor, initialNorm);
            }
            return null;
        }
    }

    private final class Ctx implements TrainingContext {
        final Trainable<?> model;
        final long total;
        long step;
        int epoch;
        String stopReason;

        Ctx(Trainable<?> model, long total) {
            this.model = model;
            this.total = total;
        }

        @Override
        public INDArray embed(INDArray x) {
            WorkbenchException.require(model instanceof EmbeddingModel, "this callback needs embeddings, but the model "
                    + model + " has no representation to embed with");
            return ((EmbeddingModel) model).embed(x);
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public long totalSteps() {
            return total;
        }

        @Override
        public void requestStop(String reason) {
            if (stopReason == null) stopReason = reason == null ? "stop requested" : reason;
        }
    }

    // ---------------------------------------------------------------- builder

    /** Fluent configuration; {@link #build} validates every setting and throws one clear error. */
    public static final class Builder {
        private int epochs = 10;
        private long steps = 0;
        private int batchSize = 256;
        private Optimizer optimizer = Optimizer.ADAM;
        private double lr = 1e-3;
        private double momentum = 0.9;
        private double weightDecay = 0;
        private double warmupEpochs = 0;
        private long warmupSteps = -1;
        private double finalLrFraction = 0.0;
        private double bnMomentum = 0.1;
        private double lossFactor = 1e6;
        private double weightFactor = 1e3;
        private long seed = 0;
        private final List<TrainingCallback> callbacks = new ArrayList<>();
        private Boolean progress;
        private Path checkpointDir;
        private int checkpointEvery = 1;
        private Path resumeFrom;
        private boolean reuseStepMemory = true;
        private String error;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.epochs = epochs;
            b.steps = steps;
            b.batchSize = batchSize;
            b.optimizer = optimizer;
            b.lr = lr;
            b.momentum = momentum;
            b.weightDecay = weightDecay;
            b.warmupEpochs = warmupEpochs;
            b.warmupSteps = warmupSteps;
            b.finalLrFraction = finalLrFraction;
            b.reuseStepMemory = reuseStepMemory;
            b.bnMomentum = bnMomentum;
            b.lossFactor = lossFactor;
            b.weightFactor = weightFactor;
            b.seed = seed;
            b.callbacks.addAll(callbacks);
            b.progress = progress;
            b.checkpointDir = checkpointDir;
            b.checkpointEvery = checkpointEvery;
            b.resumeFrom = resumeFrom;
            b.error = error;
            return b;
        }

        private Builder fail(boolean ok, String message) {
            if (!ok && error == null) error = message;
            return this;
        }

        /** Number of passes over the data (≥ 0; 0 leaves the model as it is). Default 10. */
        public Builder epochs(int e) {
            this.epochs = e;
            this.steps = 0;
            return fail(e >= 0, "Trainer: epochs must be >= 0, got " + e);
        }

        /** A budget in optimizer steps instead of epochs (≥ 1); epochs then run until it is spent. */
        public Builder steps(long s) {
            this.steps = s;
            return fail(s >= 1, "Trainer: steps must be >= 1, got " + s);
        }

        /** Samples per step (≥ 2). Default 256. */
        public Builder batchSize(int b) {
            this.batchSize = b;
            return fail(b >= 2, "Trainer: batch size must be >= 2 (batch statistics need two samples), got " + b);
        }

        /** Default ADAM. */
        public Builder optimizer(Optimizer o) {
            this.optimizer = o;
            return fail(o != null, "Trainer: optimizer is null");
        }

        /** Peak learning rate (> 0). Default 1e-3. */
        public Builder lr(double v) {
            this.lr = v;
            return fail(v > 0 && Double.isFinite(v), "Trainer: learning rate must be > 0, got " + v);
        }

        /** Momentum for SGD_NESTEROV, in [0, 1). Default 0.9. */
        public Builder momentum(double v) {
            this.momentum = v;
            return fail(v >= 0 && v < 1, "Trainer: momentum must be in [0, 1), got " + v);
        }

        /** Decoupled weight decay (≥ 0) on weight matrices. Default 0. */
        public Builder weightDecay(double v) {
            this.weightDecay = v;
            return fail(v >= 0 && Double.isFinite(v), "Trainer: weight decay must be >= 0, got " + v);
        }

        /** Linear warm-up length in epochs (fractions allowed, ≥ 0). Default 0. */
        public Builder warmupEpochs(double v) {
            this.warmupEpochs = v;
            this.warmupSteps = -1;
            return fail(v >= 0 && Double.isFinite(v), "Trainer: warm-up must be >= 0 epochs, got " + v);
        }

        /** Linear warm-up length in steps (≥ 0; overrides warmupEpochs). */
        public Builder warmupSteps(long v) {
            this.warmupSteps = v;
            return fail(v >= 0, "Trainer: warm-up must be >= 0 steps, got " + v);
        }

        /** Final lr as a fraction of the peak at the end of the cosine decay, in [0, 1]. Default 0; 1 = constant lr. */
        public Builder finalLrFraction(double v) {
            this.finalLrFraction = v;
            return fail(v >= 0 && v <= 1, "Trainer: finalLrFraction must be in [0, 1], got " + v);
        }

        /** Momentum of batch-norm running statistics, in (0, 1]. Default 0.1 (PyTorch's). */
        public Builder bnMomentum(double v) {
            this.bnMomentum = v;
            return fail(v > 0 && v <= 1, "Trainer: bnMomentum must be in (0, 1], got " + v);
        }

        /**
         * Divergence guards: stop when the loss exceeds {@code lossFactor} × the first step's loss (taken
         * as at least 1), or the weights' norm exceeds {@code weightFactor} × its initial value. Defaults
         * 1e6 and 1e3; 0 turns a guard off.
         */
        public Builder divergence(double lossFactor, double weightFactor) {
            this.lossFactor = lossFactor;
            this.weightFactor = weightFactor;
            return fail(lossFactor == 0 || lossFactor > 1, "Trainer: divergence lossFactor must be 0 (off) or > 1, got " + lossFactor)
                    .fail(weightFactor == 0 || weightFactor > 1, "Trainer: divergence weightFactor must be 0 (off) or > 1, got " + weightFactor);
        }

        /** Seed for data order, augmentations and per-step random inputs. Default 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Adds a callback (e.g. a collapse monitor, a progress line). */
        public Builder callback(TrainingCallback cb) {
            if (cb != null) this.callbacks.add(cb);
            return fail(cb != null, "Trainer: callback is null");
        }

        /**
         * Reuse the memory of one step's activations and gradients at the next step (default on) instead of
         * allocating every op output afresh; the numbers are the same either way. It saves the time an MLP step
         * spent allocating (about a quarter) and the stalls while off-heap memory waited for the GC, and keeps the
         * resident memory flat. With it, two gradient calls are recorded and later steps replay the ops
         * on the same arrays without SameDiff's session ({@link SessionReplay}: the session's bookkeeping was a third of
         * the reference MLP step's gradient call), for as long as the batches keep the recorded shapes. Off restores
         * SameDiff's own memory management and runs every step through its session.
         */
        public Builder reuseStepMemory(boolean on) {
            this.reuseStepMemory = on;
            return this;
        }

        /** Console progress bar on/off; default: on only when attached to a terminal. */
        public Builder progress(boolean on) {
            this.progress = on;
            return this;
        }

        /** Writes a checkpoint every {@code everyEpochs} epochs (and after the last) into {@code dir}. */
        public Builder checkpoints(Path dir, int everyEpochs) {
            this.checkpointDir = dir;
            this.checkpointEvery = everyEpochs;
            return fail(dir != null, "Trainer: checkpoint directory is null")
                    .fail(everyEpochs >= 1, "Trainer: checkpoint interval must be >= 1 epoch, got " + everyEpochs);
        }

        /** Restores weights, optimizer state, progress and history from a checkpoint before training continues. */
        public Builder resumeFrom(Path ckpt) {
            this.resumeFrom = ckpt;
            return fail(ckpt != null, "Trainer: resumeFrom path is null");
        }

        public int epochs() {
            return epochs;
        }

        public int batchSize() {
            return batchSize;
        }

        public long seed() {
            return seed;
        }

        public Trainer build() {
            WorkbenchException.require(error == null, error);
            return new Trainer(copy());
        }
    }
}
