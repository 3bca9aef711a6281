package org.jepa.workbench.world;

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
 */
public record Episode(String planner, TwoRooms.Layout layout, double[][] positions, double[][] actions, double[] goal,
                      double finalDistance, boolean success, double seconds, double[] plannedEnergy, Table firstPlan) {

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
