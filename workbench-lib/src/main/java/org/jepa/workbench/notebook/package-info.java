/**
 * What a notebook cell calls: inline display of charts, tables and images under every kernel
 * ({@link org.jepa.workbench.notebook.Show}, the Rapaio display provider), in-place progress
 * ({@link org.jepa.workbench.notebook.Progress}), the lecture scale knob ({@link
 * org.jepa.workbench.notebook.Lecture}, the one reader of {@code WORKBENCH_SCALE}) and one-call
 * experiments ({@link org.jepa.workbench.notebook.Experiment}: train, monitor, diagnose, probe). The
 * Jupyter tooling that runs notebooks — kernel spec, kernel supervisor, headless lecture runner — is the
 * package {@code org.jepa.workbench.jupyter}, above this one.
 */
package org.jepa.workbench.notebook;
