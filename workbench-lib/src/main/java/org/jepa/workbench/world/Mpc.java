package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/**
 * Model-predictive control in Two Rooms: observe, plan H actions with a {@link Planner} under an
 * {@link ActionEnergy}, execute the first few in the environment, observe the result, plan again from
 * there — so the world model's errors are corrected by what actually happened. The next plan starts
 * from the previous one shifted by the executed steps (warm start), padded with zeros.
 *
 * <p>Defaults: 100 environment steps, replan every 4 (HWM's choice; EB-JEPA replans after every step,
 * 4× the compute), warm start on.
 *
 * <pre>{@code
 * Mpc mpc = Mpc.with(Cem.defaults()).steps(100).replanEvery(4);
 * Episode e = mpc.run(energy, room, start, goal, 7);
 * }</pre>
 */
public final class Mpc {
    private final Planner planner;
    private final int steps;
    private final int replanEvery;
    private final boolean warmStart;

    private Mpc(Planner planner, int steps, int replanEvery, boolean warmStart) {
        WorkbenchException.require(planner != null, "Mpc: planner is null");
        WorkbenchException.require(steps >= 1, "Mpc: an episode needs at least 1 step, got " + steps);
        WorkbenchException.require(replanEvery >= 1, "Mpc: replanEvery must be >= 1, got " + replanEvery);
        this.planner = planner;
        this.steps = steps;
        this.replanEvery = replanEvery;
        this.warmStart = warmStart;
    }

    /** MPC with {@code planner}, 100 steps, replanning every 4, warm-started. */
    public static Mpc with(Planner planner) {
        return new Mpc(planner, 100, 4, true);
    }

    /** Copy with episodes of {@code n} environment steps. */
    public Mpc steps(int n) {
        return new Mpc(planner, n, replanEvery, warmStart);
    }

    /** Copy that executes {@code k} planned actions between plans (1 = replan after every step). */
    public Mpc replanEvery(int k) {
        return new Mpc(planner, steps, k, warmStart);
    }

    /** Copy with (true) or without warm-starting each plan from the previous one. */
    public Mpc warmStart(boolean on) {
        return new Mpc(planner, steps, replanEvery, on);
    }

    public Planner planner() {
        return planner;
    }

    public int steps() {
        return steps;
    }

    public int replanEvery() {
        return replanEvery;
    }

    /**
     * Runs one episode from {@code start} toward {@code goal} in {@code room}. Never throws for a goal it
     * cannot reach: the episode says how far it got.
     *
     * @param seed the planner's random draws
     */
    public Episode run(ActionEnergy energy, TwoRooms.Layout room, double[] start, double[] goal, long seed) {
        return run(energy, room, start, goal, seed, null);
    }

    /** What a plan of an episode was: where the agent stood and the H actions the planner chose there (clipped). */
    @FunctionalInterface
    public interface PlanListener {
        /**
         * @param step     the environment step at which the plan was made
         * @param position the agent's true position then (x, y) in pixels
         * @param actions  the plan, [H][2], each action clipped as it would be executed
         */
        void planned(int step, double[] position, double[][] actions);
    }

    /**
     * {@link #run(ActionEnergy, TwoRooms.Layout, double[], double[], long)}, telling {@code listener} (may be null) every
     * plan as it is made — e.g. to step the plans through the environment and learn where the model was wrong
     * ({@link Experience#collect}).
     */
    public Episode run(ActionEnergy energy, TwoRooms.Layout room, double[] start, double[] goal, long seed, PlanListener listener) {
        WorkbenchException.require(energy != null && room != null, "Mpc.run: energy and layout are required");
        WorkbenchException.require(energy.actionWidth() == 2, "Mpc.run: Two Rooms actions have width 2, the model's have "
                + energy.actionWidth());
        checkEndpoints(room, start, goal, "Mpc.run");
        WorkbenchException.require(replanEvery <= energy.horizon(), "Mpc.run: replanEvery (" + replanEvery
                + ") cannot exceed the planning horizon (" + energy.horizon() + ")");
        long t0 = System.nanoTime();
        Random rng = new Random(seed);
        int fw = room.env().frameWidth();
        INDArray zGoal = energy.latent(Nd4j.create(room.render(goal), 1, fw));
        double[][] pos = new double[steps + 1][];
        double[][] act = new double[steps][];
        pos[0] = start.clone();
        List<Double> energies = new ArrayList<>();
        long imagined = 0;
        Table first = null;
        double[][] guess = null;
        int h = energy.horizon();
        for (int t = 0; t < steps; ) {
            INDArray z = energy.latent(Nd4j.create(room.render(pos[t]), 1, fw));
            Plan p = planner.plan(energy, z, zGoal, warmStart ? guess : null, rng);
            if (first == null) first = p.iterations();
            imagined += p.evaluations() * energy.stepsPerCandidate();
            energies.add(p.energy());
            if (listener != null) {
                double[][] planned = new double[h][];
                for (int i = 0; i < h; i++) {
                    planned[i] = p.actions()[i].clone();
                    energy.clip(planned[i]);
                }
                listener.planned(t, pos[t].clone(), planned);
            }
            int k = execute(p.actions(), energy, room, pos, act, t, replanEvery, steps);
            t += k;
            guess = shifted(p.actions(), k, h);
        }
        double d = Math.hypot(pos[steps][0] - goal[0], pos[steps][1] - goal[1]);
        double[] e = energies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Episode(planner.name(), room, pos, act, goal.clone(), d, d < room.env().successRadius(),
                (System.nanoTime() - t0) / 1e9, e, first, imagined, List.of());
    }

    /**
     * Executes the first actions of {@code plan} from step {@code t}: at most {@code replanEvery}, never past step
     * {@code steps}; each clipped to the energy's admissible set, stored in {@code act[t]} and stepped in {@code room}
     * into {@code pos[t + 1]}. Returns how many were executed. The one place where a controller acts (flat and
     * hierarchical alike).
     */
    static int execute(double[][] plan, ActionEnergy energy, TwoRooms.Layout room, double[][] pos, double[][] act, int t,
                       int replanEvery, int steps) {
        int k = 0;
        for (; k < replanEvery && t + k < steps; k++) {
            double[] a = plan[k].clone();
            energy.clip(a);
            act[t + k] = a;
            pos[t + k + 1] = room.step(pos[t + k], a);
        }
        return k;
    }

    /** The warm start of the next plan: {@code plan} [H][A] without its first {@code k} actions, zeros after its end, [h][A]. */
    static double[][] shifted(double[][] plan, int k, int h) {
        double[][] g = new double[h][plan[0].length];
        for (int i = 0; i + k < h && i + k < plan.length; i++) g[i] = plan[i + k].clone();
        return g;
    }

    /** Start and goal must be free positions (x, y) of {@code room}: one clear error each, naming {@code who}. */
    static void checkEndpoints(TwoRooms.Layout room, double[] start, double[] goal, String who) {
        WorkbenchException.require(start != null && start.length == 2 && room.free(start[0], start[1]),
                who + ": the start must be a free position of the layout (is it inside a wall?)");
        WorkbenchException.require(goal != null && goal.length == 2 && room.free(goal[0], goal[1]),
                who + ": the goal must be a free position of the layout (is it inside a wall?)");
    }

    @Override
    public String toString() {
        return "Mpc(" + planner + ", " + steps + " steps, replan every " + replanEvery + (warmStart ? ", warm start" : "") + ")";
    }
}
