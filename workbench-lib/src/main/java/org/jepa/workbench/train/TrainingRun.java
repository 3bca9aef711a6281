package org.jepa.workbench.train;

import java.nio.file.Path;
import java.util.Optional;
import org.jepa.workbench.model.EmbeddingModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * The result of {@link Trainer#fit}: the trained encoder and the history.
 *
 * @param model      the online encoder in inference mode
 * @param history    one row per epoch: epoch, loss, each loss term (epoch means), lr (at the epoch's
 *                   last step), ema_tau (EMA methods), seconds (wall time of the epoch), samples_per_s
 * @param steps      one row per step: step, epoch, loss, each term, lr
 * @param stopReason why training stopped early (a callback's request), if it did
 * @param lastCheckpoint the last checkpoint written, if any
 */
public record TrainingRun(EmbeddingModel model, Table history, Table steps, Optional<String> stopReason,
                          Optional<Path> lastCheckpoint) {

    /** Shortcut for {@code model().embed(x)}: [N, C*H*W] → [N, D]. */
    public INDArray embed(INDArray x) {
        return model.embed(x);
    }
}
