package org.jepa.workbench.energy;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The outcome of one energy training.
 *
 * @param model     model name
 * @param training  how it was trained, e.g. {@code "hinge + uniform"} or {@code "regularized: z∈ℝ¹"}
 * @param energy    the trained energy over y (a free energy for latent models; at the snapshot x when conditional)
 * @param history   per-step table: step, loss (and, for contrastive runs, e_data, e_neg)
 * @param snapshots landscapes taken during training (empty unless requested), last one = final model
 * @param seconds   wall-clock training time (s)
 */
public record TrainingRun(String model, String training, Energy energy, Table history, List<Landscape> snapshots,
                          double seconds) {
}
