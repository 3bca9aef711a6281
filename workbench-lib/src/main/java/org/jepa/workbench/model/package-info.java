/**
 * Network parts and where their weights live. A {@link org.jepa.workbench.model.Module} (MLP, ConvNet) or
 * {@link org.jepa.workbench.model.Predictor} is an immutable description that binds into a {@link
 * org.jepa.workbench.model.Graph}; the arrays it creates live in a {@link org.jepa.workbench.model.Parameters}
 * store that every graph of a model shares (training, inference, planning), initialised once from a seed.
 * {@link org.jepa.workbench.model.EmbeddingModel} is what probes and diagnostics read.
 */
package org.jepa.workbench.model;
