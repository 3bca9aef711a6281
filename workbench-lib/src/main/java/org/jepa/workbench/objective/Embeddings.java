package org.jepa.workbench.objective;

import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a {@link Regularizer} sees: the online embeddings of every frame of a batch, in time order (for
 * two-view methods the two views), and the actions between consecutive frames when the model takes any.
 *
 * @param frames  z_t, each [B, D], t = 0 … T−1
 * @param actions a_t, each [B, A], t = 0 … T−2; empty when the model takes no actions
 * @param dim     D, the embedding width
 */
public record Embeddings(List<SDVariable> frames, List<SDVariable> actions, long dim) {

    public Embeddings {
        WorkbenchException.require(frames != null && !frames.isEmpty(), "Embeddings: no frames");
        WorkbenchException.require(actions != null, "Embeddings: actions must be a list (empty when there are none)");
        WorkbenchException.require(actions.isEmpty() || actions.size() == frames.size() - 1,
                "Embeddings: " + actions.size() + " actions for " + frames.size() + " frames (expected T − 1)");
        WorkbenchException.require(dim > 0, "Embeddings: dim must be > 0, got " + dim);
        frames = List.copyOf(frames);
        actions = List.copyOf(actions);
    }

    /** Two views, no actions (siamese and two-view presets). */
    public static Embeddings of(SDVariable za, SDVariable zb, long dim) {
        return new Embeddings(List.of(za, zb), List.of(), dim);
    }
}
