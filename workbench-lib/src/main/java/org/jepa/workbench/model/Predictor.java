package org.jepa.workbench.model;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The predictor of a JEPA: from an embedding z_t [B, D] and, when the model takes them, an (encoded)
 * action or condition a_t [B, A], predicts the next embedding ẑ_{t+1} [B, D]. Applied once per rollout
 * step, autoregressively, by the JEPA's {@code unroll}.
 *
 * <pre>{@code
 * Predictor.identity(64)                          // siamese: the "prediction" is the embedding itself
 * Predictor.of(Mlp.of(64, 256, 64).norm(Norm.BATCH))      // BYOL / SimSiam head
 * Predictor.of(Mlp.of(64 + 16, 256, 64), 16)      // I-JEPA with a 16-wide mask descriptor
 * Predictor.residual(Mlp.of(32 + 2, 128, 32), 2)  // world model: ẑ = z + MLP([z, a])
 * Predictor.gru(32, 2)                            // world model: a GRU whose hidden state is z
 * }</pre>
 */
public interface Predictor {

    /** Embedding width D (input state and output). */
    long width();

    /** Width A of the action / condition input; 0 when the predictor takes none. */
    long actionWidth();

    /** Creates the parameters in {@code g} under {@code prefix}. */
    Bound bind(Graph g, String prefix, boolean trainable);

    /**
     * Width M of the memory this predictor carries through a sequence; 0 (the default) for a predictor that reads the
     * latent alone, which makes the unroll Markov in the latent. With memory the JEPA's unroll scans the observed
     * latents, h_t = {@link Bound#remember}(h_{t−1}, z_t), predicts from (z_t, h_t), and lets each imagined step
     * remember its own prediction.
     */
    default long memoryWidth() {
        return 0;
    }

    /** A predictor whose parameters exist in a graph. */
    interface Bound {
        /**
         * @param z        embeddings [N, D]
         * @param action   actions [N, A], or null when {@link #actionWidth()} is 0
         * @param training batch statistics (true) or running statistics (false) in batch norm
         * @return predicted embeddings [N, D]
         */
        SDVariable apply(SDVariable z, SDVariable action, boolean training);

        /**
         * The step of a predictor with memory: from z_t [N, D], the memory h_t [N, M] of everything up to and including
         * z_t, and the action, predicts ẑ_{t+1} [N, D]. A predictor without memory takes {@code memory} null.
         */
        default SDVariable apply(SDVariable z, SDVariable memory, SDVariable action, boolean training) {
            WorkbenchException.require(memory == null, "Predictor: this predictor carries no memory, but was given one");
            return apply(z, action, training);
        }

        /**
         * The memory after seeing z [N, D]: h' = cell(h, z) [N, M], with {@code memory} null at a sequence's first frame.
         * Only a predictor with {@link #memoryWidth()} &gt; 0 has one.
         */
        default SDVariable remember(SDVariable memory, SDVariable z) {
            throw new WorkbenchException("Predictor: this predictor carries no memory (memoryWidth() is 0)");
        }
    }

    /** ẑ = z: no parameters (siamese methods, where the target is the other view's embedding). */
    static Predictor identity(long width) {
        WorkbenchException.require(width > 0, "Predictor.identity: width must be > 0, got " + width);
        return new Predictors.Identity(width);
    }

    /** ẑ = m(z) for a module of equal input and output width (no action). */
    static Predictor of(Module m) {
        WorkbenchException.require(m != null, "Predictor.of: module is null");
        return of(m, 0);
    }

    /**
     * ẑ = m([z, a]): the action (or condition) is concatenated to the embedding, so the module's input
     * width is D + A and its output width D.
     */
    static Predictor of(Module m, long actionWidth) {
        return new Predictors.Concat(m, actionWidth, false);
    }

    /** ẑ = z + m([z, a]): a residual step, the usual choice for world models (small moves, small updates). */
    static Predictor residual(Module m, long actionWidth) {
        return new Predictors.Concat(m, actionWidth, true);
    }

    /**
     * ẑ = z + u ⊙ σ(g), [u, g] = m([z, a]): a residual step whose update is gated per latent dimension, as in gated
     * linear units (Dauphin et al. 2017). The module's output width is 2·D (the update u, then the gate g), its input
     * D + A. A gate saturates to 0 or 1, so the predictor can switch a move off (an agent against a wall) with one
     * sharp boundary instead of carving the product of a step and a linear move out of ReLU pieces.
     *
     * <pre>{@code
     * Predictor.gated(Mlp.of(16 + 2, 256, 256, 2 * 16), 2)    // 16-d latent, 2-d action
     * }</pre>
     */
    static Predictor gated(Module m, long actionWidth) {
        return new Predictors.Gated(m, actionWidth);
    }

    /**
     * A control-affine step: the action enters linearly, through a matrix that depends on the state,
     * <pre>  ẑ = z + f(z) + G(z) a,   [f, G₁ … G_A] = m(z) </pre>
     * the discrete form of ż = f(z) + G(z) u, the standard model of a controlled system (and of E2C's locally linear
     * latent dynamics, Watter et al. 2015). The module reads the latent only (width D) and outputs D·(1 + A): the
     * drift f, then one column of G per action component. A wall that stops the agent is then a property of the state
     * alone — G(z) loses its component toward the wall there — where a predictor over [z, a] must carve the product of
     * the position and the action out of its hidden units. Measured on Two Rooms' true positions it learns the walls
     * less well than the residual MLP (bench/README): most stopped moves stop part-way, by a fraction that depends on
     * the action's length.
     *
     * <pre>{@code
     * Predictor.controlAffine(Mlp.of(16, 256, 256, 16 * 3), 2)    // 16-d latent, 2-d action
     * }</pre>
     */
    static Predictor controlAffine(Module m, long actionWidth) {
        return new Predictors.ControlAffine(m, actionWidth);
    }

    /**
     * A gated recurrent unit whose hidden state is the embedding (as EB-JEPA's and PLDM's world models: a GRU stepped
     * by the action, Cho et al. 2014; PyTorch's {@code GRUCell} equations):
     * <pre>
     *   r = σ(a W_r + b_r + z U_r + c_r),  u = σ(a W_u + b_u + z U_u + c_u)
     *   n = tanh(a W_n + b_n + r ⊙ (z U_n + c_n))
     *   ẑ = (1 − u) ⊙ n + u ⊙ z
     * </pre>
     * W [A, 3D] and U [D, 3D] hold the three gates side by side (reset, update, candidate), b and c [3D]; initialised
     * uniform in ±1/√D as PyTorch does. ẑ lies between z and a tanh, so components beyond ±1 can only shrink toward it:
     * use it with latents of about unit scale. The action may come from an action encoder (width A). At Two Rooms'
     * 16-wide latent it plans far worse than the residual MLP (4 of 50 episodes against 16–17; bench/README): EB-JEPA's
     * GRU is 512 wide.
     *
     * <pre>{@code
     * Predictor.gru(64, 2)     // 64-d latent stepped by a 2-d action
     * }</pre>
     *
     * @param width       latent width D (the GRU's hidden size)
     * @param actionWidth action width A (the GRU's input size), at least 1
     */
    static Predictor gru(long width, long actionWidth) {
        return new Predictors.Gru(width, actionWidth);
    }

    /**
     * A residual predictor with a memory: a GRU (Cho et al. 2014; PyTorch's {@code GRUCell} equations, as in
     * {@link #gru}) reads the latents of the sequence one by one into a memory h of width M, and an MLP head predicts the
     * next latent from the latent, the memory and the action,
     * <pre>
     *   h_t = GRU(h_{t−1}, z_t)   (h_{−1} = 0)
     *   ẑ_{t+1} = z_t + m([z_t, h_t, a_t])
     * </pre>
     * so what left the latent — a ball behind an occluder — can still shape the prediction. The JEPA's unroll runs the
     * scan over the observed frames; an imagined step remembers its own prediction. The GRU's weights (input D, hidden
     * M) are initialised uniform in ±1/√M. The head reads D + M + A values and outputs D.
     *
     * <pre>{@code
     * Predictor.recurrent(Mlp.of(32 + 64, 256, 256, 32), 64, 0)    // 32-d latent, 64-d memory, no action
     * }</pre>
     *
     * @param head        the MLP head, input D + M + A, output D
     * @param memory      memory width M, at least 1
     * @param actionWidth action width A (0: none)
     */
    static Predictor recurrent(Module head, long memory, long actionWidth) {
        return new Predictors.Recurrent(head, memory, actionWidth);
    }

    /**
     * A predictor over a spatial latent (a feature map flattened NCHW, as {@link ConvNet#featureMap} makes it): the
     * action is tiled over the map, two constant channels give each cell its coordinates (CoordConv, Liu et al. 2018:
     * a wall at a fixed place is then learnable by a convolution, which alone cannot tell one place from another), and
     * a residual stack of 3×3 convolutions predicts the next map,
     * <pre>  ẑ = z + conv₃(ReLU(conv₂(ReLU(conv₁([z, tile(a), x, y]))))) </pre>
     * as EB-JEPA's world model predicts on its encoder's feature map. A move is then a local rule — the dot's feature
     * shifts by the action unless a wall feature sits next to it — that the same filter learns at every cell.
     *
     * <pre>{@code
     * Predictor.spatial(8, 7, 7, 2, 32)    // 8×7×7 maps (392 wide), 2-d actions, 32 hidden channels
     * }</pre>
     *
     * @param channels    channels C of the map
     * @param height      map height (cells)
     * @param width       map width (cells)
     * @param actionWidth action width A, at least 1
     * @param hidden      channels of the two hidden convolutions
     */
    static Predictor spatial(int channels, int height, int width, int actionWidth, int hidden) {
        return new Predictors.Spatial(channels, height, width, actionWidth, hidden);
    }

    /**
     * A predictor over a window of {@code frames} per-frame latents laid side by side ([N, frames·d], as a
     * {@link PerFrame} encoder makes them): it predicts only the frame that comes next and slides the window,
     * <pre>  ẑ = [z_2, …, z_c, z_c + m(z_1 … z_c)] </pre>
     * so the frames the window already holds are carried over exactly and the whole prediction cost (and the
     * surprise) falls on the new frame. A residual predictor over the window must instead learn the shift of c − 1
     * frames through its hidden layers, and the error of that copy lands on frames the model has already seen.
     * The module reads the window (frames·d; no action: a video predictor) and outputs d. Measured on the
     * intuitive-physics benchmark it scores worse than the residual predictor over the window (bench/README, issue 15):
     * that predictor's error on frames it re-predicts is part of its surprise signal.
     *
     * <pre>{@code
     * Predictor.nextFrame(Mlp.of(8 * 8, 256, 256, 8), 8)     // 8 frames of 8-d latents
     * }</pre>
     */
    static Predictor nextFrame(Module m, int frames) {
        return new Predictors.NextFrame(m, frames);
    }
}
