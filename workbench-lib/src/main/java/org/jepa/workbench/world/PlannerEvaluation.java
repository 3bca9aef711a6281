package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Seeds;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The planning benchmark of Two Rooms: episodes whose start and goal lie in different rooms (uniform
 * inside each, EB-JEPA's protocol; with more rooms, in the two end rooms, every door between them), each with its own wall and door, all drawn from one seed so every
 * planner faces the same episodes. Success: final distance below {@link TwoRooms#successRadius()}.
 *
 * <pre>{@code
 * PlannerEvaluation eval = PlannerEvaluation.of(env).episodes(50).seed(7);
 * PlannerEvaluation.Result r = eval.run(energy, Mpc.with(Cem.defaults()), Mpc.with(Mppi.defaults()));
 * r.table();     // planner | episodes | successes | success_rate | ci95_low | ci95_high | mean_final_distance | seconds_per_episode
 * }</pre>
 */
public final class PlannerEvaluation {
    private final TwoRooms env;
    private final int episodes;
    private final long seed;
    private final boolean progress;

    private PlannerEvaluation(TwoRooms env, int episodes, long seed, boolean progress) {
        WorkbenchException.require(env != null, "PlannerEvaluation: environment is null");
        WorkbenchException.require(episodes >= 1, "PlannerEvaluation: episodes must be >= 1, got " + episodes);
        this.env = env;
        this.episodes = episodes;
        this.seed = seed;
        this.progress = progress;
    }

    /** 50 episodes, seed 0, with a progress bar. */
    public static PlannerEvaluation of(TwoRooms env) {
        return new PlannerEvaluation(env, 50, 0, true);
    }

    public PlannerEvaluation episodes(int n) {
        return new PlannerEvaluation(env, n, seed, progress);
    }

    public PlannerEvaluation seed(long s) {
        return new PlannerEvaluation(env, episodes, s, progress);
    }

    public PlannerEvaluation progress(boolean on) {
        return new PlannerEvaluation(env, episodes, seed, on);
    }

    /** One episode's setting. */
    public record Task(TwoRooms.Layout layout, double[] start, double[] goal) {
    }

    /** The episodes' layouts, starts and goals (the same for every planner). */
    public List<Task> tasks() {
        List<Task> l = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            Random r = new Random(Seeds.of(seed, i));
            TwoRooms.Layout room = env.layout(r);
            int last = env.rooms() - 1, from = r.nextInt(2) * last;     // the two end rooms: every door lies between them
            l.add(new Task(room, room.sample(from, r), room.sample(last - from, r)));
        }
        return l;
    }

    /** Every episode, by planner (MPC) name, and the summary table. */
    public record Result(Table table, Map<String, List<Episode>> episodes) {

        /**
         * Guardrail violations per planner: episodes that entered {@code region}, the mean number of steps spent
         * inside it, and the success rate beside them.
         */
        public Table violations(ForbiddenRegion region) {
            WorkbenchException.require(region != null, "PlannerEvaluation.violations: region is null");
            StringColumn name = StringColumn.create("planner");
            IntColumn entered = IntColumn.create("episodes_entering");
            DoubleColumn inside = DoubleColumn.create("mean_steps_inside");
            DoubleColumn rate = DoubleColumn.create("success_rate");
            for (var e : episodes.entrySet()) {
                List<Episode> l = e.getValue();
                name.append(e.getKey());
                entered.append((int) l.stream().filter(x -> x.stepsInside(region) > 0).count());
                inside.append(l.stream().mapToInt(x -> x.stepsInside(region)).average().orElse(Double.NaN));
                rate.append(l.stream().filter(Episode::success).count() / (double) l.size());
            }
            return Table.create("guardrail " + region, name, entered, inside, rate);
        }
    }

    /** Runs every MPC configuration on the same episodes, under one energy (a trained model's). */
    public Result run(ActionEnergy energy, Mpc... controllers) {
        WorkbenchException.require(energy != null, "PlannerEvaluation: energy is null");
        return run(room -> energy, controllers);
    }

    /**
     * Runs every MPC configuration on the same episodes, under an energy per episode layout — the true dynamics
     * know each episode's walls: {@code eval.run(room -> ActionEnergy.trueDynamics(room, PlanningObjective.toGoal(), 30), mpc)}.
     */
    public Result run(Function<TwoRooms.Layout, ActionEnergy> energyOf, Mpc... controllers) {
        WorkbenchException.require(energyOf != null, "PlannerEvaluation: energy is null");
        WorkbenchException.require(controllers != null && controllers.length > 0, "PlannerEvaluation: give at least one Mpc");
        Controller[] c = new Controller[controllers.length];
        for (int i = 0; i < c.length; i++) c[i] = Controller.flat(controllers[i], energyOf);
        return run(c);
    }

    /** Runs every controller (flat or hierarchical) on the same episodes. */
    public Result run(Controller... controllers) {
        WorkbenchException.require(controllers != null && controllers.length > 0, "PlannerEvaluation: give at least one controller");
        List<Task> tasks = tasks();
        Map<String, List<Episode>> all = new LinkedHashMap<>();
        StringColumn name = StringColumn.create("planner");
        IntColumn n = IntColumn.create("episodes");
        IntColumn ok = IntColumn.create("successes");
        DoubleColumn rate = DoubleColumn.create("success_rate");
        DoubleColumn lo = DoubleColumn.create("ci95_low");
        DoubleColumn hi = DoubleColumn.create("ci95_high");
        DoubleColumn dist = DoubleColumn.create("mean_final_distance");
        DoubleColumn secs = DoubleColumn.create("seconds_per_episode");
        DoubleColumn compute = DoubleColumn.create("predictor_steps_per_episode");
        for (Controller ctl : controllers) {
            WorkbenchException.require(ctl != null, "PlannerEvaluation: a controller is null");
            String label = ctl.name();
            for (int k = 2; all.containsKey(label); k++) label = ctl.name() + "-" + k;
            List<Episode> list = new ArrayList<>();
            ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName(label).setInitialMax(tasks.size())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build() : null;
            try {
                for (int i = 0; i < tasks.size(); i++) {
                    Task t = tasks.get(i);
                    list.add(ctl.run(t.layout(), t.start(), t.goal(), Seeds.of(~seed, i)));
                    if (bar != null) bar.step();
                }
            } finally {
                if (bar != null) bar.close();
            }
            all.put(label, Collections.unmodifiableList(list));
            int s = (int) list.stream().filter(Episode::success).count();
            double[] ci = wilson(s, list.size());
            name.append(label);
            n.append(list.size());
            ok.append(s);
            rate.append(s / (double) list.size());
            lo.append(ci[0]);
            hi.append(ci[1]);
            dist.append(list.stream().mapToDouble(Episode::finalDistance).average().orElse(Double.NaN));
            secs.append(list.stream().mapToDouble(Episode::seconds).average().orElse(Double.NaN));
            compute.append(list.stream().mapToDouble(Episode::predictorSteps).average().orElse(Double.NaN));
        }
        Table t = Table.create("planning in " + env + ", " + episodes + " episodes (start and goal in different rooms)",
                name, n, ok, rate, lo, hi, dist, secs, compute);
        return new Result(t, Collections.unmodifiableMap(all));
    }

    /** Wilson score interval (95 %) of a success rate: honest error bars for 50 episodes. */
    static double[] wilson(int successes, int n) {
        double z = 1.959964, p = successes / (double) n;
        double den = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / den;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
