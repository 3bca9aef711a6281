/**
 * Notebook infrastructure: the Jupyter kernel spec and its start-up supervisor ({@link
 * org.jepa.workbench.notebook.KernelInstaller}, {@link org.jepa.workbench.notebook.KernelLauncher}), inline
 * display of charts and tables ({@link org.jepa.workbench.notebook.Show}, the Rapaio display provider),
 * in-place progress ({@link org.jepa.workbench.notebook.Progress}), the lecture scale knob ({@link
 * org.jepa.workbench.notebook.Lecture}) and the headless runner ({@link org.jepa.workbench.notebook.LectureRunner}).
 */
package org.jepa.workbench.notebook;
