/**
 * Jupyter tooling, not called from notebooks: the kernel spec ({@link
 * org.jepa.workbench.jupyter.KernelInstaller}), the kernel's start-up supervisor ({@link
 * org.jepa.workbench.jupyter.KernelLauncher}), the headless lecture runner behind {@code ./workbench
 * lectures} ({@link org.jepa.workbench.jupyter.LectureRunner}) and its output scan ({@link
 * org.jepa.workbench.jupyter.NotebookScan}). The top of the house: it may use the notebook API, nothing
 * uses it.
 */
package org.jepa.workbench.jupyter;
