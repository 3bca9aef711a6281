package org.jepa.workbench.jepa;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What {@link Jepa#unroll} adds to a graph.
 *
 * @param embeddings  the online embeddings z_t of the observed frames, each [B, D], t = 0 … T−1
 *                    (created on demand: an entry is null when nothing used it)
 * @param predictions per rollout step k = 1 … K, the predicted embeddings of every position that step
 *                    reaches, folded position-major into [L_k·B, D] (L_k = 1 when planning)
 * @param targets     per rollout step, the target embeddings of the same positions, [L_k·B, D]; empty
 *                    when the unroll had no target frames (planning)
 * @param terms       the weighted loss terms (prediction cost summed over steps, then regularizers);
 *                    empty when the unroll had no target frames
 */
public record Rollout(List<SDVariable> embeddings, List<SDVariable> predictions, List<SDVariable> targets,
                      Map<String, SDVariable> terms) {
}
