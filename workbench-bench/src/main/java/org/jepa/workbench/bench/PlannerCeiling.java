package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.Cem;
import org.jepa.workbench.world.Mpc;
import org.jepa.workbench.world.Mppi;
import org.jepa.workbench.world.Planner;
import org.jepa.workbench.world.PlannerEvaluation;
import org.jepa.workbench.world.PlanningObjective;
import org.jepa.workbench.world.TwoRooms;
import tech.tablesaw.api.Table;

/**
 * The planners' ceiling in Two Rooms: CEM and MPPI under model-predictive control with the environment's true
 * dynamics as the world model ({@link ActionEnergy#trueDynamics}), on the same seeded cross-room episodes
 * (seed 3) as the learned models of {@code WorldModelComparison}. What fails here fails for the search or the
 * energy, not for a model.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.PlannerCeiling [--episodes 50] [--door fixed|random|both]
 *     [--move-scale 1] [setting ...]
 * </pre>
 * A setting is {@code planner:samples:horizon:steps:replanEvery[:iterations][:cold][:rhoR]}, e.g. {@code cem:200:30:60:4}
 * (the lecture's protocol) or {@code cem:200:30:60:4:rho0.9} (noise correlated in time, {@link Cem#correlation}); without settings a grid of CEM and MPPI at 200 and 1,000 samples runs.
 * {@code --move-scale 0.43} gives EB-JEPA's geometry exactly (moves scaled with the image: a step is a
 * smaller fraction of the door).
 */
public final class PlannerCeiling {
    record Setting(String planner, int samples, int horizon, int steps, int replanEvery, int iterations, boolean warm, double rho, double term) {
        static Setting parse(String s) {
            String[] p = s.split(":");
            if (p.length < 5) throw new IllegalArgumentException("a setting is planner:samples:horizon:steps:replanEvery[:iterations][:cold][:rhoR], got " + s);
            int iterations = 10;
            boolean warm = true;
            double rho = 0, term = 0;
            for (int i = 5; i < p.length; i++) {
                if (p[i].equals("cold")) warm = false;
                else if (p[i].startsWith("term")) term = Double.parseDouble(p[i].substring(4));
                else if (p[i].startsWith("rho")) rho = Double.parseDouble(p[i].substring(3));
                else iterations = Integer.parseInt(p[i]);
            }
            return new Setting(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]),
                    iterations, warm, rho, term);
        }

        Mpc mpc() {
            Planner pl = switch (planner) {
                case "cem" -> Cem.defaults().samples(samples).iterations(iterations).correlation(rho);
                case "mppi" -> Mppi.defaults().samples(samples).iterations(iterations).correlation(rho);
                default -> throw new IllegalArgumentException("planner must be cem or mppi, got " + planner);
            };
            return Mpc.with(pl).steps(steps).replanEvery(replanEvery).warmStart(warm);
        }

        String label() {
            return String.format("%s %d×%d, H %d, %d steps, replan every %d%s%s", planner, samples, iterations, horizon, steps, replanEvery,
                    warm ? "" : ", no warm start", rho == 0 ? "" : ", noise correlation " + rho) + (term == 0 ? "" : ", terminal " + term);
        }
    }

    public static void main(String[] args) {
        int episodes = 50;
        String doors = "both";
        double moveScale = 1;
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--door" -> doors = args[++i];
                case "--move-scale" -> moveScale = Double.parseDouble(args[++i]);
                default -> settings.add(Setting.parse(args[i]));
            }
        }
        if (settings.isEmpty()) {
            for (String s : new String[] {"cem:200:30:60:4", "cem:200:60:100:4", "mppi:200:60:100:4", "cem:1000:30:60:4",
                    "cem:1000:60:100:4", "mppi:1000:60:100:4", "cem:200:60:100:4:30"}) settings.add(Setting.parse(s));
        }
        for (String door : doors.equals("both") ? new String[] {"fixed", "random"} : new String[] {doors}) {
            TwoRooms env = (door.equals("random") ? TwoRooms.random(28) : TwoRooms.fixed(28)).moveScale(moveScale);
            PlannerEvaluation eval = PlannerEvaluation.of(env).episodes(episodes).seed(3).progress(false);
            Table all = null;
            for (Setting s : settings) {
                long t0 = System.nanoTime();
                Table t = eval.run(room -> ActionEnergy.trueDynamics(room, PlanningObjective.toGoal().terminal(s.term()), s.horizon()).maxNorm(env.maxAction()),
                        s.mpc()).table();
                t.stringColumn("planner").set(0, s.label());
                System.out.printf("%s door, %s: %d/%d (%.1f s)%n", door, s.label(), t.intColumn("successes").get(0), episodes,
                        (System.nanoTime() - t0) / 1e9);
                all = all == null ? t : all.append(t);
            }
            System.out.println(all.setName("true dynamics, " + env + ", " + episodes + " episodes (seed 3)").print());
        }
    }
}
