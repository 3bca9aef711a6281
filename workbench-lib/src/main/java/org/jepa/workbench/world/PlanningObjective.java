package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What a planner minimises over action sequences: the energy of the latents the world model imagines
 * for them — distance to the goal's latent, plus guardrail costs (LeCun 2022, "A Path Towards Autonomous
 * Machine Intelligence": mode-2 inference; EB-JEPA's planning cost). For a candidate with imagined latents
 * ẑ_1 … ẑ_H and goal latent z_g:
 * <pre>
 *   E = Σ_{t=1..H} ‖ẑ_t − z_g‖₂  +  Σ_g guardrail_g(ẑ)          (ALL, EB-JEPA's default)
 *   E = ‖ẑ_H − z_g‖₂             +  Σ_g guardrail_g(ẑ)          (LAST: "MPPI-last", 89 % vs 97 % there)
 *   E = Σ_{t=1..H} (t/H)·‖ẑ_t − z_g‖₂ + Σ_g guardrail_g(ẑ)        (RAMP: later steps count more, as PLDM's 0.1 → 1)
 *   E = … + w·‖ẑ_H − z_g‖₂                                        (any of them with a terminal weight w, {@link #terminal})
 * </pre>
 * RAMP suits a long-horizon high-level planner: a detour through a door costs little when its early steps
 * lead away from the goal, and unlike LAST it still prefers arriving early to arriving late.
 * Summing over every step rewards getting there early and staying, which also makes a detour through a
 * door cheaper than waiting at a wall. The norm is √(‖·‖² + 1e-12) so its gradient is defined at the goal.
 *
 * <pre>{@code
 * PlanningObjective.toGoal()                                        // Σ_t distance
 * PlanningObjective.toGoal().lastStepOnly()
 * PlanningObjective.toGoal().guardrail(ForbiddenRegion.of(probe, 4, 4, 10, 12).weight(5))
 * }</pre>
 */
public final class PlanningObjective {

    /** Which imagined steps the goal distance sums over. */
    public enum Steps { ALL, LAST, RAMP }

    private final Steps steps;
    private final List<Guardrail> guardrails;
    private final double terminal;

    private PlanningObjective(Steps steps, List<Guardrail> guardrails, double terminal) {
        this.steps = steps;
        this.guardrails = List.copyOf(guardrails);
        this.terminal = terminal;
    }

    /** Distance to the goal summed over every imagined step, no guardrails. */
    public static PlanningObjective toGoal() {
        return new PlanningObjective(Steps.ALL, List.of(), 0);
    }

    /** Copy that weights imagined step t by t/H (later steps count more). */
    public PlanningObjective ramp() {
        return new PlanningObjective(Steps.RAMP, guardrails, terminal);
    }

    /** Copy that counts the last imagined step only. */
    public PlanningObjective lastStepOnly() {
        return new PlanningObjective(Steps.LAST, guardrails, terminal);
    }

    /** Copy with a guardrail added. */
    public PlanningObjective guardrail(Guardrail g) {
        WorkbenchException.require(g != null, "PlanningObjective: guardrail is null");
        List<Guardrail> l = new ArrayList<>(guardrails);
        l.add(g);
        return new PlanningObjective(steps, l, terminal);
    }

    /**
     * Copy that adds w·‖ẑ_H − z_g‖: the last imagined latent counted w more times, as if the agent then waited there
     * for w steps — a cost-to-go for the steps after the horizon. Without it, a 30-step sum prefers waiting at a wall
     * 2 px from the goal (30 × 2) to a detour through the door that pays ~8 px for a dozen steps; with w = 300 the
     * detour wins. It trusts the model's H-th imagined step, so it helps a planner exactly as far as the model is
     * right that far ahead (measured in the README: the true dynamics gain, a learned model with wall errors loses).
     * Default 0.
     */
    public PlanningObjective terminal(double w) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "PlanningObjective.terminal: the weight must be finite and >= 0, got " + w);
        return new PlanningObjective(steps, guardrails, w);
    }

    public Steps steps() {
        return steps;
    }

    public List<Guardrail> guardrails() {
        return guardrails;
    }

    /** The graph's pieces: per-step goal distances [N, H] and the energy [N]. */
    record Energy(SDVariable stepDistances, SDVariable energy) {
    }

    /**
     * Adds the energy to {@code sd}.
     *
     * @param predicted imagined latents [N, H, D]
     * @param goal      goal latent [1, D]
     */
    Energy build(SameDiff sd, SDVariable predicted, SDVariable goal, long latentWidth, int h) {
        SDVariable diff = predicted.sub(sd.reshape(goal, 1, 1, latentWidth));
        SDVariable squares = sd.math().square(diff);
        SDVariable dist = sd.math().sqrt((latentWidth == 1 ? sd.reshape(squares, -1, h) : squares.sum(2)).add(1e-12));  // [N, H]
        SDVariable e = switch (steps) {
            case ALL -> Graph.rowSums(sd, dist, h, false);
            case LAST -> dist.get(SDIndex.all(), SDIndex.point(h - 1));
            case RAMP -> Graph.rowSums(sd, dist.mul(sd.constant(GraphNames.fresh(sd, "ramp"), org.nd4j.linalg.factory.Nd4j.createFromArray(rampWeights(h))
                    .castTo(dist.dataType()).reshape(1, h))), h, false);
        };
        if (terminal != 0) e = e.add(dist.get(SDIndex.all(), SDIndex.point(h - 1)).mul(terminal));
        for (Guardrail g : guardrails) e = e.add(g.cost(sd, predicted, latentWidth, h));
        return new Energy(dist, e);
    }

    /** The goal term of the energy for one candidate's goal distances after each step [H] (guardrails not included). */
    double goalCost(double[] d) {
        int h = d.length;
        if (steps == Steps.LAST) return d[h - 1] * (1 + terminal);
        double e = terminal * d[h - 1], w[] = steps == Steps.RAMP ? rampWeights(h) : null;
        for (int t = 0; t < h; t++) e += w == null ? d[t] : w[t] * d[t];
        return e;
    }

    /** RAMP's weights t/H, t = 1 … H. */
    static double[] rampWeights(int h) {
        double[] w = new double[h];
        for (int t = 0; t < h; t++) w[t] = (t + 1) / (double) h;
        return w;
    }

    @Override
    public String toString() {
        return "PlanningObjective(goal distance over " + switch (steps) {
            case ALL -> "every step";
            case LAST -> "the last step";
            case RAMP -> "every step, weighted t/H";
        } + (terminal == 0 ? "" : ", terminal weight " + terminal)
                + (guardrails.isEmpty() ? "" : ", guardrails " + guardrails) + ")";
    }
}
