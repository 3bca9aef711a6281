package org.jepa.workbench.world;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A guardrail: a cost on the imagined latents that a plan must keep low whatever the goal — a region the
 * agent must not enter, a speed it must not exceed (LeCun's "objective-driven AI": task objective plus
 * guardrail objectives). Written in SameDiff so that the gradient planner differentiates through it and
 * the sampling planners evaluate every candidate in the same graph call.
 */
public interface Guardrail {

    /** Short name, for tables. */
    String name();

    /**
     * The cost of each candidate.
     *
     * @param predicted imagined latents [N, H, D]
     * @param latentWidth D
     * @param horizon     H
     * @return cost per candidate [N], already weighted
     */
    SDVariable cost(SameDiff sd, SDVariable predicted, long latentWidth, int horizon);

    /**
     * The same cost on a path of true positions (pixels, [H][2]), for {@link ActionEnergy#trueDynamics}. Guardrails
     * that read something other than the position refuse.
     */
    default double positionCost(double[][] path) {
        throw new org.jepa.workbench.WorkbenchException("guardrail " + name() + " reads a model's latent; the true-dynamics energy"
                + " knows positions only");
    }
}
