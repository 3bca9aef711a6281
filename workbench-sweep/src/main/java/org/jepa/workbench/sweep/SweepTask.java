package org.jepa.workbench.sweep;

import java.io.Serializable;
import java.util.Map;

/**
 * The work of one {@link Cell}: train, diagnose, probe, and return the row's outputs (numbers or text, in
 * column order). Runs on a Spark executor, so an implementation must be a serializable class on the
 * executors' class path: a library class such as {@link CollapseCell}, or a class compiled into a jar —
 * not a lambda typed into a notebook cell, which only the notebook's own class loader can load.
 *
 * <p>Throwing, or returning a NaN, marks the cell failed with the error; the other cells go on.
 */
@FunctionalInterface
public interface SweepTask extends Serializable {

    /** Runs one cell; outputs in column order (e.g. a {@code LinkedHashMap}). */
    Map<String, ?> run(Cell cell) throws Exception;
}
