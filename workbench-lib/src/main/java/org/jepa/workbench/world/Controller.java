package org.jepa.workbench.world;

import java.util.function.Function;
import org.jepa.workbench.WorkbenchException;

/**
 * Something that runs a planning episode in {@link TwoRooms}: a flat {@link Mpc} under an energy, or a
 * {@link HierarchicalMpc} under two. {@link PlannerEvaluation} runs every controller on the same episodes.
 *
 * <pre>{@code
 * Controller flat = Controller.flat(Mpc.with(Cem.defaults()), room -> ActionEnergy.trueDynamics(room, PlanningObjective.toGoal(), 30));
 * Episode e = flat.run(room, start, goal, 1);
 * }</pre>
 */
public interface Controller {

    /** Short name, for tables. */
    String name();

    /**
     * One episode from {@code start} toward {@code goal}; never throws for a goal it cannot reach.
     *
     * @param seed the planners' random draws
     */
    Episode run(TwoRooms.Layout room, double[] start, double[] goal, long seed);

    /** {@code mpc} under the energy {@code energyOf} gives for each episode's layout; named after its planner. */
    static Controller flat(Mpc mpc, Function<TwoRooms.Layout, ActionEnergy> energyOf) {
        return flat(mpc.planner().name(), mpc, energyOf);
    }

    /** {@link #flat(Mpc, Function)} under another name. */
    static Controller flat(String name, Mpc mpc, Function<TwoRooms.Layout, ActionEnergy> energyOf) {
        WorkbenchException.require(mpc != null && energyOf != null, "Controller.flat: mpc and energy are required");
        return new Controller() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Episode run(TwoRooms.Layout room, double[] start, double[] goal, long seed) {
                ActionEnergy e = energyOf.apply(room);
                WorkbenchException.require(e != null, "Controller: no energy for " + room);
                return mpc.run(e, room, start, goal, seed);
            }

            @Override
            public String toString() {
                return name + ": " + mpc;
            }
        };
    }
}
