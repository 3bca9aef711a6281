/**
 * What a JEPA minimises, in two kinds of parts, one per file with its formula and paper: a {@link
 * org.jepa.workbench.objective.PredictionCost} compares a prediction with its target (MSE, L1, cosine,
 * InfoNCE, margin, Barlow's cross-correlation); a {@link org.jepa.workbench.objective.Regularizer} acts on
 * the online embeddings themselves (variance, covariance, SIGReg's isotropic-Gaussian test). An {@link
 * org.jepa.workbench.objective.Objective} is a named preset of one cost and its regularizers —
 * {@code VICReg.defaults()}, {@code SIGReg.defaults()}, and every cost on its own.
 *
 * <p>Term names in history tables mean the same thing everywhere: {@code invariance} is the mean squared
 * distance between the two views' (or the prediction's and target's) embeddings — in {@code none}, VICReg
 * and SIGReg, each with its own weight — except in Barlow Twins, where it is the on-diagonal term
 * Σ(1 − C_ii)² of the views' cross-correlation (the paper's own name); {@code prediction} is
 * {@link org.jepa.workbench.objective.EmbeddingPrediction}'s distance, {@code regression} the cosine cost,
 * {@code contrastive} InfoNCE, {@code positive}/{@code negative} the margin loss, {@code variance},
 * {@code covariance}, {@code sigreg} the regularizers.
 */
package org.jepa.workbench.objective;
