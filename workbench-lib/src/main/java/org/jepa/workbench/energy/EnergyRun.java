package org.jepa.workbench.energy;

import java.util.List;
import org.jepa.workbench.train.TrainingRun;
import tech.tablesaw.api.Table;

/**
 * A trained energy with the record of its training.
 *
 * @param model     model name
 * @param training  how it was trained, e.g. {@code "hinge + uniform"} or {@code "regularized: z∈ℝ¹"}
 * @param energy    the trained energy over y (a free energy for latent models; at the snapshot x when conditional)
 * @param run       the trainer's record: per-step table (loss, terms, e_data / e_neg for contrastive runs), per-epoch history
 * @param snapshots landscapes taken during training (empty unless requested), last one = final model
 * @param seconds   training wall time without the snapshots, seconds
 */
public record EnergyRun(String model, String training, Energy energy, TrainingRun run, List<Landscape> snapshots,
                        double seconds) {

    /** Per-step losses: step, epoch, loss, terms, monitors, lr. */
    public Table history() {
        return run.steps();
    }
}
