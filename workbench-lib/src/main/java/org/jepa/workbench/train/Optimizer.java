package org.jepa.workbench.train;

/**
 * Optimizers (ND4J updaters). Weight decay, when set, is decoupled (AdamW style, Loshchilov &amp;
 * Hutter 2019): every weight matrix/kernel is multiplied by (1 − lr·wd) before the update; biases and
 * norm parameters are not decayed. So ADAM with weight decay is AdamW.
 */
public enum Optimizer {
    /** Adam, β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    ADAM,
    /** SGD with Nesterov momentum (momentum set on the builder, default 0.9). */
    SGD_NESTEROV,
    /** Plain SGD. */
    SGD
}
