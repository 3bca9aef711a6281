/**
 * The joint-embedding predictive architecture, composed of parts as in Meta's EB-JEPA:
 * {@link org.jepa.workbench.jepa.Jepa} = encoder (+ projector) + optional action encoder + predictor +
 * prediction cost + regularizers, with targets from the online encoder, a stop-gradient or an EMA copy
 * ({@link org.jepa.workbench.jepa.Target}). Its one computation, {@link org.jepa.workbench.jepa.Jepa#unroll},
 * encodes the frames of a batch [B, T, F], predicts autoregressively over K rollout steps with the actions
 * [B, T−1, A] and scores the predictions against the targets; training ({@code Trainer.fit}), evaluation
 * and planning ({@link org.jepa.workbench.jepa.Jepa#rollout}) all run it over one shared parameter store.
 *
 * <p>The methods of the literature are presets of the builder: {@code Jepa.siamese(encoder, objective)}
 * (SimCLR, VICReg, Barlow Twins, LeJEPA…), {@code Jepa.byol}, {@code Jepa.simSiam}, {@code Jepa.masked}
 * (I-JEPA); an action-conditioned world model is the same builder with an action-taking predictor and a
 * multi-step rollout.
 */
package org.jepa.workbench.jepa;
