/**
 * The one training loop: {@link org.jepa.workbench.train.Trainer} fits any {@link
 * org.jepa.workbench.train.Trainable} — a JEPA, an energy model — on batches from a {@code BatchSource}.
 * The loop owns the optimizer and learning-rate schedule, batch-norm running statistics, callbacks,
 * progress, the history tables ({@link org.jepa.workbench.train.TrainingRun}), atomic checksummed
 * checkpoints with exact resume ({@link org.jepa.workbench.train.Checkpoint}), and the guards that stop a
 * run that went wrong ({@link org.jepa.workbench.train.TrainingException}: a non-finite loss, a loss or
 * weights that blew up), naming the step, the term and the last good checkpoint. A model says only what
 * its loss is and how to feed it ({@link org.jepa.workbench.train.TrainingGraph}).
 */
package org.jepa.workbench.train;
