package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.Table;

/**
 * One model-predictive episode in Two Rooms: what the agent did and how close it got.
 *
 * @param planner       the planner's name
 * @param layout        the episode's walls
 * @param positions     the agent's positions, pixels, [steps + 1][2] (start first)
 * @param actions       the executed actions [steps][2]
 * @param goal          the goal position, pixels
 * @param finalDistance distance from the last position to the goal, pixels
 * @param success       finalDistance below the environment's success radius
 * @param seconds       wall time of the episode
 * @param plannedEnergy the energy of each replanned sequence, in order
 * @param firstPlan     the first plan's iteration table (best, elite mean and deviation per iteration)
 * @param predictorSteps planning compute: imagined steps over all candidates of all plans (Σ candidates ×
 *                       {@link ActionEnergy#stepsPerCandidate()}: the horizon, or horizon × k for a one-step model
 *                       composed with each action held k steps), the unit in which flat and hierarchical planners
 *                       are compared at equal compute
 * @param subgoals      a hierarchical planner's subgoals, in the order it set them (empty for a flat planner)
 */
public record Episode(String planner, TwoRooms.Layout layout, double[][] positions, double[][] actions, double[] goal,
                      double finalDistance, boolean success, double seconds, double[] plannedEnergy, Table firstPlan,
                      long predictorSteps, List<Subgoal> subgoals) {

    /**
     * A subgoal the high level handed to the low level.
     *
     * @param step   the environment step at which it was set
     * @param latent the subgoal latent [D] (for the true dynamics: a position in pixels)
     */
    public record Subgoal(int step, double[] latent) {
    }

    /** Environment steps whose position lies inside {@code region} (guardrail violations), start excluded. */
    public int stepsInside(ForbiddenRegion region) {
        int n = 0;
        for (int t = 1; t < positions.length; t++) if (region.contains(positions[t][0], positions[t][1])) n++;
        return n;
    }

    /**
     * Episode {@code a} followed by {@code b}, which started where {@code a} ended, toward the same goal in the same
     * layout: positions, actions, planned energies and subgoals (b's steps shifted by a's length) in order, seconds and
     * predictor steps added, the first plan a's; distance and success are b's.
     */
    static Episode join(String planner, Episode a, Episode b) {
        WorkbenchException.require(a.layout == b.layout && Arrays.equals(a.goal, b.goal) && Arrays.equals(a.end(), b.start()),
                "Episode.join: the second episode must start where the first ended, in its layout, toward its goal");
        int n = a.actions.length;
        double[][] pos = new double[n + b.actions.length + 1][];
        System.arraycopy(a.positions, 0, pos, 0, n + 1);
        System.arraycopy(b.positions, 1, pos, n + 1, b.actions.length);
        double[][] act = new double[n + b.actions.length][];
        System.arraycopy(a.actions, 0, act, 0, n);
        System.arraycopy(b.actions, 0, act, n, b.actions.length);
        double[] e = new double[a.plannedEnergy.length + b.plannedEnergy.length];
        System.arraycopy(a.plannedEnergy, 0, e, 0, a.plannedEnergy.length);
        System.arraycopy(b.plannedEnergy, 0, e, a.plannedEnergy.length, b.plannedEnergy.length);
        List<Subgoal> sub = new ArrayList<>(a.subgoals);
        for (Subgoal g : b.subgoals) sub.add(new Subgoal(g.step() + n, g.latent()));
        return new Episode(planner, a.layout, pos, act, a.goal, b.finalDistance, b.success, a.seconds + b.seconds, e,
                a.firstPlan, a.predictorSteps + b.predictorSteps, List.copyOf(sub));
    }

    /** Start position, pixels. */
    public double[] start() {
        return positions[0];
    }

    /** Final position, pixels. */
    public double[] end() {
        return positions[positions.length - 1];
    }

    /** Whether the agent ever entered the goal's room. */
    public boolean changedRoom() {
        int goalRoom = layout.room(goal[0]);
        for (double[] p : positions) if (layout.room(p[0]) == goalRoom) return true;
        return false;
    }

    @Override
    public String toString() {
        return String.format("Episode(%s, %d steps, final distance %.2f px, %s, %.1f s)", planner, actions.length, finalDistance,
                success ? "success" : "failure", seconds);
    }
}
