package org.jepa.workbench.world;

import org.nd4j.autodiff.samediff.SameDiff;

/** Names for the constants that energy terms add to a planning graph. */
final class GraphNames {
    private GraphNames() {
    }

    /**
     * {@code base}, or {@code base_1}, {@code base_2}, … — the first not yet in {@code sd}: two guardrails of the same
     * kind in one objective each get their own constants (SameDiff's generateNewVarName hands out {@code base} twice).
     */
    static String fresh(SameDiff sd, String base) {
        String name = base;
        for (int i = 1; sd.hasVariable(name); i++) name = base + "_" + i;
        return name;
    }
}
