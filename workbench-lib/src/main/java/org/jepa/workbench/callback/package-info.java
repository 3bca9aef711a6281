/**
 * The contract between the training loop and whatever watches it: {@link
 * org.jepa.workbench.callback.TrainingCallback} hooks and the {@link
 * org.jepa.workbench.callback.TrainingContext} they see. It sits below both {@code train} (which calls
 * the hooks) and {@code diagnostics} (whose collapse monitor is a callback), so neither imports the other.
 */
package org.jepa.workbench.callback;
