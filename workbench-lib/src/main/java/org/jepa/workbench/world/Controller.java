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
        return of(name, (room, start, goal, seed) -> mpc.run(energyFor(energyOf, room), room, start, goal, seed));
    }

    /** What runs one episode. */
    @FunctionalInterface
    interface Episodes {
        Episode run(TwoRooms.Layout room, double[] start, double[] goal, long seed);
    }

    /** A controller named {@code name} whose episodes {@code episodes} runs. */
    static Controller of(String name, Episodes episodes) {
        WorkbenchException.require(name != null && episodes != null, "Controller.of: name and episodes are required");
        return new Controller() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Episode run(TwoRooms.Layout room, double[] start, double[] goal, long seed) {
                return episodes.run(room, start, goal, seed);
            }

            @Override
            public String toString() {
                return "Controller(" + name + ")";
            }
        };
    }

    /** The energy {@code energyOf} gives for {@code room}, refused when there is none. */
    static ActionEnergy energyFor(Function<TwoRooms.Layout, ActionEnergy> energyOf, TwoRooms.Layout room) {
        ActionEnergy e = energyOf.apply(room);
        WorkbenchException.require(e != null, "Controller: no energy for " + room);
        return e;
    }
}
