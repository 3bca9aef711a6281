package org.jepa.workbench.train;

import java.nio.file.Path;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The record of one {@link Trainer#fit}: what happened, not the model (the model was trained in place and
 * is the object that was fitted).
 *
 * @param history        one row per epoch: epoch, loss, each loss term (epoch means), each monitor, lr
 *                       (at the epoch's last step), the model's per-step scalars (e.g. ema_tau), seconds
 *                       (wall time of the epoch), samples_per_s. A resumed fit starts with the rows of the
 *                       run it resumed.
 * @param steps          one row per step: step, epoch, loss, each term and monitor, lr
 * @param stopReason     why training stopped early (a callback's request), if it did
 * @param lastCheckpoint the last checkpoint written whose weights were finite and gave a finite loss
 * @param seconds        wall time of the fit, seconds
 */
public record TrainingRun(Table history, Table steps, Optional<String> stopReason, Optional<Path> lastCheckpoint,
                          double seconds) {

    /** The last epoch's mean training loss (NaN when no epoch ran). */
    public double finalLoss() {
        return history.rowCount() == 0 ? Double.NaN : history.doubleColumn("loss").get(history.rowCount() - 1);
    }
}
