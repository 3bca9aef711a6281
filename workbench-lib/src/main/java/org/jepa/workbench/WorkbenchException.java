package org.jepa.workbench;

/**
 * The one exception type the workbench throws for problems a user can fix: bad input data (NaN/Inf,
 * wrong shape, empty), bad hyper-parameters, corrupted files, a missing GPU. The message always names
 * the offending thing and, where possible, what was expected — it is meant to be read in a notebook.
 */
public class WorkbenchException extends RuntimeException {
    public WorkbenchException(String message) {
        super(message);
    }

    public WorkbenchException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws a {@code WorkbenchException} with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) throw new WorkbenchException(message);
    }
}
