package org.jepa.workbench.train;

import java.nio.file.Path;
import java.util.Optional;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.Table;

/**
 * Training stopped because it failed (a non-finite loss, a blow-up): the message names the step, the
 * term and the last good checkpoint, and the history up to the failure is kept here, not lost.
 */
public final class TrainingException extends WorkbenchException {
    private final transient Table history;
    private final transient Table steps;
    private final long step;
    private final transient Path lastGoodCheckpoint;

    TrainingException(String message, long step, Table history, Table steps, Path lastGoodCheckpoint) {
        super(message);
        this.step = step;
        this.history = history;
        this.steps = steps;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The step at which training stopped. */
    public long step() {
        return step;
    }

    /** Epoch rows completed before the failure (and of any run this one resumed). */
    public Table history() {
        return history;
    }

    /** Step rows up to, not including, the failed step. */
    public Table steps() {
        return steps;
    }

    /** The last checkpoint whose weights were finite and gave a finite loss, if any. */
    public Optional<Path> lastGoodCheckpoint() {
        return Optional.ofNullable(lastGoodCheckpoint);
    }
}
