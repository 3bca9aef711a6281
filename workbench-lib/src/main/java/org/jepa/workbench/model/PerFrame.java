package org.jepa.workbench.model;

import org.jepa.workbench.WorkbenchException;

/**
 * One module applied to each of {@code frames} frames laid side by side, sharing its weights: input
 * [B, frames·F] → [B·frames, F] → module → [B, frames·D]. A video model's encoder of a multi-frame
 * observation, so that each frame gets the same representation wherever it sits in the window and the
 * predictor sees the recent past frame by frame (V-JEPA's predictor reads a context of per-frame tokens).
 *
 * <pre>{@code
 * Module enc = PerFrame.of(Mlp.of(32 * 32, 512, 16).norm(Norm.BATCH), 8);   // 8 frames → 8 × 16 latents
 * }</pre>
 */
public record PerFrame(Module module, int frames) implements Module {
    public PerFrame {
        WorkbenchException.require(module != null, "PerFrame: module is null");
        WorkbenchException.require(frames >= 1, "PerFrame: frames must be >= 1, got " + frames);
    }

    /** {@code module} on each of {@code frames} frames. */
    public static PerFrame of(Module module, int frames) {
        return new PerFrame(module, frames);
    }

    @Override
    public long inputWidth() {
        return frames * module.inputWidth();
    }

    @Override
    public long outputWidth() {
        return frames * module.outputWidth();
    }

    @Override
    public Bound bind(Graph g, String prefix, boolean trainable) {
        Bound m = module.bind(g, prefix, trainable);
        if (frames == 1) return m;
        return (x, training) -> g.sd().reshape(m.apply(g.sd().reshape(x, -1, module.inputWidth()), training), -1, outputWidth());
    }

    @Override
    public String toString() {
        return module + " on each of " + frames + " frames";
    }
}
