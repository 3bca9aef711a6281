package org.jepa.workbench.video;

import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Surprise: how far a video model's prediction of each new frame lands from what it then sees — the
 * measure with which V-JEPA separates possible from impossible videos (Garrido et al. 2025, arXiv
 * 2502.11831). The model reads tubelets of c frames ({@link PhysicsClips#tubelets}, c = input width / pixels
 * per frame); from tubelet (t − c … t − 1) it predicts the target's embedding of tubelet (t − c + 1 … t),
 * whose new frame is t, so
 * <pre>  surprise_t = mean_d (ẑ_t,d − y_t,d)²,   t = c … T − 1 </pre>
 * in the model's latent (a JEPA) or in pixels (a pixel predictor: its "encoder" is the identity). A clip is
 * scored by its maximum or its mean surprise.
 *
 * <pre>{@code
 * double[][] s = Surprise.perFrame(videoJepa, clips);      // [N][T − c], s[i][j] is frame j + c
 * }</pre>
 */
public final class Surprise {
    private static final int CHUNK = 64;

    private Surprise() {
    }

    /** Per-frame one-step surprise of each clip of {@code clips} ([N][T][P], all the same T and P). */
    public static double[][] perFrame(Jepa model, float[][][] clips) {
        return perFrame(model, clips, 1);
    }

    /**
     * Per-frame surprise of each clip when the model predicts {@code horizon} tubelets ahead, each step on its
     * own previous prediction (V-JEPA's protocol predicts several frames from a context): entry j is frame
     * j + c + horizon − 1, so [N][T − c − horizon + 1]. A longer horizon lets a model without memory carry a
     * hidden ball in its imagined latents past an occluder.
     */
    public static double[][] perFrame(Jepa model, float[][][] clips, int horizon) {
        return errors(model, clips, horizon, false);
    }

    /**
     * Mean squared latent error per clip and context: at horizon {@code k} alone ([N][T − c − k + 1]), or, with
     * {@code spanMean}, averaged over horizons 1 … k for the contexts that reach k ahead (the same shape) — every horizon
     * read from one unroll.
     */
    private static double[][] errors(Jepa model, float[][][] clips, int k, boolean spanMean) {
        WorkbenchException.require(model != null, "Surprise: model is null");
        WorkbenchException.require(clips != null && clips.length > 0, "Surprise: no clips (an empty set cannot be scored)");
        int c = tubeletFrames(model, clips[0].length == 0 ? 0 : clips[0][0].length);
        int t = clips[0].length;
        WorkbenchException.require(k >= 1, "Surprise: the " + (spanMean ? "span" : "horizon") + " must be >= 1 tubelet, got " + k);
        WorkbenchException.require(t >= c + k, "Surprise: the model reads tubelets of " + c + " frames, so predicting " + k
                + " ahead needs clips of at least " + (c + k) + " frames, got " + t);
        int contexts = t - c + 1 - k;
        double[][] out = new double[clips.length][];
        for (int s = 0; s < clips.length; s += CHUNK) {
            float[][][] part = Arrays.copyOfRange(clips, s, Math.min(clips.length, s + CHUNK));
            INDArray x = PhysicsClips.tubelets(part, c);
            INDArray[][] pt = model.predictSpan(x, null, k);
            INDArray sum = null;
            for (int j = spanMean ? 0 : k - 1; j < k; j++) {
                INDArray err = pt[0][j].sub(pt[1][j]).castTo(DataType.DOUBLE);
                INDArray mse = err.muli(err).mean(2)                      // [n, T − c − j]: contexts reaching j + 1 ahead
                        .get(NDArrayIndex.all(), NDArrayIndex.interval(0, contexts));
                sum = sum == null ? mse.dup() : sum.addi(mse);
            }
            if (spanMean) sum.divi(k);
            for (int i = 0; i < part.length; i++) out[s + i] = sum.getRow(i).toDoubleVector();
        }
        return out;
    }

    /**
     * Surprise over a predicted span, as V-JEPA scores a video (Garrido et al. 2025): from each context the model
     * predicts the next {@code span} tubelets, each on its own previous prediction, and the surprise of that context is
     * the mean error over the span,
     * <pre>  surprise_t = (1/m) Σ_{k=1..m} mean_d (ẑ⁽ᵏ⁾_{t+k,d} − y_{t+k,d})² </pre>
     * Entry j is the context whose last frame is j + c − 1 (its first predicted frame is j + c), so
     * [N][T − c − m + 1]; a span of 1 is {@link #perFrame(Jepa, float[][][])}. A long span asks the model to carry what
     * it cannot see — a ball behind an occluder — through several imagined steps.
     */
    public static double[][] span(Jepa model, float[][][] clips, int span) {
        return errors(model, clips, span, true);
    }

    /** {@link #span(Jepa, float[][][], int)} of clips of a {@link BallWorld}. */
    public static double[][] span(Jepa model, List<BallWorld.Clip> clips, int span) {
        return span(model, frames(clips), span);
    }

    private static float[][][] frames(List<BallWorld.Clip> clips) {
        WorkbenchException.require(clips != null && !clips.isEmpty(), "Surprise: no clips (an empty set cannot be scored)");
        float[][][] f = new float[clips.size()][][];
        for (int i = 0; i < f.length; i++) f[i] = clips.get(i).frames();
        return f;
    }

    /**
     * Frames per tubelet of {@code model} for frames of {@code pixels} pixels: its input width over the
     * pixels; the first frame that gets a surprise.
     */
    public static int tubeletFrames(Jepa model, int pixels) {
        WorkbenchException.require(pixels > 0 && model.inputWidth() % pixels == 0,
                "Surprise: the model '" + model.name() + "' reads inputs of " + model.inputWidth() + " values, which is not a whole"
                        + " number of frames of " + pixels + " pixels; the clips have the wrong frame size");
        return (int) (model.inputWidth() / pixels);
    }

    /** Per-frame surprise of clips of a {@link BallWorld}, {@code horizon} tubelets ahead. */
    public static double[][] perFrame(Jepa model, List<BallWorld.Clip> clips, int horizon) {
        return perFrame(model, frames(clips), horizon);
    }

    /** How a clip's per-frame surprises become one score. */
    public enum Score {
        /** The largest surprise of the clip: one impossible moment is enough. */
        MAX,
        /** The mean surprise over the clip. */
        MEAN;

        public double of(double[] perFrame) {
            WorkbenchException.require(perFrame != null && perFrame.length > 0, "Surprise.Score: no frames");
            double m = this == MAX ? Double.NEGATIVE_INFINITY : 0;
            for (double v : perFrame) m = this == MAX ? Math.max(m, v) : m + v;
            return this == MAX ? m : m / perFrame.length;
        }
    }
}
