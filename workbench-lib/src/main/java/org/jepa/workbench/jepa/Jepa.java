package org.jepa.workbench.jepa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Finite;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.model.EmbeddingModel;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Inference;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Parameters;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.CosineRegression;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.objective.Embeddings;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.objective.PredictionCost;
import org.jepa.workbench.objective.Regularizer;
import org.jepa.workbench.train.LrSchedule;
import org.jepa.workbench.train.Trainable;
import org.jepa.workbench.train.TrainingGraph;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A joint-embedding predictive architecture, composed of parts as in Meta's EB-JEPA ({@code jepa.py}):
 * an <b>encoder</b> (and optional <b>projector</b>) maps each frame to an embedding z_t; an optional
 * <b>action encoder</b> maps each action a_t; the <b>predictor</b> maps (z_t, a_t) to ẑ_{t+1}; a
 * <b>prediction cost</b> compares predictions with the <b>target</b>'s embeddings (the online encoder,
 * a stop-gradient or an EMA copy); <b>regularizers</b> act on the online embeddings. The architecture is
 * its constructor; {@link #unroll} is the one computation — training, evaluation and planning all run it.
 *
 * <pre>{@code
 * Jepa vicreg = Jepa.siamese(Mlp.of(784, 256, 64), VICReg.defaults()).seed(1).build();
 * Jepa byol   = Jepa.byol(Mlp.of(784, 256, 64), Mlp.of(64, 128, 64).norm(Norm.BATCH)).ema(0.99).seed(1).build();
 * Jepa world  = Jepa.builder().encoder(ConvNet.of(2, 28, 28, 32))
 *         .predictor(Predictor.residual(Mlp.of(32 + 2, 128, 32), 2))
 *         .cost(EmbeddingPrediction.defaults())
 *         .regularizer(Variance.defaults().weight(16)).regularizer(Covariance.defaults().weight(8))
 *         .rolloutSteps(4).seed(1).build();
 * trainer.fit(world, Sequences.of(frames, actions).window(9));
 * INDArray imagined = world.rollout(start, candidateActions);     // [N, H, D], the trained unroll
 * }</pre>
 *
 * <h2>The unroll</h2>
 * With frames x_0 … x_{T−1} and actions a_0 … a_{H−1}: S⁰_t = z_t, and at rollout step k = 1 … K every
 * position t that step reaches is predicted from the previous step's state at t − 1,
 * <pre>  Sᵏ_t = P(Sᵏ⁻¹_{t−1}, A(a_{t−1})),   t = k … k + L_k − 1,  L_k = min(H − k + 1, T) </pre>
 * so each step predicts autoregressively from every start at once (EB-JEPA's multi-step rollout loss):
 * training uses H = T − 1, where step k is compared with the targets y_t of frames k … T − 1 and the
 * cost is summed over the K steps; planning uses one observed frame (T = 1) and H candidate actions,
 * where step k is the imagined embedding after k actions. Two-view methods are T = 2, K = 1 (and, for
 * symmetric ones, also frame 1 → frame 0).
 * <p>A predictor with a memory ({@link Predictor#recurrent}) keeps the same positions and steps, and carries a memory
 * h beside each state: at step 1 the observed latents are scanned, h⁰_t = remember(h⁰_{t−1}, z_t), so a prediction
 * from frame t has seen frames 0 … t; a later step first remembers the prediction it starts from,
 * hᵏ⁻¹ = remember(hᵏ⁻², Sᵏ⁻¹), then predicts Sᵏ_t = P(Sᵏ⁻¹_{t−1}, hᵏ⁻¹_{t−1}, A(a_{t−1})).
 */
public final class Jepa implements Trainable<Batch>, EmbeddingModel {
    static final String OBSERVATIONS = "observations";
    static final String ACTIONS = "actions";

    private final String name;
    private final Module encoder;
    private final Module projector;
    private final Module actionEncoder;
    private final Predictor predictor;
    private final PredictionCost cost;
    private final List<Regularizer> regularizers;
    private final Target target;
    private final boolean symmetric;
    private final boolean framesTogether;
    private final boolean frozenEncoder;
    private final int rolloutSteps;
    private final Parameters params;
    private final Map<String, String> emaPairs = new LinkedHashMap<>();
    private final long dim;
    private final long actionWidth;
    private Inference embedder;
    private Inference latent;
    private final Map<Integer, Imagination> imagination = new HashMap<>();
    private final Map<List<Integer>, Observed> observed = new HashMap<>();

    private Jepa(Builder b) {
        this.name = b.name;
        this.encoder = b.encoder;
        this.projector = b.projector;
        this.actionEncoder = b.actionEncoder;
        this.dim = projector == null ? encoder.outputWidth() : projector.outputWidth();
        this.predictor = b.resolvePredictor(dim);
        this.cost = b.cost;
        this.regularizers = List.copyOf(b.regularizers);
        this.target = b.target;
        this.symmetric = b.symmetric;
        this.framesTogether = b.framesTogether;
        this.frozenEncoder = b.frozenEncoder;
        this.rolloutSteps = b.rolloutSteps;
        this.actionWidth = actionEncoder != null ? actionEncoder.inputWidth() : predictor.actionWidth();
        WorkbenchException.require(predictor.width() == dim, "Jepa: the predictor " + predictor + " outputs width "
                + predictor.width() + " but the embedding width is " + dim);
        if (actionEncoder != null) {
            WorkbenchException.require(actionEncoder.outputWidth() == predictor.actionWidth(), "Jepa: the action encoder outputs "
                    + actionEncoder.outputWidth() + " values but the predictor takes actions of width " + predictor.actionWidth());
        }
        WorkbenchException.require(!symmetric || actionWidth == 0, "Jepa: a symmetric model predicts each view from the other; it takes no actions");
        WorkbenchException.require(!symmetric || predictor.memoryWidth() == 0, "Jepa: a symmetric model predicts each view from the other;"
                + " a predictor with memory needs an ordered sequence");
        this.params = new Parameters(b.dtype, b.seed);
        // Create every array now, in a fixed order (online parts, target copies, regularizer parts), by
        // declaring the architecture once on two frames: the seed fixes every initial value.
        Graph decl = new Graph(params);
        SDVariable obs = decl.input(OBSERVATIONS, -1, 2, encoder.inputWidth());
        SDVariable act = actionWidth == 0 ? null : decl.input(ACTIONS, -1, 1, actionWidth);
        unroll(decl, obs, act, 1, true);
    }

    // ---------------------------------------------------------------- presets

    /** An empty builder: give the parts one by one. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Siamese joint embedding (SimCLR, VICReg, Barlow Twins, LeJEPA…): two views through one encoder, the
     * objective's cost between their embeddings (identity predictor, online target, with gradient) and its
     * regularizers on both. Train on {@link org.jepa.workbench.data.ViewPairs}.
     */
    public static Builder siamese(Module encoder, Objective objective) {
        WorkbenchException.require(objective != null, "Jepa.siamese: objective is null");
        return builder().name(objective.name()).encoder(encoder).objective(objective).target(Target.online());
    }

    /**
     * BYOL (Grill et al. 2020, arXiv 2006.07733): the online encoder (+ projector) and a predictor regress,
     * by cosine, onto an EMA target's embedding of the other view, symmetrised (each view predicts the
     * other, stacked into one [2B, D] batch). τ_base 0.996, cosine-scheduled to 1.
     */
    public static Builder byol(Module encoder, Module predictor) {
        return builder().name("byol").encoder(encoder).predictor(predictor).cost(CosineRegression.defaults())
                .target(Target.ema(0.996)).symmetric(true);
    }

    /**
     * SimSiam (Chen &amp; He 2021, arXiv 2011.10566): like BYOL, but the target is the online encoder
     * itself behind a stop-gradient.
     */
    public static Builder simSiam(Module encoder, Module predictor) {
        return builder().name("simsiam").encoder(encoder).predictor(predictor).cost(CosineRegression.defaults())
                .target(Target.stopGradient()).symmetric(true);
    }

    /**
     * I-JEPA-style masked prediction (Assran et al. 2023, arXiv 2301.08243): the context encoder sees the
     * masked view (frame 0), the predictor — optionally conditioned on a mask descriptor of width
     * K = predictor input − D, passed as the batch's one action — predicts the EMA target's embedding of
     * the full view (frame 1), in embedding space (MSE). Train on {@link org.jepa.workbench.data.MaskedViews}.
     */
    public static Builder masked(Module encoder, Module predictor) {
        return builder().name("ijepa").encoder(encoder).conditionedPredictor(predictor).cost(EmbeddingPrediction.defaults())
                .target(Target.ema(0.996));
    }

    // ---------------------------------------------------------------- the unroll

    /**
     * Adds the architecture to {@code g} for a batch of frames and actions (see the class comment).
     *
     * @param obs      frames [B, T, F]
     * @param actions  actions [B, H, A], or null when the model takes none (then H = T − 1)
     * @param steps    rollout steps K, 1 ≤ K ≤ H
     * @param training batch statistics (true) or running statistics (false) in batch norm
     */
    public Rollout unroll(Graph g, SDVariable obs, SDVariable actions, int steps, boolean training) {
        WorkbenchException.require(g.parameters() == params, "Jepa.unroll: the graph must be built over this model's parameters");
        long[] os = obs.getShape();
        WorkbenchException.require(os != null && os.length == 3 && os[1] > 0, "Jepa.unroll: observations must be [B, T, F] with T known");
        int frames = (int) os[1];
        Module.Bound enc = encoder.bind(g, "online/encoder", !frozenEncoder);
        Module.Bound proj = projector == null ? null : projector.bind(g, "online/projector", !frozenEncoder);
        boolean encTraining = training && !frozenEncoder;        // a frozen encoder runs as at inference
        SDVariable[] z = new SDVariable[frames];
        java.util.function.IntFunction<SDVariable> online;
        if (framesTogether && frames > 1) {
            SDVariable all = head(enc, proj, g.sd().reshape(obs, -1, encoder.inputWidth()), encTraining);   // [B·T, D], row b·T + t
            // unstack, not a point index on the middle axis: M2.1's strided_slice_bp fails on that for some shapes
            // (e.g. the last of 15 frames of [32, 15, 8])
            SDVariable[] each = g.sd().unstack(g.sd().reshape(all, -1, frames, dim), 1, frames);
            online = t -> {
                if (z[t] == null) z[t] = each[t];
                return z[t];
            };
        } else {
            online = t -> {
                if (z[t] == null) z[t] = head(enc, proj, frame(g, obs, t, frames), encTraining);
                return z[t];
            };
        }
        return unroll(g, z, online, obs, actions, steps, training);
    }

    /**
     * The same unroll from latents the caller already has — a planner encodes the observation and the
     * goal once, then imagines many action sequences from that latent. No frame is observed after the
     * start, so the rollout has predictions and no cost terms.
     *
     * @param start   start latents [B, D]
     * @param actions actions [B, H, A]
     * @param steps   rollout steps K, 1 ≤ K ≤ H: prediction k is the latent after k actions
     */
    public Rollout unrollFrom(Graph g, SDVariable start, SDVariable actions, int steps, boolean training) {
        WorkbenchException.require(g.parameters() == params, "Jepa.unrollFrom: the graph must be built over this model's parameters");
        WorkbenchException.require(actions != null, "Jepa.unrollFrom: actions are required (an imagined future needs actions)");
        SDVariable[] z = {start};
        return unroll(g, z, t -> start, null, actions, steps, training);
    }

    /** The unroll over the observed positions of {@code z}, whose online latents {@code online} fills in on demand. */
    private Rollout unroll(Graph g, SDVariable[] z, java.util.function.IntFunction<SDVariable> online, SDVariable obs,
                           SDVariable actions, int steps, boolean training) {
        SameDiff sd = g.sd();
        int frames = z.length;
        int horizon;
        if (actions != null) {
            long[] as = actions.getShape();
            WorkbenchException.require(as != null && as.length == 3 && as[1] > 0, "Jepa.unroll: actions must be [B, H, A] with H known");
            horizon = (int) as[1];
        } else {
            horizon = frames - 1;
        }
        WorkbenchException.require(steps >= 1 && steps <= horizon, "Jepa.unroll: rollout steps must be in [1, " + horizon + "], got " + steps);

        // Bind the parts: the first graph over the store creates their arrays, in this order.
        Module.Bound act = actionEncoder == null ? null : actionEncoder.bind(g, "online/action_encoder", true);
        Predictor.Bound pred = predictor.bind(g, "online/predictor", true);
        Module.Bound tEnc = null;
        Module.Bound tProj = null;
        if (target.isCopy() && obs != null) {
            copyTargets();
            tEnc = encoder.bind(g, "target/encoder", false);
            if (projector != null) tProj = projector.bind(g, "target/projector", false);
        }

        SDVariable[] y = new SDVariable[frames];
        Module.Bound fe = tEnc;
        Module.Bound fp = tProj;
        SDVariable[][] yAll = new SDVariable[1][];
        java.util.function.IntFunction<SDVariable> targetOf = t -> {
            if (!target.isCopy()) return online.apply(t);
            if (y[t] == null) {
                if (framesTogether && frames > 1) {
                    if (yAll[0] == null) {
                        yAll[0] = sd.unstack(sd.reshape(head(fe, fp, sd.reshape(obs, -1, encoder.inputWidth()), training), -1, frames, dim), 1, frames);
                    }
                    y[t] = yAll[0][t];
                } else {
                    y[t] = head(fe, fp, frame(g, obs, t, frames), training);
                }
            }
            return y[t];
        };
        List<SDVariable> predictions = new ArrayList<>();
        List<SDVariable> targets = new ArrayList<>();
        Map<String, SDVariable> costTerms = new LinkedHashMap<>();
        SDVariable state = null;
        long memoryWidth = predictor.memoryWidth();
        SDVariable memory = null;             // with a memory: h for each folded position, M wide
        int prevPositions = 0;
        for (int k = 1; k <= steps; k++) {
            int positions = Math.min(horizon - k + 1, frames);
            SDVariable in;
            if (k == 1) {
                List<SDVariable> zs = new ArrayList<>();
                for (int t = 0; t < positions; t++) zs.add(online.apply(t));
                in = fold(sd, zs);
                if (memoryWidth > 0) {
                    // the scan over the observed frames: h_t = remember(h_{t−1}, z_t), one step per frame
                    List<SDVariable> hs = new ArrayList<>();
                    SDVariable h = null;
                    for (SDVariable zt : zs) hs.add(h = pred.remember(h, zt));
                    memory = fold(sd, hs);
                }
            } else {
                in = firstPositions(sd, state, prevPositions, positions, dim);
                // an imagined step remembers the prediction it starts from: h^{k−1} = remember(h^{k−2}, S^{k−1})
                if (memoryWidth > 0) memory = pred.remember(firstPositions(sd, memory, prevPositions, positions, memoryWidth), in);
            }
            SDVariable a = actions == null ? null : actionSteps(sd, actions, k - 1, positions);
            if (a != null && act != null) a = act.apply(a, training);
            state = pred.apply(in, memory, a, training);
            prevPositions = positions;
            predictions.add(state);
            if (k + positions - 1 <= frames - 1) {
                List<SDVariable> ys = new ArrayList<>();
                for (int t = k; t < k + positions; t++) ys.add(targetOf.apply(t));
                SDVariable tgt = fold(sd, ys);
                SDVariable p = state;
                if (symmetric) {
                    p = sd.concat(0, state, pred.apply(online.apply(1), null, training));
                    tgt = sd.concat(0, tgt, targetOf.apply(0));
                }
                targets.add(tgt);
                for (Map.Entry<String, SDVariable> e : cost.terms(g, p, tgt).entrySet()) {
                    costTerms.merge(e.getKey(), e.getValue(), SDVariable::add);
                }
            }
        }
        Map<String, SDVariable> terms = new LinkedHashMap<>();
        if (!targets.isEmpty()) {
            terms.putAll(costTerms);
            if (!regularizers.isEmpty()) {
                List<SDVariable> zs = new ArrayList<>();
                for (int t = 0; t < frames; t++) zs.add(online.apply(t));
                List<SDVariable> as = new ArrayList<>();
                if (actions != null && horizon == frames - 1) for (int t = 0; t < horizon; t++) as.add(actionSteps(sd, actions, t, 1));
                Embeddings emb = new Embeddings(zs, as, dim);
                for (Regularizer r : regularizers) {
                    for (Map.Entry<String, SDVariable> e : r.terms(g, emb).entrySet()) {
                        WorkbenchException.require(!terms.containsKey(e.getKey()), "Jepa '" + name + "': two loss terms are called '"
                                + e.getKey() + "'; give one of the parts another name");
                        terms.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return new Rollout(Arrays.asList(z), predictions, targets, terms);
    }

    private static SDVariable head(Module.Bound enc, Module.Bound proj, SDVariable x, boolean training) {
        SDVariable h = enc.apply(x, training);
        return proj == null ? h : proj.apply(h, training);
    }

    /**
     * Frame t of [B, T, F] as [B, F]. The T frames come from one unstack per graph and obs, shared by the online and
     * the target encoder: a point index on the middle axis is a strided copy per frame and per use (M2.1's
     * strided_slice, 0.8 ms for a frame of [256, 2, 784] floats).
     */
    private static SDVariable frame(Graph g, SDVariable obs, int t, int frames) {
        if (frames == 1) return obs.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        SDVariable first = g.derived("frame 0", obs, () -> {
            SDVariable[] all = g.sd().unstack(obs, 1, frames);
            for (int i = 1; i < frames; i++) {
                SDVariable fi = all[i];
                g.derived("frame " + i, obs, () -> fi);
            }
            return all[0];
        });
        return t == 0 ? first : g.derived("frame " + t, obs, () -> {
            throw new IllegalStateException("frame " + t + " of " + frames + " was not unstacked");
        });
    }

    /** Per-position [B, D] variables folded position-major into [L·B, D] (one stays as it is). */
    private static SDVariable fold(SameDiff sd, List<SDVariable> parts) {
        return parts.size() == 1 ? parts.get(0) : sd.concat(0, parts.toArray(new SDVariable[0]));
    }

    /** The first {@code keep} of {@code have} folded positions of [have·B, width]. */
    private static SDVariable firstPositions(SameDiff sd, SDVariable folded, int have, int keep, long width) {
        if (keep == have) return folded;
        return sd.reshape(sd.reshape(folded, have, -1, width).get(SDIndex.interval(0, keep)), -1, width);
    }

    /** Actions a_start … a_{start+L−1} of [B, H, A], folded position-major into [L·B, A]. */
    private SDVariable actionSteps(SameDiff sd, SDVariable actions, int start, int positions) {
        // Always an interval on the leading axis: M2.1's strided_slice_bp fails for a point index (shrink
        // axis) on a middle axis, which the action gradient of planning needs.
        return sd.reshape(sd.permute(actions, 1, 0, 2).get(SDIndex.interval(start, start + positions)), -1, actionWidth);
    }

    /** Frozen copies of the online encoder and projector arrays under "target/…"; the EMA pairs. */
    private void copyTargets() {
        if (!emaPairs.isEmpty()) return;
        for (String n : params.names()) {
            if (n.startsWith("online/encoder/") || n.startsWith("online/projector/")) {
                String t = "target/" + n.substring("online/".length());
                params.frozenCopy(n, t);
                if (params.isTrainable(n)) emaPairs.put(n, t);
            }
        }
    }

    // ---------------------------------------------------------------- training

    @Override
    public Parameters parameters() {
        return params;
    }

    /**
     * Copies the encoder's (and projector's) weights and running statistics from {@code other}, whose encoder
     * must have the same parts and shapes — e.g. an encoder pre-trained by another method, before training this
     * model with {@link Builder#frozenEncoder}.
     */
    public void copyEncoderFrom(Jepa other) {
        WorkbenchException.require(other != null, "Jepa.copyEncoderFrom: the source model is null");
        int n = params.copyFrom(other.parameters(), "online/encoder/", "model '" + other.name() + "'")
                + (projector == null ? 0 : params.copyFrom(other.parameters(), "online/projector/", "model '" + other.name() + "'"));
        WorkbenchException.require(n > 0, "Jepa.copyEncoderFrom: '" + name + "' has no encoder arrays to copy");
    }

    /**
     * Copies the predictor's (and action encoder's) weights from {@code other}, whose predictor must have the
     * same parts and shapes — e.g. a predictor trained on another model's cached latents
     * ({@code TwoRoomsModel.refitPredictor}) put back beside the encoder that made them.
     */
    public void copyPredictorFrom(Jepa other) {
        WorkbenchException.require(other != null, "Jepa.copyPredictorFrom: the source model is null");
        String what = "model '" + other.name() + "'";
        int n = params.copyFrom(other.parameters(), "online/predictor/", what)
                + (actionEncoder == null ? 0 : params.copyFrom(other.parameters(), "online/action_encoder/", what));
        WorkbenchException.require(n > 0, "Jepa.copyPredictorFrom: '" + name + "' has no predictor arrays to copy");
        params.setUpdates(Math.max(params.updates(), other.parameters().updates()));   // trained weights: not "untrained" any more
    }

    /** Whether the encoder is frozen ({@link Builder#frozenEncoder}). */
    public boolean isEncoderFrozen() {
        return frozenEncoder;
    }

    @Override
    public TrainingGraph<Batch> trainingGraph(Graph g, Batch example) {
        int frames = example.frames();
        checkBatch(example, -1);
        WorkbenchException.require(frames >= 2, "Jepa '" + name + "': a training batch needs at least 2 frames (context and target), got " + frames);
        WorkbenchException.require(!symmetric || frames == 2, "Jepa '" + name + "': a symmetric model trains on two views, got " + frames + " frames");
        WorkbenchException.require(rolloutSteps <= frames - 1, "Jepa '" + name + "': " + rolloutSteps + " rollout steps need at least "
                + (rolloutSteps + 1) + " frames per batch, got " + frames);
        cost.validate(example.size(), (int) dim);
        for (Regularizer r : regularizers) r.validate(example.size(), (int) dim);
        SDVariable obs = g.input(OBSERVATIONS, -1, frames, encoder.inputWidth());
        SDVariable act = actionWidth == 0 ? null : g.input(ACTIONS, -1, frames - 1, actionWidth);
        Rollout r = unroll(g, obs, act, rolloutSteps, true);
        return new TrainingGraph<>() {
            @Override
            public Map<String, SDVariable> terms() {
                return r.terms();
            }

            @Override
            public Map<SDVariable, INDArray> feed(Batch batch, Step step, Random rng) {
                checkBatch(batch, frames);
                Map<SDVariable, INDArray> f = new LinkedHashMap<>();
                f.put(obs, batch.observations());
                if (act != null) f.put(act, batch.actions());
                return f;
            }

            @Override
            public Map<String, Double> afterUpdate(Step step, Gradients gradients) {
                if (!target.isCopy()) return Map.of();
                double tau = target.kind() == Target.Kind.EMA ? LrSchedule.ema(target.tauBase(), step.index(), step.total()) : 0.0;
                updateTarget(tau);
                return Map.of("ema_tau", tau);
            }

            @Override
            public List<String> scalarNames() {
                return target.isCopy() ? List.of("ema_tau") : List.of();
            }
        };
    }

    /** target ← τ·target + (1 − τ)·online, in place on the target arrays (τ = 0 copies). */
    void updateTarget(double tau) {
        for (Map.Entry<String, String> e : emaPairs.entrySet()) {
            INDArray o = params.get(e.getKey());
            INDArray t = params.get(e.getValue());
            if (tau == 0.0) t.assign(o);
            else t.muli(tau).addi(o.mul(1 - tau));
        }
    }

    private void checkBatch(Batch b, int frames) {
        WorkbenchException.require(b != null, "Jepa '" + name + "': batch is null");
        WorkbenchException.require(b.frameWidth() == encoder.inputWidth(), "Jepa '" + name + "': the encoder " + encoder
                + " expects frames of width " + encoder.inputWidth() + ", the data has " + b.frameWidth());
        WorkbenchException.require(frames < 0 || b.frames() == frames, "Jepa '" + name + "': every batch must have " + frames
                + " frames (the graph was built for that), got " + b.frames());
        if (actionWidth > 0) {
            WorkbenchException.require(b.actionWidth() == actionWidth, "Jepa '" + name + "': the predictor expects an action"
                    + " (or condition) of width " + actionWidth + (actionEncoder == null ? " (predictor input = embedding " + dim
                    + " + " + actionWidth + ")" : " (the action encoder's input)") + ", but the batch gives "
                    + (b.actionWidth() == 0 ? "none" : "width " + b.actionWidth()));
        } else {
            WorkbenchException.require(b.actionWidth() == 0, "Jepa '" + name + "': the batch has actions of width " + b.actionWidth()
                    + " but the predictor takes none; give the predictor an action input (Predictor.of(module, actionWidth))");
        }
    }

    // ---------------------------------------------------------------- inference

    /** Encoder output [N, encoder width] in inference mode (before any projector): the representation. */
    @Override
    public synchronized INDArray embed(INDArray x) {
        if (embedder == null) {
            embedder = new Inference(params, encoder.inputWidth(), encoder.outputWidth(),
                    (g, in) -> encoder.bind(g, "online/encoder", !frozenEncoder).apply(in, false), "embed");
        }
        return embedder.embed(x);
    }

    /** The latent the predictor works in, [N, D] (encoder + projector), inference mode. */
    public synchronized INDArray latent(INDArray x) {
        if (latent == null) {
            latent = new Inference(params, encoder.inputWidth(), dim, (g, in) -> {
                Module.Bound p = projector == null ? null : projector.bind(g, "online/projector", !frozenEncoder);
                return head(encoder.bind(g, "online/encoder", !frozenEncoder), p, in, false);
            }, "latent");
        }
        return latent.embed(x);
    }

    /**
     * Every trajectory of {@code source} encoded once by this model's encoder, in inference mode: latents
     * [N, T, D] with the source's actions [N, T−1, A] (or none), as a batch source. A predictor trained on
     * them (an {@link Module#identity identity} encoder of width D) sees the latents a planner will see and
     * never pays for the encoder: in Two Rooms a step at batch 256 costs about half an end-to-end step at batch 64,
     * about a seventh per trajectory (measured on 2 cores), so the predictor can take many more.
     * Every row's batch is taken once, in order, with a fixed generator: for sources whose batches depend
     * only on the rows (trajectories, their macro view), the result is the source's data, encoded.
     */
    public Sequences latents(BatchSource<Batch> source) {
        WorkbenchException.require(source != null && source.size() >= 1, "Jepa.latents: the source is null or empty");
        int count = source.size(), chunk = 512;
        INDArray z = null, a = null;
        Random rng = new Random(0);
        for (int s = 0; s < count; s += chunk) {
            int e = Math.min(count, s + chunk);
            int[] rows = new int[e - s];
            for (int i = 0; i < rows.length; i++) rows[i] = s + i;
            Batch b = source.batch(rows, rng);
            long t = b.frames();
            WorkbenchException.require(b.frameWidth() == encoder.inputWidth(), "Jepa.latents: '" + name + "' takes frames of width "
                    + encoder.inputWidth() + ", the source's are " + b.frameWidth() + " wide");
            if (z == null) {
                z = Nd4j.create(DataType.FLOAT, count, t, dim);
                a = b.actions() == null ? null : Nd4j.create(DataType.FLOAT, count, b.actions().size(1), b.actions().size(2));
            }
            INDArray zb = latent(b.observations().reshape(rows.length * t, encoder.inputWidth()));
            z.get(NDArrayIndex.interval(s, e)).assign(zb.reshape(rows.length, t, dim));
            if (a != null) a.get(NDArrayIndex.interval(s, e)).assign(b.actions());
            source.release(b);
        }
        return Sequences.of(z, a);
    }

    /**
     * Imagines where actions lead, through the trained unroll: from each start frame, the predicted
     * latent after each of H actions.
     *
     * @param start   start frames [N, F]
     * @param actions candidate action sequences [N, H, A]
     * @return predicted latents [N, H, D]
     */
    public synchronized INDArray rollout(INDArray start, INDArray actions) {
        WorkbenchException.require(actionWidth > 0, "Jepa '" + name + "': rollout needs an action-conditioned model; this one takes no actions");
        WorkbenchException.require(start != null && start.rank() == 2 && start.columns() == encoder.inputWidth(),
                "rollout: start frames must be [N, " + encoder.inputWidth() + "], got " + (start == null ? "null" : Arrays.toString(start.shape())));
        WorkbenchException.require(actions != null && actions.rank() == 3 && actions.size(0) == start.rows() && actions.size(2) == actionWidth,
                "rollout: actions must be [N, H, " + actionWidth + "] with N = " + start.rows() + ", got "
                        + (actions == null ? "null" : Arrays.toString(actions.shape())));
        WorkbenchException.require(actions.size(1) >= 1, "rollout: the horizon H must be >= 1, got " + actions.size(1));
        Finite.require(start, "rollout start frames");
        Finite.require(actions, "rollout actions");
        int h = (int) actions.size(1);
        Imagination im = imagination.computeIfAbsent(h, Imagination::new);
        return im.run(start.castTo(params.dtype()).reshape(start.rows(), 1, start.columns()), actions.castTo(params.dtype()));
    }

    /**
     * The model's k-step predictions from every observed position and the targets they are compared with,
     * through the same unroll in inference mode (the training rollout, read out at step k): from frame t,
     * k predictor steps, each on the previous step's prediction (and the actions a_t … a_{t+k−1}), against
     * the target's embedding of frame t + k. With k = 1 this is how surprised the model is by each frame
     * it sees (a video JEPA's intuitive-physics score, a world model's per-transition error); with larger k,
     * how its errors compound.
     *
     * @param obs     frames [N, T, F], T ≥ k + 1
     * @param actions actions [N, T−1, A] when the model takes them, else null
     * @param k       prediction horizon in steps, 1 ≤ k ≤ T − 1
     * @return {predicted, target}, each [N, T−k, D]: entry t predicts frame t + k from frame t
     */
    public synchronized INDArray[] predictAhead(INDArray obs, INDArray actions, int k) {
        INDArray[][] all = predictSpan(obs, actions, k);
        return new INDArray[] {all[0][k - 1], all[1][k - 1]};
    }

    /**
     * {@link #predictAhead} at every horizon 1 … k at once, from one unroll (what a score over a predicted span reads:
     * each step's predictions are the previous step's, rolled on).
     *
     * @param obs     frames [N, T, F], T ≥ k + 1
     * @param actions actions [N, T−1, A] when the model takes them, else null
     * @param k       the longest horizon, 1 ≤ k ≤ T − 1
     * @return {predicted[k], target[k]}: entry j − 1 of each is horizon j, [N, T−j, D], entry t predicting frame t + j from frame t
     */
    public synchronized INDArray[][] predictSpan(INDArray obs, INDArray actions, int k) {
        WorkbenchException.require(!symmetric, "Jepa '" + name + "': a symmetric model predicts each view from the other; predictAhead and predictSpan need an ordered sequence");
        WorkbenchException.require(obs != null && obs.rank() == 3 && obs.size(1) >= 2 && obs.size(2) == encoder.inputWidth(),
                "Jepa.predictAhead/predictSpan: frames must be [N, T >= 2, " + encoder.inputWidth() + "], got " + (obs == null ? "null" : Arrays.toString(obs.shape())));
        WorkbenchException.require(obs.size(0) >= 1, "Jepa.predictAhead/predictSpan: no sequences (N = 0)");
        int t = (int) obs.size(1);
        WorkbenchException.require(k >= 1 && k <= t - 1, "Jepa.predictAhead/predictSpan: the horizon k must be in [1, " + (t - 1) + "] for " + t + " frames, got " + k);
        if (actionWidth > 0) {
            WorkbenchException.require(actions != null && actions.rank() == 3 && actions.size(0) == obs.size(0)
                    && actions.size(1) == obs.size(1) - 1 && actions.size(2) == actionWidth, "Jepa.predictAhead/predictSpan: actions must be [N, T−1, "
                    + actionWidth + "] = [" + obs.size(0) + ", " + (obs.size(1) - 1) + ", " + actionWidth + "], got "
                    + (actions == null ? "null" : Arrays.toString(actions.shape())));
            Finite.require(actions, "predictAhead/predictSpan actions");
        } else {
            WorkbenchException.require(actions == null, "Jepa '" + name + "': the model takes no actions, but predictAhead/predictSpan was given some");
        }
        Finite.require(obs, "predictAhead/predictSpan frames");
        Observed o = observed.computeIfAbsent(List.of(t, k), key -> new Observed(t, k));
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(o.obs, obs.castTo(params.dtype()));
        if (o.act != null) feed.put(o.act, actions.castTo(params.dtype()));
        String[] names = new String[2 * k];
        System.arraycopy(o.pred, 0, names, 0, k);
        System.arraycopy(o.tgt, 0, names, k, k);
        Map<String, INDArray> out = o.g.sd().output(feed, names);
        long n = obs.size(0);
        INDArray[][] result = new INDArray[2][k];
        for (int j = 0; j < k; j++) {
            result[0][j] = unfold(out.get(o.pred[j]), t - j - 1, n);
            result[1][j] = unfold(out.get(o.tgt[j]), t - j - 1, n);
        }
        return result;
    }

    /** Position-major [L·N, D] as [N, L, D]. */
    private INDArray unfold(INDArray folded, int positions, long n) {
        return folded.reshape(positions, n, dim).permute(1, 0, 2).dup('c');
    }

    /** A cached inference graph of the k-step unroll over T observed frames. */
    private final class Observed {
        final Graph g = new Graph(params);
        final String obs;
        final String act;
        final String[] pred;
        final String[] tgt;

        Observed(int t, int k) {
            SDVariable o = g.input(OBSERVATIONS, -1, t, encoder.inputWidth());
            SDVariable a = actionWidth == 0 ? null : g.input(ACTIONS, -1, t - 1, actionWidth);
            Rollout r = unroll(g, o, a, k, false);
            obs = o.name();
            act = a == null ? null : a.name();
            pred = new String[k];
            tgt = new String[k];
            for (int j = 0; j < k; j++) {
                pred[j] = r.predictions().get(j).name();
                tgt[j] = r.targets().get(j).name();
            }
        }
    }

    /** A cached inference graph of the unroll over H actions from one observed frame. */
    private final class Imagination {
        final Graph g = new Graph(params);
        final String obs;
        final String act;
        final String out;

        Imagination(int h) {
            SDVariable o = g.input(OBSERVATIONS, -1, 1, encoder.inputWidth());
            SDVariable a = g.input(ACTIONS, -1, h, actionWidth);
            Rollout r = unroll(g, o, a, h, false);
            obs = o.name();
            act = a.name();
            out = g.sd().stack(1, r.predictions().toArray(new SDVariable[0])).name();
        }

        INDArray run(INDArray start, INDArray actions) {
            return g.sd().output(Map.of(obs, start, act, actions), out).get(out).dup();
        }
    }

    // ---------------------------------------------------------------- description

    /** The preset's or objective's name, e.g. {@code "vicreg"}, {@code "byol"}. */
    public String name() {
        return name;
    }

    @Override
    public long inputWidth() {
        return encoder.inputWidth();
    }

    /** Width of the representation (the encoder's output). */
    @Override
    public long outputWidth() {
        return encoder.outputWidth();
    }

    /** Width D of the latent the predictor and the cost work in (projector output, else encoder output). */
    public long latentWidth() {
        return dim;
    }

    /** Width of the raw actions the model takes (0: none). */
    public long actionWidth() {
        return actionWidth;
    }

    public Target target() {
        return target;
    }

    public PredictionCost cost() {
        return cost;
    }

    public List<Regularizer> regularizers() {
        return regularizers;
    }

    /** Online parameter → EMA target parameter (empty when the target is the online encoder). */
    public Map<String, String> emaPairs() {
        return Map.copyOf(emaPairs);
    }

    @Override
    public String toString() {
        return "Jepa(" + name + ": encoder " + encoder + (projector == null ? "" : ", projector " + projector)
                + (actionEncoder == null ? "" : ", action encoder " + actionEncoder) + ", predictor " + predictor
                + ", cost " + cost.name() + (regularizers.isEmpty() ? "" : ", regularizers " + regularizers.stream().map(Regularizer::name).toList())
                + ", target " + target + (symmetric ? ", symmetric" : "") + (rolloutSteps > 1 ? ", " + rolloutSteps + "-step rollout" : "") + ")";
    }

    // ---------------------------------------------------------------- builder

    /** The architecture as a fluent description; {@link #build} checks it and creates the parameters. */
    public static final class Builder {
        private String name = "jepa";
        private Module encoder;
        private Module projector;
        private Module actionEncoder;
        private Predictor predictor;
        private Module predictorModule;
        private boolean conditioned;
        private PredictionCost cost;
        private final List<Regularizer> regularizers = new ArrayList<>();
        private Target target = Target.online();
        private boolean symmetric;
        private boolean framesTogether;
        private boolean frozenEncoder;
        private int rolloutSteps = 1;
        private long seed;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** Name for tables and messages. */
        public Builder name(String n) {
            WorkbenchException.require(n != null && !n.isBlank(), "Jepa: name must not be blank");
            name = n;
            return this;
        }

        /** The encoder: frames [B, F] → representations [B, E]. Required. */
        public Builder encoder(Module m) {
            encoder = m;
            return this;
        }

        /** Optional projector after the encoder; cost, predictor and regularizers work on its output. */
        public Builder projector(Module m) {
            projector = m;
            return this;
        }

        /** Optional action encoder: raw actions [B, A] → [B, A'] before the predictor. */
        public Builder actionEncoder(Module m) {
            actionEncoder = m;
            return this;
        }

        /** The predictor (default: the identity, for siamese methods). */
        public Builder predictor(Predictor p) {
            predictor = p;
            predictorModule = null;
            return this;
        }

        /** A predictor module of equal input and output width D (BYOL, SimSiam). */
        public Builder predictor(Module m) {
            predictor = null;
            predictorModule = m;
            conditioned = false;
            return this;
        }

        /** A predictor module taking [z, condition]: its extra input width (input − D) is the condition's. */
        public Builder conditionedPredictor(Module m) {
            predictor = null;
            predictorModule = m;
            conditioned = true;
            return this;
        }

        /** The prediction cost. Required. */
        public Builder cost(PredictionCost c) {
            cost = c;
            return this;
        }

        /** Adds a regularizer on the online embeddings. */
        public Builder regularizer(Regularizer r) {
            WorkbenchException.require(r != null, "Jepa: regularizer is null");
            regularizers.add(r);
            return this;
        }

        /** An objective preset: its cost and all its regularizers (replacing any given before). */
        public Builder objective(Objective o) {
            WorkbenchException.require(o != null, "Jepa: objective is null");
            cost = o.cost();
            regularizers.clear();
            regularizers.addAll(o.regularizers());
            return this;
        }

        /** Where targets come from (default: the online encoder). */
        public Builder target(Target t) {
            WorkbenchException.require(t != null, "Jepa: target is null");
            target = t;
            return this;
        }

        /** Shortcut for {@code target(Target.ema(tauBase))}. */
        public Builder ema(double tauBase) {
            return target(Target.ema(tauBase));
        }

        /** Two-view models: also predict view a from view b (BYOL, SimSiam). */
        public Builder symmetric(boolean on) {
            symmetric = on;
            return this;
        }

        /**
         * Freeze the encoder (and projector): their weights are constants of every graph and they run as at
         * inference (batch norm with running statistics), so training changes only the predictor, the action
         * encoder and the regularizers' heads — DINO-WM's recipe, a pre-trained encoder under a learned
         * dynamics model. Load the encoder's weights with {@link Jepa#copyEncoderFrom}.
         */
        public Builder frozenEncoder(boolean on) {
            frozenEncoder = on;
            return this;
        }

        /**
         * Encode all T frames of a batch in one pass of B·T rows (true) instead of one pass per frame (false,
         * the default, as two-view methods are usually run). With batch norm in the encoder this decides the
         * statistics: one set for the whole sequence, so z_t and z_{t+1} are normalised alike and their
         * difference is the frames' difference, not batch noise — what an inverse-dynamics head and a
         * predictor of small moves need. It is also one large matrix product instead of T small ones.
         */
        public Builder framesTogether(boolean on) {
            framesTogether = on;
            return this;
        }

        /** Autoregressive rollout steps K of the training loss (≥ 1; default 1). */
        public Builder rolloutSteps(int k) {
            WorkbenchException.require(k >= 1, "Jepa: rollout steps must be >= 1, got " + k);
            rolloutSteps = k;
            return this;
        }

        /** Seed of the initial weights. Default 0. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** FLOAT (default) or DOUBLE (gradient checks). */
        public Builder dataType(DataType t) {
            WorkbenchException.require(t == DataType.FLOAT || t == DataType.DOUBLE, "Jepa: dataType must be FLOAT or DOUBLE");
            dtype = t;
            return this;
        }

        Predictor resolvePredictor(long d) {
            if (predictor != null) return predictor;
            if (predictorModule == null) return Predictor.identity(d);
            if (!conditioned) {
                WorkbenchException.require(predictorModule.inputWidth() == d, "Jepa '" + name + "': predictor input width is "
                        + predictorModule.inputWidth() + " but the embedding width is " + d);
                return Predictor.of(predictorModule);
            }
            long k = predictorModule.inputWidth() - d;
            WorkbenchException.require(k >= 0, "Jepa '" + name + "': predictor input width " + predictorModule.inputWidth()
                    + " is below the embedding width " + d + " (a conditioned predictor takes D + K inputs)");
            return Predictor.of(predictorModule, k);
        }

        public Jepa build() {
            WorkbenchException.require(encoder != null, "Jepa '" + name + "': encoder(..) is required");
            WorkbenchException.require(cost != null, "Jepa '" + name + "': a cost is required (cost(..) or objective(..))");
            if (projector != null) {
                WorkbenchException.require(projector.inputWidth() == encoder.outputWidth(), "Jepa '" + name + "': projector input width "
                        + projector.inputWidth() + " does not match the encoder output width " + encoder.outputWidth());
            }
            if (target.isCopy()) {
                WorkbenchException.require(predictor != null || predictorModule != null, "Jepa '" + name + "': a " + target
                        + " target needs a predictor (without one the model can match its targets trivially)");
            }
            return new Jepa(this);
        }
    }
}
