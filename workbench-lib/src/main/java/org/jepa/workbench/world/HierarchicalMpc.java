package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.Table;

/**
 * Hierarchical model-predictive control (LeCun 2022, hierarchical mode-2 planning; HWM, Zhang et al. 2026): two
 * planners over two energies that share one latent space. The <b>high level</b> plans M macro-actions — each the
 * mean action of k environment steps — toward the goal latent under a k-step model (best under
 * {@link PlanningObjective#ramp()}); the latent of its first macro-action that moves the agent becomes the
 * <b>subgoal</b>. The <b>low level</b> plans primitive actions toward that subgoal under the one-step model. Both
 * replan as the episode runs (the high level every {@link #highReplanEvery}, the low level every {@link #replanEvery}
 * steps); the low level is warm-started from its previous plan, the high level starts from zero every time (a
 * remembered high-level plan whose first macro-step runs into a wall is found again and again: 9/20 warm against
 * 15/20 cold in our measurements).
 *
 * <p>Final approach: when that macro-step already ends within {@link #ARRIVE} of the plan's closest later approach to
 * the goal (the plan says "get there and stay"), or when no macro-step moves the agent, the subgoal is the goal itself,
 * so the low level does not stop one macro-step short.
 *
 * <p>The high level can instead be a {@link Landmarks} graph of remembered latents ({@link #withLandmarks}): no
 * k-step model and no high-level search, the subgoal is the remembered latent about k steps along the graph's
 * shortest route to the goal.
 *
 * <pre>{@code
 * HierarchicalMpc h = HierarchicalMpc.with(Cem.defaults().samples(1000).elites(100), Cem.defaults()).macroSteps(8).steps(100);
 * ActionEnergy low = ActionEnergy.of(lowModel, PlanningObjective.toGoal(), 10).maxNorm(env.maxAction());
 * ActionEnergy high = ActionEnergy.of(highModel, PlanningObjective.toGoal().ramp(), 8).maxNorm(1.2);
 * Episode e = h.run(low, high, room, start, goal, 1);       // e.subgoals(): where the high level pointed
 * }</pre>
 */
public final class HierarchicalMpc {
    /** The first macro-step counts as arrival when it ends within this factor of the plan's closest later approach. */
    static final double ARRIVE = 1.25;
    /** A macro-step counts as a move when it changes the latent by at least this share of the distance to the goal. */
    static final double MOVED = 0.25;
    private final Planner high;
    /** The landmark graph of each maze (null for a planned high level). */
    private final Function<TwoRooms.Layout, Landmarks> landmarks;
    private final Planner low;
    private final int macroSteps;
    private final int steps;
    private final int replanEvery;
    private final int highReplanEvery;

    private HierarchicalMpc(Planner high, Function<TwoRooms.Layout, Landmarks> landmarks, Planner low, int macroSteps, int steps, int replanEvery, int highReplanEvery) {
        WorkbenchException.require((high != null || landmarks != null) && low != null, "HierarchicalMpc: both levels are required");
        WorkbenchException.require(macroSteps >= 1, "HierarchicalMpc: a macro-step spans >= 1 environment steps, got " + macroSteps);
        WorkbenchException.require(steps >= 1, "HierarchicalMpc: an episode needs at least 1 step, got " + steps);
        WorkbenchException.require(macroSteps <= steps, "HierarchicalMpc: a macro-step of " + macroSteps
                + " steps is longer than the episode (" + steps + " steps); use a shorter macro-step or a longer episode");
        WorkbenchException.require(replanEvery >= 1 && highReplanEvery >= 1, "HierarchicalMpc: replanning intervals must be >= 1");
        this.high = high;
        this.landmarks = landmarks;
        this.low = low;
        this.macroSteps = macroSteps;
        this.steps = steps;
        this.replanEvery = replanEvery;
        this.highReplanEvery = highReplanEvery;
    }

    /** High-level and low-level planners; macro-steps of 8, 200 environment steps, both levels replanning every 4. */
    public static HierarchicalMpc with(Planner high, Planner low) {
        WorkbenchException.require(high != null, "HierarchicalMpc.with: the high-level planner is null");
        return new HierarchicalMpc(high, null, low, 8, 200, 4, 4);
    }

    /**
     * A hierarchy whose high level is a {@link Landmarks} graph instead of a planner over a k-step model: its subgoal
     * is the remembered latent about k ({@link #macroSteps}) steps along the graph's shortest route to the goal, or the
     * goal itself once the route is shorter than that (or when no route leads there). Run it with
     * {@link #run(ActionEnergy, TwoRooms.Layout, double[], double[], long)}: one energy, the low level's, whose latent
     * space the graph was built in.
     */
    public static HierarchicalMpc withLandmarks(Landmarks landmarks, Planner low) {
        WorkbenchException.require(landmarks != null, "HierarchicalMpc.withLandmarks: the landmark graph is null");
        return new HierarchicalMpc(null, room -> landmarks, low, 8, 200, 4, 4);
    }

    /**
     * {@link #withLandmarks(Landmarks, Planner)} for mazes whose walls move: {@code landmarksOf} gives each episode's
     * layout its own graph (e.g. built from trajectories recorded in it, {@link Trajectories#in}), once per episode.
     */
    public static HierarchicalMpc withLandmarks(Function<TwoRooms.Layout, Landmarks> landmarksOf, Planner low) {
        WorkbenchException.require(landmarksOf != null, "HierarchicalMpc.withLandmarks: the landmark graphs are null");
        return new HierarchicalMpc(null, landmarksOf, low, 8, 200, 4, 4);
    }

    /**
     * Copy with macro-steps of {@code k} environment steps: the high-level model's time scale, or for a landmark
     * hierarchy how many steps along the route its subgoal lies.
     */
    public HierarchicalMpc macroSteps(int k) {
        return new HierarchicalMpc(high, landmarks, low, k, steps, replanEvery, highReplanEvery);
    }

    /** Copy with episodes of {@code n} environment steps. */
    public HierarchicalMpc steps(int n) {
        return new HierarchicalMpc(high, landmarks, low, macroSteps, n, replanEvery, highReplanEvery);
    }

    /** Copy whose low level executes {@code k} actions between plans. */
    public HierarchicalMpc replanEvery(int k) {
        return new HierarchicalMpc(high, landmarks, low, macroSteps, steps, k, highReplanEvery);
    }

    /** Copy whose high level sets a new subgoal every {@code k} environment steps. */
    public HierarchicalMpc highReplanEvery(int k) {
        return new HierarchicalMpc(high, landmarks, low, macroSteps, steps, replanEvery, k);
    }

    public int macroSteps() {
        return macroSteps;
    }

    public int steps() {
        return steps;
    }

    /** A {@link Controller} for {@link PlannerEvaluation}, with the two energies of each episode's layout. */
    public Controller controller(String name, Function<TwoRooms.Layout, ActionEnergy> lowOf, Function<TwoRooms.Layout, ActionEnergy> highOf) {
        WorkbenchException.require(lowOf != null && highOf != null, "HierarchicalMpc.controller: both energies are required");
        return Controller.of(name, (room, start, goal, seed) -> run(Controller.energyFor(lowOf, room),
                Controller.energyFor(highOf, room), room, start, goal, seed));
    }

    /** A {@link Controller} for a {@link #withLandmarks landmark} hierarchy, with the low level's energy of each layout. */
    public Controller controller(String name, Function<TwoRooms.Layout, ActionEnergy> lowOf) {
        WorkbenchException.require(lowOf != null, "HierarchicalMpc.controller: the low level's energy is required");
        return Controller.of(name, (room, start, goal, seed) -> run(Controller.energyFor(lowOf, room), room, start, goal, seed));
    }

    /**
     * Runs one episode. Never throws for a goal it cannot reach: the episode says how far it got.
     *
     * @param lowEnergy  the one-step energy (horizon H_low, its goal is the subgoal)
     * @param highEnergy the k-step energy over macro-actions (horizon M macro-steps) in the same latent space
     */
    public Episode run(ActionEnergy lowEnergy, ActionEnergy highEnergy, TwoRooms.Layout room, double[] start, double[] goal, long seed) {
        WorkbenchException.require(high != null, "HierarchicalMpc.run: this hierarchy's high level is a landmark graph; run it with"
                + " the low level's energy alone, run(lowEnergy, room, start, goal, seed)");
        WorkbenchException.require(lowEnergy != null && highEnergy != null && room != null, "HierarchicalMpc.run: two energies and a layout are required");
        WorkbenchException.require(lowEnergy.actionWidth() == 2 && highEnergy.actionWidth() == 2,
                "HierarchicalMpc.run: Two Rooms actions and macro-actions have width 2");
        WorkbenchException.require(lowEnergy.latentWidth() == highEnergy.latentWidth(), "HierarchicalMpc.run: the two levels must share"
                + " one latent space; the low level's latent has width " + lowEnergy.latentWidth() + ", the high level's " + highEnergy.latentWidth());
        checked(lowEnergy, room, start, goal);
        INDArray zGoalHigh = highEnergy.latent(Nd4j.create(room.render(goal), 1, room.env().frameWidth()));
        return episode(lowEnergy, room, start, goal, seed, "hierarchical " + high.name() + "/" + low.name(), (frame, z, zGoal, rng, count) -> {
            INDArray zh = highEnergy.latent(frame);
            Plan hp = high.plan(highEnergy, zh, zGoalHigh, null, rng);
            count[0] += hp.evaluations() * highEnergy.stepsPerCandidate();
            INDArray plan = Nd4j.createFromArray(new double[][][] {hp.actions()}).castTo(DataType.DOUBLE);
            return subgoal(zh, zGoalHigh, highEnergy.imagine(zh, plan), zGoal);
        });
    }

    /**
     * Runs one episode of a {@link #withLandmarks landmark} hierarchy: the route to the goal is searched once, and every
     * {@link #highReplanEvery} steps the subgoal becomes the node about k steps on from the node nearest the current
     * latent. Never throws for a goal it cannot reach: the episode says how far it got.
     *
     * @param lowEnergy the one-step energy (horizon H_low), in the latent space the graph was built in
     */
    public Episode run(ActionEnergy lowEnergy, TwoRooms.Layout room, double[] start, double[] goal, long seed) {
        WorkbenchException.require(landmarks != null, "HierarchicalMpc.run: this hierarchy's high level is a planner; run it with"
                + " both energies, run(lowEnergy, highEnergy, room, start, goal, seed)");
        WorkbenchException.require(lowEnergy != null && room != null, "HierarchicalMpc.run: the low level's energy and a layout are required");
        checked(lowEnergy, room, start, goal);
        Landmarks memory = landmarks.apply(room);
        WorkbenchException.require(memory != null, "HierarchicalMpc.run: no landmark graph for " + room);
        WorkbenchException.require(lowEnergy.latentWidth() == memory.latentWidth(), "HierarchicalMpc.run: the landmark graph's latents"
                + " have width " + memory.latentWidth() + ", the low level's " + lowEnergy.latentWidth() + "; build the graph with this energy");
        Landmarks.Route[] route = {null};
        return episode(lowEnergy, room, start, goal, seed, "hierarchical landmarks/" + low.name(), (frame, z, zGoal, rng, count) -> {
            if (route[0] == null) route[0] = memory.route(zGoal.castTo(DataType.DOUBLE).toDoubleVector());
            int from = memory.nearest(z.castTo(DataType.DOUBLE).toDoubleVector());
            int to = route[0].ahead(from, macroSteps);
            if (!route[0].reaches(from) || to == route[0].goal()) return zGoal;
            return Nd4j.createFromArray(memory.latent(to)).reshape(1, memory.latentWidth()).castTo(zGoal.dataType());
        });
    }

    /** The checks both kinds of run share. */
    private void checked(ActionEnergy lowEnergy, TwoRooms.Layout room, double[] start, double[] goal) {
        Mpc.checkEndpoints(room, start, goal, "HierarchicalMpc.run");
        WorkbenchException.require(lowEnergy.actionWidth() == 2, "HierarchicalMpc.run: Two Rooms actions have width 2");
        WorkbenchException.require(replanEvery <= lowEnergy.horizon(), "HierarchicalMpc.run: replanEvery (" + replanEvery
                + ") cannot exceed the low-level horizon (" + lowEnergy.horizon() + ")");
    }

    /**
     * Where the high level points next, from the current frame [1, F] and its low-level latent z [1, D]; adds its
     * predictor steps to {@code count[0]}.
     */
    @FunctionalInterface
    private interface HighLevel {
        INDArray subgoal(INDArray frame, INDArray z, INDArray zGoal, Random rng, long[] count);
    }

    /** The loop both kinds share: a subgoal every {@link #highReplanEvery} steps, the low level's plan every {@link #replanEvery}. */
    private Episode episode(ActionEnergy lowEnergy, TwoRooms.Layout room, double[] start, double[] goal, long seed, String name,
                            HighLevel highLevel) {
        long t0 = System.nanoTime();
        Random rng = new Random(seed);
        int fw = room.env().frameWidth();
        INDArray zGoal = lowEnergy.latent(Nd4j.create(room.render(goal), 1, fw));
        double[][] pos = new double[steps + 1][];
        double[][] act = new double[steps][];
        pos[0] = start.clone();
        List<Double> energies = new ArrayList<>();
        List<Episode.Subgoal> subgoals = new ArrayList<>();
        Table first = null;
        double[][] lowGuess = null;
        int hLow = lowEnergy.horizon(), lastHigh = 0;
        long[] imagined = {0};
        INDArray subgoal = null;
        for (int t = 0; t < steps; ) {
            INDArray frame = Nd4j.create(room.render(pos[t]), 1, fw);
            INDArray z = lowEnergy.latent(frame);
            if (subgoal == null || t - lastHigh >= highReplanEvery) {
                subgoal = highLevel.subgoal(frame, z, zGoal, rng, imagined);
                subgoals.add(new Episode.Subgoal(t, subgoal.castTo(DataType.DOUBLE).toDoubleVector()));
                lastHigh = t;
            }
            Plan p = low.plan(lowEnergy, z, subgoal, lowGuess, rng);
            if (first == null) first = p.iterations();
            imagined[0] += p.evaluations() * lowEnergy.stepsPerCandidate();
            energies.add(p.energy());
            int k = Mpc.execute(p.actions(), lowEnergy, room, pos, act, t, replanEvery, steps);
            t += k;
            lowGuess = Mpc.shifted(p.actions(), k, hLow);
        }
        double dist = Math.hypot(pos[steps][0] - goal[0], pos[steps][1] - goal[1]);
        double[] e = energies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Episode(name, room, pos, act, goal.clone(), dist, dist < room.env().successRadius(), (System.nanoTime() - t0) / 1e9,
                e, first, imagined[0], List.copyOf(subgoals));
    }

    /**
     * The subgoal a high-level plan hands down: the latent of its first macro-step that moves the agent by at least
     * {@link #MOVED} of its distance to the goal (a macro-step that pushes into a wall leaves the agent where it is,
     * and would hand the low level nothing to do), or the goal itself on the final approach — when that macro-step
     * already ends within {@link #ARRIVE} of the plan's closest later approach, or when no macro-step moves.
     *
     * @param imagined [1, M, D]
     */
    private static INDArray subgoal(INDArray z, INDArray zGoal, INDArray imagined, INDArray goalLatent) {
        double[][] zs = imagined.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] now = z.castTo(DataType.DOUBLE).toDoubleVector(), g = zGoal.castTo(DataType.DOUBLE).toDoubleVector();
        double toGoal = Landmarks.distance(now, g);
        for (int i = 0; i < zs.length; i++) {
            if (Landmarks.distance(zs[i], now) < MOVED * toGoal) continue;
            double later = Double.POSITIVE_INFINITY;
            for (int j = i + 1; j < zs.length; j++) later = Math.min(later, Landmarks.distance(zs[j], g));
            if (Landmarks.distance(zs[i], g) <= ARRIVE * later) break;
            return Nd4j.createFromArray(zs[i]).reshape(1, zs[i].length).castTo(goalLatent.dataType());
        }
        return goalLatent;
    }

    @Override
    public String toString() {
        return "HierarchicalMpc(high " + (high != null ? high : "landmarks") + ", low " + low + ", macro-steps of " + macroSteps + ", " + steps
                + " steps, replan every " + replanEvery + ", subgoal every " + highReplanEvery + ")";
    }
}
