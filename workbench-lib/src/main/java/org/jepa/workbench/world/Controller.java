package org.jepa.workbench.world;

import java.util.function.Function;
import org.jepa.workbench.data.Seeds;
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

    /**
     * This controller's episode, then {@code next}'s from where it ended, as one episode: a plan in phases, e.g. a
     * search that gets through the door (correlated noise, a terminal weight) for the first steps and one that
     * settles on the goal (every imagined step's distance) for the rest. Each phase is as long as its controller's
     * episodes ({@link Mpc#steps}); the second plans afresh (no warm start across the switch) with its own draws.
     *
     * <pre>{@code
     * Controller cross = Controller.flat(Mpc.with(Cem.defaults().correlation(0.8)).steps(40), room -> energyWithTerminal);
     * Controller arrive = Controller.flat(Mpc.with(Cem.defaults()).steps(20), room -> energy);
     * Episode e = cross.andThen(arrive).run(room, start, goal, 1);     // 60 steps
     * }</pre>
     */
    default Controller andThen(Controller next) {
        WorkbenchException.require(next != null, "Controller.andThen: the next controller is null");
        Controller first = this;
        String name = name() + " then " + next.name();
        return of(name, (room, start, goal, seed) -> {
            Episode a = first.run(room, start, goal, seed);
            Episode b = next.run(room, a.end().clone(), goal, Seeds.of(seed, 1));
            return Episode.join(name, a, b);
        });
    }

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
