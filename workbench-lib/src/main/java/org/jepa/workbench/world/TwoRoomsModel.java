package org.jepa.workbench.world;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.ConvNet;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.Covariance;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.objective.InverseDynamics;
import org.jepa.workbench.objective.IsotropicGaussian;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.objective.TemporalSmoothness;
import org.jepa.workbench.objective.Variance;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;

/**
 * The action-conditioned world model of Two Rooms as a recipe: which parts, which weights. It builds a
 * plain {@link Jepa} — encoder, residual predictor over [z, a], prediction cost, regularizers — trained by the
 * same trainer and unrolled by the same {@code unroll} as every other model; ablations are this recipe
 * with one weight set to 0.
 *
 * <p>Parts (defaults measured on 28×28 images, 2 CPU cores):
 * <ul>
 *   <li>encoder: MLP 2·size² → 512 → D = 16, batch norm in the hidden layer, all frames of a batch encoded
 *   together (without batch norm the inverse-dynamics loss stays near 0.4 instead of 0.15; a ConvNet as in
 *   EB-JEPA was several times slower in DL4J on CPU with ND4J's plain natives — not re-tried with the oneDNN ones);</li>
 *   <li>predictor: ẑ_{t+1} = ẑ_t + MLP([ẑ_t, a_t]) with two hidden layers of 256, unrolled 2 steps;</li>
 *   <li>cost: 16 · ‖ẑ − z‖² (EB-JEPA's prediction MSE, weighted up against the regularizers);</li>
 *   <li>regularizers (none with {@link #frozenEncoder()}): variance 4, covariance 0 (it pulled the position out of the latent in our runs),
 *   temporal smoothness 1, inverse dynamics 16 (head MLP 2D → 128 → 2); SIGReg as the alternative to
 *   variance + covariance.</li>
 * </ul>
 *
 * <pre>{@code
 * Jepa world = TwoRoomsModel.of(env).build();
 * Jepa noIdm = TwoRoomsModel.of(env).inverseDynamics(0).build();              // the ablation
 * Trainer.builder().epochs(4).batchSize(64).lr(3e-3).build().fit(world, Trajectories.of(env, 20000, 5, 1));
 * }</pre>
 */
public final class TwoRoomsModel {
    private final TwoRooms env;
    private int latent = 16, hidden = 512, predictorHidden = 256, rolloutSteps = 2;
    private double prediction = 16, variance = 4, covariance = 0, smoothness = 1, inverseDynamics = 16, sigreg = 0;
    private long seed = 1;
    private boolean frozenEncoder, gatedPredictor, gruPredictor, convEncoder;
    private int mapChannels;          // > 0: spatial latent (a ConvNet feature map) and a convolutional predictor

    private TwoRoomsModel(TwoRooms env) {
        WorkbenchException.require(env != null, "TwoRoomsModel: environment is null");
        this.env = env;
    }

    /** The default recipe for {@code env}'s frames. */
    public static TwoRoomsModel of(TwoRooms env) {
        return new TwoRoomsModel(env);
    }

    /** Latent width D (default 16). */
    public TwoRoomsModel latentWidth(int d) {
        WorkbenchException.require(d >= 2, "TwoRoomsModel: the latent needs at least the 2 coordinates of the state, got " + d);
        latent = d;
        return this;
    }

    /** Encoder hidden width (default 512). */
    public TwoRoomsModel hiddenWidth(int h) {
        WorkbenchException.require(h >= 1, "TwoRoomsModel: hidden width must be >= 1, got " + h);
        hidden = h;
        return this;
    }

    /** Predictor hidden width (default 256). */
    public TwoRoomsModel predictorWidth(int h) {
        WorkbenchException.require(h >= 1, "TwoRoomsModel: predictor width must be >= 1, got " + h);
        predictorHidden = h;
        return this;
    }

    /** Autoregressive rollout steps of the training loss (default 2; the data needs more frames than this). */
    public TwoRoomsModel rolloutSteps(int k) {
        WorkbenchException.require(k >= 1, "TwoRoomsModel: rollout steps must be >= 1, got " + k);
        rolloutSteps = k;
        return this;
    }

    /** Weight of the prediction cost (default 16). */
    public TwoRoomsModel prediction(double w) {
        prediction = weight(w, "prediction");
        WorkbenchException.require(w > 0, "TwoRoomsModel: the prediction cost is the world model; its weight must be > 0");
        return this;
    }

    /** Weight of the variance term (default 4; 0 removes it). */
    public TwoRoomsModel variance(double w) {
        variance = weight(w, "variance");
        return this;
    }

    /** Weight of the covariance term (default 0; EB-JEPA uses it). */
    public TwoRoomsModel covariance(double w) {
        covariance = weight(w, "covariance");
        return this;
    }

    /** Weight of the temporal-smoothness term (default 1; 0 removes it). */
    public TwoRoomsModel temporalSmoothness(double w) {
        smoothness = weight(w, "temporal smoothness");
        return this;
    }

    /** Weight of the inverse-dynamics term (default 16; 0 removes it). */
    public TwoRoomsModel inverseDynamics(double w) {
        inverseDynamics = weight(w, "inverse dynamics");
        return this;
    }

    /** Weight of SIGReg on the latents (default 0: off); the alternative to variance + covariance. */
    public TwoRoomsModel sigreg(double w) {
        sigreg = weight(w, "sigreg");
        return this;
    }

    /**
     * DINO-WM's variant: the encoder is frozen (copy a pre-trained one in with {@link Jepa#copyEncoderFrom})
     * and only the predictor learns, from the prediction cost alone — the latent regularizers act on the
     * encoder, so they are left out.
     */
    public TwoRoomsModel frozenEncoder() {
        frozenEncoder = true;
        return this;
    }

    /** An independent copy of this recipe (the builder methods change the recipe they are called on). */
    public TwoRoomsModel copy() {
        TwoRoomsModel c = new TwoRoomsModel(env);
        c.latent = latent;
        c.hidden = hidden;
        c.predictorHidden = predictorHidden;
        c.rolloutSteps = rolloutSteps;
        c.prediction = prediction;
        c.variance = variance;
        c.covariance = covariance;
        c.smoothness = smoothness;
        c.inverseDynamics = inverseDynamics;
        c.sigreg = sigreg;
        c.seed = seed;
        c.frozenEncoder = frozenEncoder;
        c.gatedPredictor = gatedPredictor;
        c.gruPredictor = gruPredictor;
        c.convEncoder = convEncoder;
        c.mapChannels = mapChannels;
        return c;
    }

    /**
     * With {@code true}, the predictor's update is gated per latent dimension ({@link Predictor#gated}):
     * ẑ_{t+1} = ẑ_t + u ⊙ σ(g), [u, g] = MLP([ẑ_t, a_t]) — a move a wall stops is one saturated gate away. Default false
     * (the plain residual MLP).
     */
    public TwoRoomsModel gatedPredictor(boolean on) {
        gatedPredictor = on;
        return this;
    }

    /**
     * With {@code true}, the predictor is a GRU whose hidden state is the latent, stepped by the raw action
     * ({@link Predictor#gru}), as in EB-JEPA and PLDM (there with a 512-wide latent). Default false (the residual MLP);
     * not together with {@link #gatedPredictor}.
     */
    public TwoRoomsModel gruPredictor(boolean on) {
        gruPredictor = on;
        return this;
    }

    /**
     * With {@code true}, the encoder is a small ConvNet, as in EB-JEPA, instead of the MLP: conv 3×3 (16) → ReLU →
     * max-pool 2 → conv 3×3 (32) → ReLU → max-pool 2 → Linear 128, then MLP 128 → 128 → D with batch norm in the hidden
     * layer (the MLP encoder's batch norm, which the inverse-dynamics term needs). Default false.
     */
    public TwoRoomsModel convEncoder(boolean on) {
        convEncoder = on;
        return this;
    }

    /**
     * A spatial latent, as EB-JEPA's: the encoder is {@link ConvNet#featureMap} (conv 3×3 (16) → pool → conv 3×3 (32) →
     * pool → 1×1 to {@code channels}), the latent that map flattened ({@code channels}·(size/4)² wide), and the predictor
     * {@link Predictor#spatial} (3×3 convolutions over the map, the tiled action and the cells' coordinates, 32 hidden
     * channels). Replaces the latent width, the encoder and the predictor choices; 0 turns it off (default).
     * Measured (bench/README.md, 2026-12-04): 8 channels plan worse than the MLP recipe at the same budget (CEM 3 of 20).
     */
    public TwoRoomsModel spatialLatent(int channels) {
        WorkbenchException.require(channels >= 0, "TwoRoomsModel: map channels must be >= 0 (0 = off), got " + channels);
        WorkbenchException.require(channels == 0 || env.size() % 4 == 0, "TwoRoomsModel: a spatial latent needs an image size that is a"
                + " multiple of 4 (two 2×2 pools), this environment's is " + env.size());
        mapChannels = channels;
        return this;
    }

    /** Initialisation seed (default 1). */
    public TwoRoomsModel seed(long s) {
        seed = s;
        return this;
    }

    private static double weight(double w, String what) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "TwoRoomsModel: the " + what + " weight must be >= 0, got " + w);
        return w;
    }

    /** The model's name: the weights that differ from the defaults, e.g. {@code "world(variance=0)"}. */
    public String name() {
        if (frozenEncoder) return "world(frozen encoder)";
        StringBuilder b = new StringBuilder();
        if (variance != 4) b.append(", variance=").append(fmt(variance));
        if (covariance != 0) b.append(", covariance=").append(fmt(covariance));
        if (smoothness != 1) b.append(", smoothness=").append(fmt(smoothness));
        if (inverseDynamics != 16) b.append(", inverse_dynamics=").append(fmt(inverseDynamics));
        if (sigreg != 0) b.append(", sigreg=").append(fmt(sigreg));
        return b.length() == 0 ? "world" : "world(" + b.substring(2) + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * A siamese model with this recipe's encoder and {@code objective} (e.g. VICReg), to pre-train the encoder
     * on {@link Trajectories#framePairs()} before {@link #frozenEncoder()}.
     */
    public Jepa encoderPretraining(Objective objective) {
        WorkbenchException.require(objective != null, "TwoRoomsModel: the pre-training objective is null");
        return Jepa.siamese(Mlp.of(env.frameWidth(), hidden, latent).norm(Norm.BATCH), objective)
                .name("encoder pre-training (" + objective + ")").seed(seed).build();
    }

    /**
     * This recipe's predictor and prediction cost over latents instead of frames: the encoder is the identity
     * on D-wide inputs, so the model trains on {@link Jepa#latents cached latents} of an already trained
     * encoder (no regularizers: the latent space is fixed). The second stage of {@link #refitPredictor}.
     */
    public Jepa onLatents() {
        return Jepa.builder().name("world predictor on cached latents")
                .encoder(Module.identity(width()))
                .predictor(predictor())
                .cost(EmbeddingPrediction.defaults().weight(prediction))
                .rolloutSteps(rolloutSteps).framesTogether(true).frozenEncoder(true).seed(seed).build();
    }

    /**
     * Second training stage: {@code world}'s predictor trained further on {@code data} encoded once by its encoder
     * ({@link Jepa#latents}), then copied back; the encoder is unchanged. End-to-end training (stage one) finds the
     * latent; this stage spends the budget where the world model is weakest — the predictor at the walls — at a
     * fraction of an end-to-end step's cost, on the inference-mode latents the planner uses. It starts from the
     * stage-one predictor (measured: 3 epochs from there beat 10 from a fresh one).
     *
     * <pre>{@code
     * Jepa world = TwoRoomsModel.of(env).build();
     * Trainer.builder().epochs(3).batchSize(64).lr(3e-3).build().fit(world, data);            // stage one
     * TwoRoomsModel.of(env).refitPredictor(world, Trajectories.of(env, 60000, 5, 7).wallRate(0.3),
     *         Trainer.builder().epochs(3).batchSize(256).lr(1e-3).build());                    // stage two
     * }</pre>
     *
     * @return the second stage's training run (its history and step table)
     */
    public TrainingRun refitPredictor(Jepa world, BatchSource<Batch> data, Trainer trainer) {
        WorkbenchException.require(world != null && data != null && trainer != null, "TwoRoomsModel.refitPredictor: world, data and trainer are required");
        WorkbenchException.require(world.latentWidth() == width(), "TwoRoomsModel.refitPredictor: the world model's latent is "
                + world.latentWidth() + "-wide, this recipe's " + width() + ": use the recipe that built it");
        Jepa onLatents = onLatents();
        onLatents.copyPredictorFrom(world);
        TrainingRun run = trainer.fit(onLatents, world.latents(data));
        world.copyPredictorFrom(onLatents);
        return run;
    }

    /** The latent width the built model has: the flattened map with a spatial latent, else the latent width setting. */
    private int width() {
        return mapChannels > 0 ? mapChannels * (env.size() / 4) * (env.size() / 4) : latent;
    }

    private Module encoder() {
        if (mapChannels > 0) return ConvNet.featureMap(2, env.size(), env.size(), mapChannels).filters(16, 32);
        if (!convEncoder) return Mlp.of(env.frameWidth(), hidden, latent).norm(Norm.BATCH);
        int size = env.size();
        return ConvNet.of(2, size, size, 128).filters(16, 32).then(Mlp.of(128, 128, latent).norm(Norm.BATCH));
    }

    private Predictor predictor() {
        WorkbenchException.require(!(gruPredictor && gatedPredictor), "TwoRoomsModel: choose the gated predictor or the GRU, not both");
        if (mapChannels > 0) return Predictor.spatial(mapChannels, env.size() / 4, env.size() / 4, 2, 32);
        if (gruPredictor) return Predictor.gru(latent, 2);
        if (gatedPredictor) return Predictor.gated(Mlp.of(latent + 2, predictorHidden, predictorHidden, 2 * latent), 2);
        return Predictor.residual(Mlp.of(latent + 2, predictorHidden, predictorHidden, latent), 2);
    }

    /** A fresh, untrained model of this recipe. */
    public Jepa build() {
        Jepa.Builder b = Jepa.builder().name(name())
                .encoder(encoder())
                .predictor(predictor())
                .cost(EmbeddingPrediction.defaults().weight(prediction))
                .rolloutSteps(rolloutSteps).framesTogether(true).seed(seed);
        if (frozenEncoder) return b.frozenEncoder(true).build();
        if (variance > 0) b.regularizer(Variance.defaults().weight(variance));
        if (covariance > 0) b.regularizer(Covariance.defaults().weight(covariance).reduction(Covariance.Reduction.MEAN));
        if (smoothness > 0) b.regularizer(TemporalSmoothness.defaults().weight(smoothness));
        if (inverseDynamics > 0) b.regularizer(InverseDynamics.of(Mlp.of(2L * width(), 128, 2)).weight(inverseDynamics));
        if (sigreg > 0) b.regularizer(IsotropicGaussian.defaults().weight(sigreg));
        return b.build();
    }

    @Override
    public String toString() {
        return "TwoRoomsModel(" + name() + ", D " + width() + ", " + rolloutSteps + " rollout steps)";
    }
}
