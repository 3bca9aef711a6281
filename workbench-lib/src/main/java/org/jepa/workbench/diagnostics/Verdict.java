package org.jepa.workbench.diagnostics;

/** Outcome of {@link Collapse#diagnose}: see {@link CollapseThresholds} for the rules that decide it. */
public enum Verdict {
    /** Embeddings spread over many directions; no collapse rule fired. */
    HEALTHY,
    /** Embeddings span only a low-dimensional subspace (Jing et al. 2022), or many dimensions are dead. */
    DIMENSIONAL_COLLAPSE,
    /** All embeddings (nearly) coincide: a single point or a very narrow cone. */
    COMPLETE_COLLAPSE
}
