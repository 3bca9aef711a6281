package org.jepa.workbench.video;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.model.PerFrame;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.Covariance;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.objective.Variance;

/**
 * The video models of the intuitive-physics experiment as a recipe: each is a plain {@link Jepa} over
 * tubelets of c frames (default 2), trained by the same trainer on {@link PhysicsClips}, with no actions.
 *
 * <ul>
 *   <li>{@link #jepa()} — video JEPA: encoder MLP c·size² → 512 → D = 32 with batch norm; residual predictor
 *   ẑ_{t+1} = ẑ_t + MLP(ẑ_t) (D → 256 → 256 → D) unrolled 2 steps; cost 16 · mean (ẑ − z)² against the
 *   encoder's own latents; variance (4) and covariance (1) on the latents against collapse (VICReg's
 *   terms, as the issue allows instead of an EMA target);</li>
 *   <li>{@link #pixels()} — the generative route: the same cost in pixel space; the "encoder" is the identity
 *   and the predictor a residual MLP c·size² → 512 → D → 512 → c·size² (the JEPA's encoder width and
 *   bottleneck, then a mirror decoder), so it must predict every pixel of the next tubelet;</li>
 *   <li>{@link #randomEncoder()} — the JEPA's encoder left at its random initialisation and frozen; only the
 *   predictor is trained: what the learned representation adds.</li>
 * </ul>
 *
 * <pre>{@code
 * VideoModel recipe = VideoModel.of(BallWorld.defaults());
 * Jepa jepa = recipe.jepa(), pixels = recipe.pixels();
 * trainer.fit(jepa, PhysicsClips.of(world, 4000, 1).window(4));
 * }</pre>
 */
public final class VideoModel {
    private final BallWorld world;
    private int latent = 32, hidden = 512, predictorHidden = 256, rolloutSteps = 2, tubeletFrames = 2;
    private double prediction = 16, variance = 4, covariance = 1;
    private int frameLatent = 0;
    private boolean nextFrame;
    private int memory = 0;
    private long seed = 1;

    private VideoModel(BallWorld world) {
        WorkbenchException.require(world != null, "VideoModel: world is null");
        this.world = world;
    }

    /** The default recipe for {@code world}'s frames. */
    public static VideoModel of(BallWorld world) {
        return new VideoModel(world);
    }

    /** Latent width D (default 32). */
    public VideoModel latentWidth(int d) {
        WorkbenchException.require(d >= 2, "VideoModel: latent width must be >= 2, got " + d);
        latent = d;
        return this;
    }

    /** Encoder hidden width (default 512). */
    public VideoModel hiddenWidth(int h) {
        WorkbenchException.require(h >= 1, "VideoModel: hidden width must be >= 1, got " + h);
        hidden = h;
        return this;
    }

    /** Autoregressive rollout steps of the training loss (default 2; needs windows of more tubelets). */
    public VideoModel rolloutSteps(int k) {
        WorkbenchException.require(k >= 1, "VideoModel: rollout steps must be >= 1, got " + k);
        rolloutSteps = k;
        return this;
    }

    /** Weight of the prediction cost (default 16). */
    public VideoModel prediction(double w) {
        WorkbenchException.require(Double.isFinite(w) && w > 0, "VideoModel: the prediction weight must be > 0, got " + w);
        prediction = w;
        return this;
    }

    /** Weight of the variance term (default 4). */
    public VideoModel variance(double w) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "VideoModel: variance weight must be >= 0, got " + w);
        variance = w;
        return this;
    }

    /** Weight of the covariance term (default 1). */
    public VideoModel covariance(double w) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "VideoModel: covariance weight must be >= 0, got " + w);
        covariance = w;
        return this;
    }

    /** Frames per tubelet c, the context of one observation (default 2; the data must use the same). */
    public VideoModel tubeletFrames(int c) {
        WorkbenchException.require(c >= 1 && c <= world.frames() - 2, "VideoModel: tubelet frames must be in [1, " + (world.frames() - 2) + "], got " + c);
        tubeletFrames = c;
        return this;
    }

    /**
     * Encode each frame of a tubelet separately, with one shared encoder 1·size² → 512 → {@code d}, so the
     * latent of a c-frame tubelet is c per-frame latents side by side (c·d wide; the latent width setting is
     * then ignored). 0 (default) encodes the whole tubelet at once.
     */
    public VideoModel perFrameLatent(int d) {
        WorkbenchException.require(d >= 0, "VideoModel: per-frame latent width must be >= 0, got " + d);
        frameLatent = d;
        return this;
    }

    /**
     * With a per-frame encoder ({@link #perFrameLatent}), predict only the next frame's latent and slide the window
     * ({@link Predictor#nextFrame}) instead of a residual step over the whole window (default false).
     */
    public VideoModel nextFramePredictor(boolean on) {
        nextFrame = on;
        return this;
    }

    /**
     * Give the JEPA's predictor a memory of width {@code m} that it carries through the clip ({@link Predictor#recurrent}:
     * a GRU reads each tubelet's latent, the residual MLP predicts from the latent and the memory), so a ball that went
     * behind the occluder can still be expected to come out. 0 (default): no memory, the predictor reads the latest
     * tubelet alone. Train it on long windows ({@link PhysicsClips#window}): the memory learns only what a window spans.
     */
    public VideoModel memory(int m) {
        WorkbenchException.require(m >= 0, "VideoModel: memory width must be >= 0, got " + m);
        memory = m;
        return this;
    }

    /** Initialisation seed (default 1). */
    public VideoModel seed(long s) {
        seed = s;
        return this;
    }

    private long tubelet() {
        return (long) tubeletFrames * world.framePixels();
    }

    private long width() {
        return frameLatent > 0 ? (long) frameLatent * tubeletFrames : latent;
    }

    private Module encoder() {
        return frameLatent > 0 ? PerFrame.of(Mlp.of(world.framePixels(), hidden, frameLatent).norm(Norm.BATCH), tubeletFrames)
                : Mlp.of(tubelet(), hidden, latent).norm(Norm.BATCH);
    }

    private Predictor latentPredictor() {
        if (memory > 0) {
            WorkbenchException.require(!nextFrame, "VideoModel: the next-frame predictor has no memory; use memory(m) or nextFramePredictor(true), not both");
            return Predictor.recurrent(Mlp.of(width() + memory, predictorHidden, predictorHidden, width()), memory, 0);
        }
        if (nextFrame) {
            WorkbenchException.require(frameLatent > 0, "VideoModel: the next-frame predictor slides a window of per-frame latents;"
                    + " set perFrameLatent(d) too");
            return Predictor.nextFrame(Mlp.of(width(), predictorHidden, predictorHidden, frameLatent), tubeletFrames);
        }
        return Predictor.residual(Mlp.of(width(), predictorHidden, predictorHidden, width()), 0);
    }

    /** {@code base}, with the tubelet length and per-frame encoding when they differ from the defaults. */
    private String name(String base) {
        if (tubeletFrames == 2 && frameLatent == 0 && memory == 0) return base;
        return base + " (" + tubeletFrames + " frames" + (frameLatent > 0 ? ", per-frame encoder" : "")
                + (nextFrame ? ", next-frame predictor" : "") + (memory > 0 ? ", memory " + memory : "") + ")";
    }

    /** The video JEPA. */
    public Jepa jepa() {
        Jepa.Builder b = Jepa.builder().name(name("video JEPA"))
                .encoder(encoder())
                .predictor(latentPredictor())
                .cost(EmbeddingPrediction.defaults().weight(prediction))
                .rolloutSteps(rolloutSteps).framesTogether(true).seed(seed);
        if (variance > 0) b.regularizer(Variance.defaults().weight(variance));
        if (covariance > 0) b.regularizer(Covariance.defaults().weight(covariance).reduction(Covariance.Reduction.MEAN));
        return b.build();
    }

    /**
     * The pixel-space predictor of the same width (see the class comment); with {@link #memory(int)} its predictor carries
     * the same GRU memory (reading each tubelet's pixels), so the generative baseline can be compared with memory too.
     */
    public Jepa pixels() {
        String name = "pixel predictor" + (tubeletFrames == 2 && memory == 0 ? ""
                : " (" + tubeletFrames + " frames" + (memory > 0 ? ", memory " + memory : "") + ")");
        Predictor predictor = memory > 0
                ? Predictor.recurrent(Mlp.of(tubelet() + memory, hidden, latent, hidden, tubelet()).norm(Norm.BATCH), memory, 0)
                : Predictor.residual(Mlp.of(tubelet(), hidden, latent, hidden, tubelet()).norm(Norm.BATCH), 0);
        return Jepa.builder().name(name)
                .encoder(Module.identity(tubelet()))
                .predictor(predictor)
                .cost(EmbeddingPrediction.defaults().weight(prediction))
                .rolloutSteps(rolloutSteps).framesTogether(true).seed(seed).build();
    }

    /** The JEPA with its encoder frozen at the random initialisation; only the predictor learns. */
    public Jepa randomEncoder() {
        return Jepa.builder().name(name("random encoder"))
                .encoder(encoder())
                .predictor(latentPredictor())
                .cost(EmbeddingPrediction.defaults().weight(prediction))
                .rolloutSteps(rolloutSteps).framesTogether(true).frozenEncoder(true).seed(seed).build();
    }

    @Override
    public String toString() {
        return "VideoModel(" + world + ", D " + latent + ", " + rolloutSteps + " rollout steps)";
    }
}
