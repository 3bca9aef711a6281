package org.jepa.workbench.train;

/** How the two branches of a joint-embedding architecture are wired. */
public enum Method {
    /**
     * Two augmented views through the same encoder (+ projector); the objective compares them.
     * For invariance-only, contrastive (InfoNCE) and information-regularized (VICReg, Barlow, SIGReg).
     */
    SIAMESE,
    /**
     * BYOL (Grill et al. 2020): online encoder+projector+predictor against an EMA target
     * encoder+projector (no gradient), τ from τ_base to 1 by a cosine schedule; symmetrised by stacking
     * both directions into one [2B, D] batch (mean over 2B = average of the two directions).
     */
    BYOL,
    /**
     * SimSiam (Chen &amp; He 2021): like BYOL but the target branch is the online network itself with
     * stop-gradient. Implemented as a frozen copy re-synchronised to the online weights after every step
     * (τ = 0), which computes exactly the stop-gradient target.
     */
    SIMSIAM,
    /**
     * JEPA (Assran et al. 2023, I-JEPA): the context encoder sees the masked view from the
     * {@link ContextMaker}, the predictor (optionally conditioned on the mask descriptor) maps its
     * embedding to the EMA target encoder's embedding of the full view. The loss is in embedding space.
     */
    JEPA;

    boolean usesTarget() {
        return this != SIAMESE;
    }
}
