package org.jepa.workbench.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one cell produced: its outputs, or the error that stopped it.
 *
 * @param cell    the configuration
 * @param ok      true when the task returned finite outputs
 * @param error   why it failed ({@code ""} when ok): the exception's type and message, or the NaN columns
 * @param outputs the task's outputs in column order (empty when it threw)
 * @param seconds wall time of the task on its executor, seconds
 * @param worker  where it ran: host and executor id
 */
public record CellResult(Cell cell, boolean ok, String error, Map<String, Object> outputs, double seconds,
                         String worker) implements Serializable {

    public CellResult {
        error = error == null ? "" : error;
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs == null ? Map.of() : outputs));
        worker = worker == null ? "" : worker;
    }

    /** The status column's value: {@code ok} or {@code failed}. */
    public String status() {
        return ok ? "ok" : "failed";
    }
}
