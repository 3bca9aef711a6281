/**
 * Energy-based models on toy manifolds, after the NYU deep-learning practicum: explicit energies ({@link
 * org.jepa.workbench.energy.MlpEnergy}) trained contrastively with negative samplers ({@link
 * org.jepa.workbench.energy.ContrastiveTraining}), latent-variable energies ({@link
 * org.jepa.workbench.energy.LatentVariableEnergy}) trained without negatives ({@link
 * org.jepa.workbench.energy.LatentTraining}), their free energies, landscapes and System-2 inference. Both
 * trainings are recipes over the workbench's one {@code Trainer}: callbacks, checkpoints and schedules
 * come with it.
 */
package org.jepa.workbench.energy;
