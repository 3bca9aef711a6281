package org.jepa.workbench.world;

import java.util.List;
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
 * @param predictorSteps planning compute: imagined steps over all candidates of all plans (Σ candidates × horizon),
 *                       the unit in which flat and hierarchical planners are compared at equal compute
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
