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
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.EmbeddingModel;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
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
 * Trains a joint-embedding architecture with a custom SameDiff loop (the graph is built once and reused
 * for every step; SameDiff's own {@code fit()} is not used because it reports loss 0.0 in M2.1).
 *
 * <pre>{@code
 * TrainingRun run = Trainer.builder()
 *     .encoder(Mlp.of(784, 512, 128)).projector(Mlp.of(128, 256, 256).norm(Norm.BATCH))
 *     .objective(vicreg).views((b, rng) -> aug.apply(b, rng))
 *     .epochs(5).batchSize(256).lr(1e-3).seed(1)
 *     .build().fit(train);
 * run.history();  run.embed(test.features());
 * }</pre>
 *
 * <p>Determinism: the seed fixes initialisation, the data order and the generator passed to the view
 * and context makers (one generator per epoch, derived from the seed, so a resumed run sees the same
 * batches as an uninterrupted one). The last incomplete batch of an epoch is dropped so every step has
 * the same batch size.
 */
public final class Trainer {
    private final Builder cfg;
    private SameDiff sd;
    private Graph graph;
    private EmbeddingModel model;
    private final List<String> termNames = new ArrayList<>();
    private final Map<String, String> termVars = new LinkedHashMap<>(); // term name → variable name
    private String lossName;
    private final Map<String, String> emaPairs = new LinkedHashMap<>(); // online → target
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    private final Map<String, INDArray> updaterState = new LinkedHashMap<>();
    private IUpdater updaterConfig;
    private long zDim;
    private long condWidth;

    private Trainer(Builder cfg) {
        this.cfg = cfg;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The graph, built on first use; exposed for tests and advanced inspection. */
    public SameDiff sameDiff() {
        ensureBuilt();
        return sd;
    }

    /** The online encoder in inference mode (untrained until {@link #fit} ran). */
    public EmbeddingModel model() {
        ensureBuilt();
        return model;
    }

    /** Pairs online parameter → EMA target parameter (empty for SIAMESE). */
    public Map<String, String> emaPairs() {
        ensureBuilt();
        return Map.copyOf(emaPairs);
    }

    /** Trains on {@code data.features()} (labels are ignored). */
    public TrainingRun fit(LabeledData data) {
        WorkbenchException.require(data != null, "fit: data is null");
        return fit(data.features());
    }

    // ---------------------------------------------------------------- graph

    private void ensureBuilt() {
        if (sd != null) return;
        Module enc = cfg.encoder;
        checkPredictorWidth();
        sd = SameDiff.create();
        graph = new Graph(sd, cfg.dtype, cfg.seed);
        long in = enc.inputWidth();
        Module.Bound online = enc.bind(graph, "online/encoder", true);
        Module.Bound oproj = cfg.projector == null ? null : cfg.projector.bind(graph, "online/projector", true);
        Module.Bound pred = cfg.predictor == null ? null : cfg.predictor.bind(graph, "online/predictor", true);
        Module.Bound target = null, tproj = null;
        if (cfg.method.usesTarget()) {
            target = enc.bind(graph, "target/encoder", false);
            if (cfg.projector != null) tproj = cfg.projector.bind(graph, "target/projector", false);
            for (Map.Entry<String, Boolean> e : graph.params().entrySet()) {
                if (e.getValue() && !e.getKey().startsWith("online/predictor")) {
                    String t = "target/" + e.getKey().substring("online/".length());
                    sd.getArrForVarName(t).assign(sd.getArrForVarName(e.getKey()));
                    emaPairs.put(e.getKey(), t);
                }
            }
        }
        zDim = cfg.projector == null ? enc.outputWidth() : cfg.projector.outputWidth();
        SDVariable xa = sd.placeHolder("xa", cfg.dtype, -1, in);
        SDVariable za, zb;
        switch (cfg.method) {
            case SIAMESE -> {
                SDVariable xb = sd.placeHolder("xb", cfg.dtype, -1, in);
                za = head(online, oproj, xa);
                zb = head(online, oproj, xb);
            }
            case BYOL, SIMSIAM -> {
                SDVariable xb = sd.placeHolder("xb", cfg.dtype, -1, in);
                SDVariable pa = pred.apply(head(online, oproj, xa), true);
                SDVariable pb = pred.apply(head(online, oproj, xb), true);
                SDVariable ta = head(target, tproj, xa);
                SDVariable tb = head(target, tproj, xb);
                za = sd.concat(0, pa, pb);
                zb = sd.concat(0, tb, ta);
            }
            case JEPA -> {
                SDVariable xc = sd.placeHolder("xc", cfg.dtype, -1, in);
                SDVariable ctx = head(online, oproj, xc);
                if (condWidth > 0) {
                    SDVariable cond = sd.placeHolder("cond", cfg.dtype, -1, condWidth);
                    ctx = sd.concat(1, ctx, cond);
                }
                za = pred.apply(ctx, true);
                zb = head(target, tproj, xa);
            }
            default -> throw new IllegalStateException();
        }
        Map<String, SDVariable> terms = cfg.objective.terms(sd, za, zb);
        WorkbenchException.require(terms != null && !terms.isEmpty(),
                "objective '" + cfg.objective.name() + "' returned no loss terms");
        SDVariable loss = null;
        for (Map.Entry<String, SDVariable> e : terms.entrySet()) {
            termNames.add(e.getKey());
            termVars.put(e.getKey(), e.getValue().name());
            loss = loss == null ? e.getValue() : loss.add(e.getValue());
        }
        // A fresh identity node, so "loss" never aliases a term variable.
        loss = sd.identity("loss_total", loss);
        lossName = loss.name();
        sd.setLossVariables(lossName);
        SDVariable ein = sd.placeHolder("embed_in", cfg.dtype, -1, in);
        SDVariable eout = online.apply(ein, false);
        model = new EmbeddingModel(sd, ein.name(), eout.name(), in, enc.outputWidth(), cfg.dtype);

        updaterConfig = switch (cfg.optimizer) {
            case ADAM -> new Adam(cfg.lr);
            case SGD_NESTEROV -> new Nesterovs(cfg.lr, cfg.momentum);
            case SGD -> new Sgd(cfg.lr);
        };
        for (String p : graph.trainable()) {
            INDArray param = sd.getArrForVarName(p);
            long size = updaterConfig.stateSize(param.length());
            INDArray state = size == 0 ? null : Nd4j.zeros(cfg.dtype, 1, size);
            updaters.put(p, updaterConfig.instantiate(state, true));
            if (state != null) updaterState.put(p, state);
        }
    }

    private static SDVariable head(Module.Bound enc, Module.Bound proj, SDVariable x) {
        SDVariable h = enc.apply(x, true);
        return proj == null ? h : proj.apply(h, true);
    }

    // ---------------------------------------------------------------- training

    /** Trains on the rows of {@code x} [N, C*H*W]. */
    public TrainingRun fit(INDArray x) {
        validateData(x);
        int n = (int) x.rows();
        int bs = cfg.batchSize;
        WorkbenchException.require(n >= bs, "batch size " + bs + " is larger than the data set (" + n
                + " rows); lower batchSize");
        INDArray data = x.castTo(cfg.dtype);
        // Dry run of the view/context makers on the first batch: shape problems surface before any step.
        int[] probeIdx = new int[bs];
        Arrays.setAll(probeIdx, i -> i);
        ensureBuilt();
        Inputs probe = makeInputs(data.getRows(probeIdx), new Random(cfg.seed));
        long got = probe.cond == null ? 0 : probe.cond.columns();
        WorkbenchException.require(got == condWidth, "the predictor expects a condition of width " + condWidth
                + " (predictor input " + (cfg.predictor == null ? 0 : cfg.predictor.inputWidth()) + " = embedding "
                + zDim + " + condition), but the context maker gives " + (got == 0 ? "none" : "width " + got));
        cfg.objective.validate(bs, (int) zDim);

        int stepsPerEpoch = n / bs;
        long totalSteps = (long) stepsPerEpoch * cfg.epochs;
        long warmup = cfg.warmupSteps >= 0 ? cfg.warmupSteps : Math.round(cfg.warmupEpochs * stepsPerEpoch);
        warmup = Math.min(warmup, Math.max(0, totalSteps - 1));

        int startEpoch = 0;
        long step = 0;
        Optional<Path> lastCkpt = Optional.empty();
        if (cfg.resumeFrom != null) {
            Checkpoint c = Checkpoint.load(cfg.resumeFrom);
            restore(c);
            startEpoch = c.epochs();
            step = c.steps();
            lastCkpt = Optional.of(cfg.resumeFrom);
        }

        Table history = Table.create("history");
        history.addColumns(IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (String t : termNames) if (!t.equals("loss")) history.addColumns(DoubleColumn.create(t));
        history.addColumns(DoubleColumn.create("lr"));
        if (cfg.method.usesTarget()) history.addColumns(DoubleColumn.create("ema_tau"));
        history.addColumns(DoubleColumn.create("seconds"), DoubleColumn.create("samples_per_s"));
        Table steps = Table.create("steps");
        steps.addColumns(LongColumn.create("step"), IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (String t : termNames) if (!t.equals("loss")) steps.addColumns(DoubleColumn.create(t));
        steps.addColumns(DoubleColumn.create("lr"));

        Ctx ctx = new Ctx();
        ctx.step = step - 1;
        ctx.epoch = startEpoch;
        for (TrainingCallback cb : cfg.callbacks) cb.onStart(ctx);

        List<String> outputs = new ArrayList<>(termVars.values());
        outputs.add(lossName);
        for (String[] rs : graph.runningStats()) outputs.add(rs[1]);
        List<String> trainable = graph.trainable();
        boolean showBar = cfg.progress != null ? cfg.progress : System.console() != null;
        ProgressBar bar = showBar && totalSteps > step ? new ProgressBarBuilder().setTaskName("train")
                .setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .startsFrom(step, java.time.Duration.ZERO).build() : null;
        try {
            for (int epoch = startEpoch; epoch < cfg.epochs && ctx.stopReason == null; epoch++) {
                ctx.epoch = epoch;
                Random rng = new Random(cfg.seed * 1_000_003L + epoch + 1);
                int[] order = permutation(n, rng);
                Map<String, Double> sums = new LinkedHashMap<>();
                int done = 0;
                long t0 = System.nanoTime();
                double lr = cfg.lr, tau = Double.NaN;
                for (int s = 0; s < stepsPerEpoch && ctx.stopReason == null; s++, step++) {
                    int[] idx = Arrays.copyOfRange(order, s * bs, (s + 1) * bs);
                    Inputs in = makeInputs(data.getRows(idx), rng);
                    Map<String, INDArray> feeds = new LinkedHashMap<>();
                    feeds.put("xa", in.xa);
                    if (in.xb != null) feeds.put("xb", in.xb);
                    if (in.xc != null) feeds.put("xc", in.xc);
                    if (condWidth > 0) feeds.put("cond", in.cond);
                    feeds.putAll(cfg.objective.stepFeeds(step, rng));
                    lr = LrSchedule.lr(cfg.lr, step, warmup, totalSteps, cfg.finalLrFraction);

                    OutAndGrad og = sd.calculateGradientsAndOutputs(feeds, outputs, trainable);
                    Map<String, Double> losses = new LinkedHashMap<>();
                    for (String t : termNames) losses.put(t, og.getOutputs().get(termVars.get(t)).getDouble(0));
                    double total = og.getOutputs().get(lossName).getDouble(0);
                    losses.put("loss", total);
                    for (Map.Entry<String, Double> e : losses.entrySet()) {
                        if (!Double.isFinite(e.getValue())) {
                            throw new WorkbenchException("training stopped at step " + step + " (epoch " + epoch
                                    + "): loss term '" + e.getKey() + "' is " + e.getValue() + " (lr "
                                    + String.format("%.3g", lr) + "). "
                                    + lastCkpt.map(p -> "Last good checkpoint: " + p)
                                    .orElse("No checkpoint was written; set checkpointDir(..) to keep one.")
                                    + " Try a lower learning rate or check the input data.");
                        }
                    }
                    applyUpdate(og.getGradients(), lr, step, epoch);
                    for (String[] rs : graph.runningStats()) {
                        INDArray running = sd.getArrForVarName(rs[0]);
                        running.muli(1 - cfg.bnMomentum).addi(og.getOutputs().get(rs[1]).mul(cfg.bnMomentum));
                    }
                    if (!emaPairs.isEmpty()) {
                        tau = cfg.method == Method.SIMSIAM ? 0.0 : LrSchedule.ema(cfg.emaBase, step, totalSteps);
                        emaUpdate(tau);
                    }
                    ctx.step = step;
                    done += bs;
                    losses.forEach((k, v) -> sums.merge(k, v, Double::sum));
                    steps.longColumn("step").append(step);
                    steps.intColumn("epoch").append(epoch);
                    steps.doubleColumn("loss").append(total);
                    for (String t : termNames) if (!t.equals("loss")) steps.doubleColumn(t).append(losses.get(t));
                    steps.doubleColumn("lr").append(lr);
                    for (TrainingCallback cb : cfg.callbacks) cb.onStep(ctx, step, losses);
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(" epoch %d loss %.4f", epoch, total));
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                int stepsDone = done / bs;
                Map<String, Double> means = new LinkedHashMap<>();
                if (stepsDone > 0) sums.forEach((k, v) -> means.put(k, v / stepsDone));
                history.intColumn("epoch").append(epoch);
                history.doubleColumn("loss").append(means.getOrDefault("loss", Double.NaN));
                for (String t : termNames) if (!t.equals("loss")) history.doubleColumn(t).append(means.getOrDefault(t, Double.NaN));
                history.doubleColumn("lr").append(lr);
                if (cfg.method.usesTarget()) history.doubleColumn("ema_tau").append(tau);
                history.doubleColumn("seconds").append(secs);
                history.doubleColumn("samples_per_s").append(done / Math.max(secs, 1e-9));
                if (cfg.checkpointDir != null && ((epoch + 1) % cfg.checkpointEvery == 0 || epoch + 1 == cfg.epochs)) {
                    Path p = cfg.checkpointDir.resolve(String.format("epoch-%04d.ckpt", epoch + 1));
                    checkpoint(step, epoch + 1).save(p);
                    lastCkpt = Optional.of(p);
                }
                for (TrainingCallback cb : cfg.callbacks) cb.onEpochEnd(ctx, epoch, means);
            }
        } finally {
            if (bar != null) bar.close();
        }
        for (TrainingCallback cb : cfg.callbacks) cb.onEnd(ctx);
        return new TrainingRun(model, history, steps, Optional.ofNullable(ctx.stopReason), lastCkpt);
    }

    private void applyUpdate(Map<String, INDArray> grads, double lr, long step, int epoch) {
        updaterConfig.setLrAndSchedule(lr, null);
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray param = sd.getArrForVarName(e.getKey());
            INDArray g = grads.get(e.getKey());
            if (g == null) continue; // parameter not reached by the loss
            e.getValue().applyUpdater(g, (int) step, epoch);
            if (cfg.weightDecay > 0 && param.rank() >= 2) param.muli(1 - lr * cfg.weightDecay);
            param.subi(g);
        }
    }

    /** target ← τ·target + (1 − τ)·online, in place on the target constants. */
    void emaUpdate(double tau) {
        for (Map.Entry<String, String> e : emaPairs.entrySet()) {
            INDArray online = sd.getArrForVarName(e.getKey());
            INDArray target = sd.getArrForVarName(e.getValue());
            if (tau == 0.0) target.assign(online);
            else target.muli(tau).addi(online.mul(1 - tau));
        }
    }

    /** A snapshot of every parameter, running statistic and optimizer state. */
    public Checkpoint checkpoint(long steps, int epochs) {
        ensureBuilt();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (String p : graph.params().keySet()) arrays.put(p, sd.getArrForVarName(p).dup());
        updaterState.forEach((k, v) -> arrays.put("opt/" + k, v.dup()));
        return new Checkpoint(steps, epochs, arrays);
    }

    private void restore(Checkpoint c) {
        for (String p : graph.params().keySet()) {
            INDArray saved = c.arrays().get(p);
            WorkbenchException.require(saved != null, "checkpoint lacks parameter '" + p
                    + "': it was written for a different architecture");
            INDArray cur = sd.getArrForVarName(p);
            WorkbenchException.require(Arrays.equals(saved.shape(), cur.shape()), "checkpoint parameter '" + p
                    + "' has shape " + Arrays.toString(saved.shape()) + ", the model expects "
                    + Arrays.toString(cur.shape()));
            cur.assign(saved);
        }
        updaterState.forEach((k, v) -> {
            INDArray saved = c.arrays().get("opt/" + k);
            if (saved != null && Arrays.equals(saved.shape(), v.shape())) v.assign(saved);
        });
    }

    private record Inputs(INDArray xa, INDArray xb, INDArray xc, INDArray cond) {
    }

    private Inputs makeInputs(INDArray batch, Random rng) {
        ViewMaker vm = cfg.views;
        INDArray va = checkView(vm.view(batch, rng), batch, "view");
        if (cfg.method == Method.JEPA) {
            ContextMaker.Context c = cfg.context.make(va, rng);
            WorkbenchException.require(c != null && c.input() != null, "context maker returned no context input");
            INDArray xc = checkView(c.input(), batch, "context input");
            INDArray cond = c.condition();
            if (cond != null) {
                WorkbenchException.require(cond.rank() == 2 && cond.rows() == batch.rows(),
                        "context condition must be [" + batch.rows() + ", K], got " + Arrays.toString(cond.shape()));
                cond = cond.castTo(cfg.dtype);
            }
            return new Inputs(va, null, xc, cond);
        }
        INDArray vb = checkView((cfg.viewsB == null ? vm : cfg.viewsB).view(batch, rng), batch, "view");
        return new Inputs(va, vb, null, null);
    }

    private INDArray checkView(INDArray v, INDArray batch, String what) {
        WorkbenchException.require(v != null && Arrays.equals(v.shape(), batch.shape()), what + " must have the batch's shape "
                + Arrays.toString(batch.shape()) + ", got " + (v == null ? "null" : Arrays.toString(v.shape())));
        return v.dataType() == cfg.dtype ? v : v.castTo(cfg.dtype);
    }

    private void validateData(INDArray x) {
        WorkbenchException.require(x != null, "fit: data is null");
        WorkbenchException.require(x.rank() == 2, "fit: expected a matrix [N, C*H*W], got shape " + Arrays.toString(x.shape()));
        WorkbenchException.require(x.rows() > 0, "fit: the data set is empty");
        WorkbenchException.require(x.columns() == cfg.encoder.inputWidth(), "fit: the encoder " + cfg.encoder
                + " expects inputs of width " + cfg.encoder.inputWidth() + ", the data has " + x.columns() + " columns");
        WorkbenchException.require(!BooleanIndexing.or(x, Conditions.isNan()), "fit: the data contains NaN values");
        WorkbenchException.require(!BooleanIndexing.or(x, Conditions.isInfinite()), "fit: the data contains infinite values");
    }

    private void checkPredictorWidth() {
        if (cfg.predictor == null) return;
        long zd = cfg.projector == null ? cfg.encoder.outputWidth() : cfg.projector.outputWidth();
        // Only JEPA predictors take a condition: its width is whatever the predictor input has beyond D.
        condWidth = cfg.method == Method.JEPA ? Math.max(0, cfg.predictor.inputWidth() - zd) : 0;
        WorkbenchException.require(cfg.predictor.inputWidth() == zd + condWidth, "predictor input width is "
                + cfg.predictor.inputWidth() + " but the embedding width is " + zd
                + (cfg.method == Method.JEPA ? " (a JEPA predictor may take D + K inputs, K = condition width)" : ""));
        WorkbenchException.require(cfg.predictor.outputWidth() == zd, "predictor output width is "
                + cfg.predictor.outputWidth() + " but the target embedding width is " + zd);
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

    private final class Ctx implements TrainingContext {
        long step;
        int epoch;
        String stopReason;

        @Override
        public INDArray embed(INDArray x) {
            return model.embed(x);
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
        public void requestStop(String reason) {
            if (stopReason == null) stopReason = reason == null ? "stop requested" : reason;
        }
    }

    // ---------------------------------------------------------------- builder

    /** Fluent configuration; {@link #build} validates every setting and throws one clear error. */
    public static final class Builder {
        private Module encoder, projector, predictor;
        private Objective objective;
        private Method method = Method.SIAMESE;
        private ViewMaker views = ViewMaker.identity();
        private ViewMaker viewsB;
        private ContextMaker context;
        private int epochs = 10;
        private int batchSize = 256;
        private Optimizer optimizer = Optimizer.ADAM;
        private double lr = 1e-3;
        private double momentum = 0.9;
        private double weightDecay = 0;
        private double warmupEpochs = 0;
        private long warmupSteps = -1;
        private double finalLrFraction = 0.0;
        private double emaBase = 0.996;
        private double bnMomentum = 0.1;
        private long seed = 0;
        private final List<TrainingCallback> callbacks = new ArrayList<>();
        private Boolean progress;
        private Path checkpointDir;
        private int checkpointEvery = 1;
        private Path resumeFrom;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** The encoder (its output is the representation {@link TrainingRun#embed} returns). Required. */
        public Builder encoder(Module m) { this.encoder = m; return this; }

        /** Optional projector applied after the encoder; the objective sees its output. */
        public Builder projector(Module m) { this.projector = m; return this; }

        /** Predictor (required for BYOL, SimSiam, JEPA); input width = embedding width (+ condition width). */
        public Builder predictor(Module m) { this.predictor = m; return this; }

        /** The loss on the two embeddings. Required. */
        public Builder objective(Objective o) { this.objective = o; return this; }

        /** Architecture wiring; default SIAMESE. */
        public Builder method(Method m) { this.method = m; return this; }

        /** Augmentation producing each view (default: identity). */
        public Builder views(ViewMaker v) { this.views = v; this.viewsB = null; return this; }

        /** Asymmetric augmentations (e.g. BYOL's): {@code first} makes view a, {@code second} view b. */
        public Builder views(ViewMaker first, ViewMaker second) {
            this.views = first;
            this.viewsB = second;
            return this;
        }

        /** Context (mask) maker; required for JEPA. */
        public Builder context(ContextMaker c) { this.context = c; return this; }

        /** Number of passes over the data (≥ 0; 0 returns the untrained model). Default 10. */
        public Builder epochs(int e) { this.epochs = e; return this; }

        /** Samples per step (≥ 2). Default 256. */
        public Builder batchSize(int b) { this.batchSize = b; return this; }

        /** Default ADAM. */
        public Builder optimizer(Optimizer o) { this.optimizer = o; return this; }

        /** Peak learning rate (> 0). Default 1e-3. */
        public Builder lr(double v) { this.lr = v; return this; }

        /** Momentum for SGD_NESTEROV. Default 0.9. */
        public Builder momentum(double v) { this.momentum = v; return this; }

        /** Decoupled weight decay (≥ 0) on weight matrices. Default 0. */
        public Builder weightDecay(double v) { this.weightDecay = v; return this; }

        /** Linear warm-up length in epochs (fractions allowed). Default 0. */
        public Builder warmupEpochs(double v) { this.warmupEpochs = v; this.warmupSteps = -1; return this; }

        /** Linear warm-up length in steps (overrides warmupEpochs). */
        public Builder warmupSteps(long v) { this.warmupSteps = v; return this; }

        /** Final lr as a fraction of the peak at the end of the cosine decay, in [0, 1]. Default 0; 1 = constant lr. */
        public Builder finalLrFraction(double v) { this.finalLrFraction = v; return this; }

        /** Base EMA momentum τ_base in [0, 1) for BYOL/JEPA targets (cosine-scheduled to 1). Default 0.996. */
        public Builder ema(double tauBase) { this.emaBase = tauBase; return this; }

        /** Seed for init, data order, augmentations. Default 0. */
        public Builder seed(long s) { this.seed = s; return this; }

        /** Adds a callback (e.g. a collapse monitor). */
        public Builder callback(TrainingCallback cb) { this.callbacks.add(cb); return this; }

        /** Console progress bar on/off; default: on only when attached to a terminal. */
        public Builder progress(boolean on) { this.progress = on; return this; }

        /** Writes a checkpoint every {@code everyEpochs} epochs (and after the last) into {@code dir}. */
        public Builder checkpoints(Path dir, int everyEpochs) { this.checkpointDir = dir; this.checkpointEvery = everyEpochs; return this; }

        /** Restores weights, optimizer state and progress from a checkpoint before training continues. */
        public Builder resumeFrom(Path ckpt) { this.resumeFrom = ckpt; return this; }

        /** FLOAT (default) or DOUBLE (for gradient checks). */
        public Builder dataType(DataType t) { this.dtype = t; return this; }

        public Trainer build() {
            WorkbenchException.require(encoder != null, "Trainer: encoder(..) is required");
            WorkbenchException.require(objective != null, "Trainer: objective(..) is required");
            WorkbenchException.require(method != null, "Trainer: method is null");
            WorkbenchException.require(views != null, "Trainer: views is null");
            WorkbenchException.require(epochs >= 0, "Trainer: epochs must be >= 0, got " + epochs);
            WorkbenchException.require(batchSize >= 2, "Trainer: batch size must be >= 2 (batch statistics need two samples), got " + batchSize);
            WorkbenchException.require(lr > 0 && Double.isFinite(lr), "Trainer: learning rate must be > 0, got " + lr);
            WorkbenchException.require(weightDecay >= 0 && Double.isFinite(weightDecay), "Trainer: weight decay must be >= 0, got " + weightDecay);
            WorkbenchException.require(momentum >= 0 && momentum < 1, "Trainer: momentum must be in [0, 1), got " + momentum);
            WorkbenchException.require(warmupEpochs >= 0, "Trainer: warm-up must be >= 0, got " + warmupEpochs);
            WorkbenchException.require(finalLrFraction >= 0 && finalLrFraction <= 1, "Trainer: finalLrFraction must be in [0, 1], got " + finalLrFraction);
            WorkbenchException.require(emaBase >= 0 && emaBase < 1, "Trainer: EMA τ_base must be in [0, 1), got " + emaBase);
            WorkbenchException.require(checkpointEvery >= 1, "Trainer: checkpoint interval must be >= 1 epoch, got " + checkpointEvery);
            WorkbenchException.require(dtype == DataType.FLOAT || dtype == DataType.DOUBLE, "Trainer: dataType must be FLOAT or DOUBLE");
            if (method != Method.SIAMESE) {
                WorkbenchException.require(predictor != null, "Trainer: method " + method + " needs a predictor(..)");
            } else {
                WorkbenchException.require(predictor == null, "Trainer: a predictor is only used by BYOL, SIMSIAM and JEPA, not SIAMESE");
            }
            if (method == Method.JEPA) WorkbenchException.require(context != null, "Trainer: JEPA needs a context(..) maker (e.g. a block masker)");
            if (projector != null) {
                WorkbenchException.require(projector.inputWidth() == encoder.outputWidth(), "Trainer: projector input width "
                        + projector.inputWidth() + " does not match the encoder output width " + encoder.outputWidth());
            }
            return new Trainer(this);
        }
    }
}
