package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Checkpoint;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoLevelModel;
import org.jepa.workbench.world.TwoRoomsModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.jepa.workbench.world.Cem;
import org.jepa.workbench.world.Controller;
import org.jepa.workbench.world.HierarchicalMpc;
import org.jepa.workbench.world.Landmarks;
import org.jepa.workbench.world.Mpc;
import org.jepa.workbench.world.OffManifold;
import org.jepa.workbench.world.PlannerEvaluation;
import org.jepa.workbench.world.PlanningObjective;
import org.jepa.workbench.world.TwoRooms;
import tech.tablesaw.api.Table;

/**
 * Flat against hierarchical planning in rooms in a row, start and goal in the two end rooms.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.HierarchyBench ceiling [--episodes 50] [--size 32] [--rooms 3]
 *     [--move-scale 1] [--steps 100] [--door fixed|random] [--flat H[:samples][:rhoR][:termW],...]
 *     [--low-rho R] [--low-term W] [--high-rho R] [--landmarks N:every:merge[:ahead]]
 * ./workbench run org.jepa.workbench.bench.HierarchyBench learned [--low-refit N:E] [--high-refit N:E]
 *     [--off-manifold W] [--off-manifold-kind states|transitions|both] [--high-off-manifold W] [--guarded-only] [--flat-only] [--high-level model|composed] [--latent-distance] [--arrive K] [--episode-seed S]
 *     [--save-models PREFIX | --load-models PREFIX] ...
 * </pre>
 * {@code ceiling}: both levels with the true dynamics (a macro-action is its mean action held k steps), so the
 * comparison is of the searches alone. {@code rhoR} / {@code --low-rho} / {@code --high-rho}: CEM noise correlated in
 * time ({@link Cem#correlation}); {@code termW} / {@code --low-term}: a terminal weight ({@link PlanningObjective#terminal}).
 * {@code --arrive K}: issue 13's two phases, each controller for K steps, then plain CEM 200, H 30 without guardrail.
 * {@code --landmarks N:every:merge[:ahead]}: a hierarchy whose high level is a {@link Landmarks} graph of N 17-frame
 * trajectories (a node every {@code every} frames, merge radius in median steps; with random doors one graph per
 * episode's maze, from trajectories recorded in it), its subgoal {@code ahead} (default k) steps along the route; in
 * {@code learned} mode it replaces the planned hierarchy.
 * {@code --save-models P} writes P-low.ckpt and P-high.ckpt; {@code --load-models P} plans with them untrained (the
 * environment and model options must be those they were trained with).
 */
public final class HierarchyBench {
    /** The command line's options, each with its default; {@link #parse} fills them. */
    static final class Options {
        String mode = "ceiling";
        double highNorm = 2.45, highWallRate = 0;
        int highSamples = 200, lowCount = 15000, lowEpochs = 3, highCount = 6000, highEpochs = 3;
        int episodes = 50, size = 32, rooms = 3, steps = 100, k = 8, m = 6, hLow = 10;
        double moveScale = 1;
        boolean random = false, highAll = false, highLast = false;
        String lowRefit = null, highRefit = null;
        java.nio.file.Path saveModels = null, loadModels = null;
        int arriveAt = -1;
        long episodeSeed = 3;
        boolean guardedOnly = false, flatOnly = false, composed = false, latentDistance = false;
        String offKind = "states";
        String landmarks = null;
        double lowRho = 0, lowTerm = 0, highRho = 0, offLow = 0, offHigh = 0;
        List<String> flatHorizons = new ArrayList<>(List.of("30", "60"));

        /** The high level's objective: the ramp, or every step alike ({@code --high-all}), or the last only. */
        PlanningObjective high() {
            return highAll ? PlanningObjective.toGoal() : highLast ? PlanningObjective.toGoal().lastStepOnly() : PlanningObjective.toGoal().ramp();
        }

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length > 0) o.mode = args[0];
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--episodes" -> o.episodes = Integer.parseInt(args[++i]);
                    case "--size" -> o.size = Integer.parseInt(args[++i]);
                    case "--rooms" -> o.rooms = Integer.parseInt(args[++i]);
                    case "--steps" -> o.steps = Integer.parseInt(args[++i]);
                    case "--move-scale" -> o.moveScale = Double.parseDouble(args[++i]);
                    case "--door" -> o.random = args[++i].equals("random");
                    case "--high-all" -> o.highAll = true;
                    case "--high-last" -> o.highLast = true;
                    case "--low-data" -> o.lowCount = Integer.parseInt(args[++i]);
                    case "--low-epochs" -> o.lowEpochs = Integer.parseInt(args[++i]);
                    case "--high-data" -> o.highCount = Integer.parseInt(args[++i]);
                    case "--high-epochs" -> o.highEpochs = Integer.parseInt(args[++i]);
                    case "--high-wall-rate" -> o.highWallRate = Double.parseDouble(args[++i]);
                    case "--low-refit" -> o.lowRefit = args[++i];
                    case "--high-refit" -> o.highRefit = args[++i];
                    case "--high-norm" -> o.highNorm = Double.parseDouble(args[++i]);
                    case "--high-samples" -> o.highSamples = Integer.parseInt(args[++i]);
                    case "--k" -> o.k = Integer.parseInt(args[++i]);
                    case "--m" -> o.m = Integer.parseInt(args[++i]);
                    case "--h-low" -> o.hLow = Integer.parseInt(args[++i]);
                    case "--low-rho" -> o.lowRho = Double.parseDouble(args[++i]);
                    case "--low-term" -> o.lowTerm = Double.parseDouble(args[++i]);
                    case "--high-rho" -> o.highRho = Double.parseDouble(args[++i]);
                    case "--off-manifold" -> o.offLow = Double.parseDouble(args[++i]);
                    case "--high-off-manifold" -> o.offHigh = Double.parseDouble(args[++i]);
                    case "--save-models" -> o.saveModels = java.nio.file.Path.of(args[++i]);
                    case "--load-models" -> o.loadModels = java.nio.file.Path.of(args[++i]);
                    case "--episode-seed" -> o.episodeSeed = Long.parseLong(args[++i]);
                    case "--guarded-only" -> o.guardedOnly = true;
                    case "--flat-only" -> o.flatOnly = true;
                    case "--latent-distance" -> o.latentDistance = true;
                    case "--off-manifold-kind" -> {
                        o.offKind = args[++i];
                        if (!List.of("states", "transitions", "both").contains(o.offKind))
                            throw new IllegalArgumentException("--off-manifold-kind takes states|transitions|both, got " + o.offKind);
                    }
                    case "--high-level" -> {
                        String h = args[++i];
                        if (!h.equals("model") && !h.equals("composed")) throw new IllegalArgumentException("--high-level takes model|composed, got " + h);
                        o.composed = h.equals("composed");
                    }
                    case "--landmarks" -> o.landmarks = args[++i];
                    case "--arrive" -> o.arriveAt = Integer.parseInt(args[++i]);
                    case "--flat" -> {
                        o.flatHorizons.clear();
                        String f = args[++i];
                        if (!f.equals("none")) o.flatHorizons.addAll(List.of(f.split(",")));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        String mode = o.mode;
        int episodes = o.episodes, steps = o.steps, k = o.k, m = o.m, hLow = o.hLow, highSamples = o.highSamples, arriveAt = o.arriveAt;
        double lowRho = o.lowRho, lowTerm = o.lowTerm, highRho = o.highRho;
        List<String> flatHorizons = o.flatHorizons;
        PlanningObjective high = o.high();
        TwoRooms env = (o.random ? TwoRooms.random(o.size) : TwoRooms.fixed(o.size)).rooms(o.rooms).moveScale(o.moveScale);
        PlannerEvaluation eval = PlannerEvaluation.of(env).episodes(episodes).seed(o.episodeSeed).progress(false);
        System.out.println(env + ", " + eval.tasks().get(0).layout());
        if (mode.equals("trace")) {
            int kk = k, mm = m, hl = hLow;
            for (int i = 0; i < Math.min(episodes, 12); i++) {
                PlannerEvaluation.Task t = eval.tasks().get(i);
                var e = HierarchicalMpc.with(Cem.defaults().samples(highSamples).elites(highSamples / 10), Cem.defaults()).macroSteps(k).steps(steps).run(
                        ActionEnergy.trueDynamics(t.layout(), PlanningObjective.toGoal(), hl).maxNorm(env.maxAction()),
                        ActionEnergy.trueDynamics(t.layout(), high, mm, kk).maxNorm(env.maxAction()), t.layout(), t.start(), t.goal(), i);
                System.out.println(e + " goal " + java.util.Arrays.toString(t.goal()));
                {
                    ActionEnergy he = ActionEnergy.trueDynamics(t.layout(), high, mm, kk).maxNorm(env.maxAction());
                    var zz = he.latent(org.nd4j.linalg.factory.Nd4j.create(t.layout().render(e.end()), 1, env.frameWidth()));
                    var zg = he.latent(org.nd4j.linalg.factory.Nd4j.create(t.layout().render(t.goal()), 1, env.frameWidth()));
                    var hp = Cem.defaults().plan(he, zz, zg, null, new java.util.Random(5));
                    System.out.println("  replan at end: E " + hp.energy() + " z " + zz + " goal " + zg + " plan " + java.util.Arrays.deepToString(hp.actions()));
                    var arr = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][][] {hp.actions()});
                    System.out.println("  steps " + he.stepDistances(zz, zg, arr) + " imagine " + he.imagine(zz, arr));
                }
                for (var sg : e.subgoals()) {
                    double[] p = e.positions()[sg.step()];
                    System.out.printf("  t %3d at (%.1f, %.1f) subgoal (%.1f, %.1f)%n", sg.step(), p[0], p[1], sg.latent()[0], sg.latent()[1]);
                }
            }
            return;
        }
        if (mode.equals("learned")) {
            if (arriveAt >= steps) throw new IllegalArgumentException("--arrive K must be below --steps (" + steps + "), got " + arriveAt);
            learned(env, eval, o);
            return;
        }
        if (!mode.equals("ceiling")) throw new IllegalArgumentException("mode must be ceiling, got " + mode);
        List<Controller> controllers = new ArrayList<>();
        for (String f : flatHorizons) {
            FlatSpec spec = FlatSpec.parse(f);
            PlanningObjective objective = PlanningObjective.toGoal().terminal(spec.term());
            controllers.add(Controller.flat(spec.label(), spec.mpc(steps), room -> ActionEnergy.trueDynamics(room, objective, spec.h()).maxNorm(env.maxAction())));
        }
        int kk = k, mm = m, hl = hLow;
        PlanningObjective low = PlanningObjective.toGoal().terminal(lowTerm);
        controllers.add(HierarchicalMpc.with(Cem.defaults().samples(highSamples).elites(highSamples / 10).correlation(highRho),
                        Cem.defaults().correlation(lowRho)).macroSteps(k).steps(steps)
                .controller("hierarchical cem " + highSamples + " M " + m + " × k " + k + ", H_low " + hLow
                                + (highRho == 0 ? "" : ", high ρ " + highRho) + (lowRho == 0 ? "" : ", low ρ " + lowRho)
                                + (lowTerm == 0 ? "" : ", low terminal " + lowTerm),
                        room -> ActionEnergy.trueDynamics(room, low, hl).maxNorm(env.maxAction()),
                        room -> ActionEnergy.trueDynamics(room, high, mm, kk).maxNorm(env.maxAction())));
        if (o.landmarks != null) {
            var memory = landmarks(room -> ActionEnergy.trueDynamics(room, low, hl).maxNorm(env.maxAction()), env, o.landmarks);
            controllers.add(HierarchicalMpc.withLandmarks(memory, Cem.defaults().correlation(lowRho)).macroSteps(ahead(o.landmarks, k)).steps(steps)
                    .controller("hierarchical landmarks " + o.landmarks + ", ahead " + ahead(o.landmarks, k) + ", H_low " + hLow
                                    + (lowRho == 0 ? "" : ", low ρ " + lowRho) + (lowTerm == 0 ? "" : ", low terminal " + lowTerm),
                            room -> ActionEnergy.trueDynamics(room, low, hl).maxNorm(env.maxAction())));
        }
        report(eval, controllers);
    }

    static void learned(TwoRooms env, PlannerEvaluation eval, Options o) {
        int steps = o.steps, k = o.k, m = o.m, hLow = o.hLow, highSamples = o.highSamples, arriveAt = o.arriveAt;
        int lowCount = o.lowCount, lowEpochs = o.lowEpochs, highCount = o.highCount, highEpochs = o.highEpochs;
        double highNorm = o.highNorm, highWallRate = o.highWallRate, offLow = o.offLow, offHigh = o.offHigh, lowRho = o.lowRho, lowTerm = o.lowTerm;
        String lowRefit = o.lowRefit, highRefit = o.highRefit, offKind = o.offKind;
        java.nio.file.Path save = o.saveModels, load = o.loadModels;
        boolean guardedOnly = o.guardedOnly, flatOnly = o.flatOnly, composed = o.composed, latentDistance = o.latentDistance;
        PlanningObjective high = o.high();
        List<String> flat = o.flatHorizons;
        TwoLevelModel two = TwoLevelModel.of(env).macroSteps(k);
        long t0 = System.nanoTime();
        Jepa low = two.low();
        Jepa hi;
        if (load != null) {                        // both levels' weights from --save-models: training skipped
            Checkpoint.load(models(load, "low")).restoreInto(low.parameters());
            hi = two.high(low);
            Checkpoint.load(models(load, "high")).restoreInto(hi.parameters());
            System.out.println("loaded " + models(load, "low") + " and " + models(load, "high") + " (the options must be those they were trained with)");
        } else {
            Trainer.builder().epochs(lowEpochs).batchSize(64).lr(3e-3).seed(2).progress(false).build().fit(low, Trajectories.of(env, lowCount, 5, 1));
            if (lowRefit != null) {                    // second stage: the low predictor on cached latents (count:epochs)
                String[] p = lowRefit.split(":");
                TwoRoomsModel.of(env).refitPredictor(low, Trajectories.of(env, Integer.parseInt(p[0]), 5, 7).wallRate(0.3),
                        Trainer.builder().epochs(Integer.parseInt(p[1])).batchSize(256).lr(1e-3).seed(2).progress(false).build());
            }
            hi = two.high(low);
            if (highRefit == null) {
                Trainer.builder().epochs(highEpochs).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                        .fit(hi, Trajectories.of(env, highCount, 2 * k + 1, 2).wallRate(highWallRate).macro(k));
            } else {                                   // the high predictor on cached latents only (count:epochs)
                String[] p = highRefit.split(":");
                TwoRoomsModel.of(env).frozenEncoder().refitPredictor(hi, Trajectories.of(env, Integer.parseInt(p[0]), 2 * k + 1, 2)
                        .wallRate(highWallRate).macro(k), Trainer.builder().epochs(Integer.parseInt(p[1])).batchSize(256).lr(1e-3).seed(2).progress(false).build());
            }
            if (save != null) {
                new Checkpoint(low.parameters().updates(), lowEpochs, low.parameters().snapshot(), null, null).save(models(save, "low"));
                new Checkpoint(hi.parameters().updates(), highEpochs, hi.parameters().snapshot(), null, null).save(models(save, "high"));
                System.out.println("saved " + models(save, "low") + " and " + models(save, "high"));
            }
        }
        double tTrain = (System.nanoTime() - t0) / 1e9;
        INDArray[] held = Trajectories.of(env, 300, 5, 99).framesAndPositions(300);
        INDArray z = low.latent(held[0]).castTo(DataType.DOUBLE);
        RegressionProbe probe = RegressionProbe.fit(z, held[1].castTo(DataType.DOUBLE));
        System.out.printf("low (%d × %d) and high (%d × %d) ready in %.0f s; probe RMSE %.3f px%n", lowCount, lowEpochs,
                highCount, highEpochs, tTrain, probe.rmse(z, held[1].castTo(DataType.DOUBLE)));
        System.out.println(TwoLevelModel.kStepErrors(low, hi, Trajectories.of(env, 500, k + 1, 98), k, probe).print());
        // the plausibility guardrail (issue 13's OffManifold) over latents of real frames of this environment; with a
        // weight given, the unguarded controllers run first on the same episodes, then the guarded ones
        OffManifold bank = null, pairs = null;
        List<double[]> guards = new ArrayList<>();
        guards.add(new double[] {0, 0});
        if (offLow > 0 || offHigh > 0) {
            INDArray real = low.latent(Trajectories.of(env, 200, 5, 11).framesAndPositions(200)[0]);
            bank = OffManifold.of(real);
            // the transitions bank (pairs of consecutive real latents) judges one-step moves: the low level's only
            if (!offKind.equals("states")) pairs = OffManifold.ofTransitions(real, 5);
            System.out.println("off-manifold bank " + bank + (pairs == null ? "" : ", " + pairs));
            guards.add(new double[] {offLow, offHigh});
            if (guardedOnly) guards.remove(0);      // --guarded-only: the unguarded controllers' numbers are already known
        }
        List<Controller> controllers = new ArrayList<>();
        if (latentDistance) {                       // the true dynamics stepping, the learned encoder's distance as the cost
            for (String f : flat) {
                FlatSpec spec = FlatSpec.parse(f);
                controllers.add(Controller.flat(spec.label() + ", true dynamics, learned latent distance", spec.mpc(steps),
                        room -> new LatentDistanceEnergy(low, room, spec.h(), env.maxAction(), spec.term())));
            }
            report(eval, controllers);
            return;
        }
        // issue 13's two phases: from step K on, plain CEM 200, H 30 on the sum of distances, without guardrail
        ActionEnergy arrive = ActionEnergy.of(low, PlanningObjective.toGoal(), 30).maxNorm(env.maxAction());
        for (double[] g : guards) {
            PlanningObjective lowObjective = PlanningObjective.toGoal();
            if (g[0] > 0 && !offKind.equals("transitions")) lowObjective = lowObjective.guardrail(bank.weight(g[0]));
            if (g[0] > 0 && pairs != null) lowObjective = lowObjective.guardrail(pairs.weight(g[0]));
            PlanningObjective highObjective = g[1] > 0 ? high.guardrail(bank.weight(g[1])) : high;
            String tag = g[0] > 0 || g[1] > 0 ? ", off-manifold " + (offKind.equals("states") ? "" : offKind + " ") + g[0] + "/" + g[1] : "";
            for (String f : flat) {
                FlatSpec spec = FlatSpec.parse(f);
                ActionEnergy e = ActionEnergy.of(low, lowObjective.terminal(spec.term()), spec.h()).maxNorm(env.maxAction());
                controllers.add(arriving(Controller.flat(spec.label() + tag, spec.mpc(arriveAt > 0 ? arriveAt : steps), room -> e), arrive, steps, arriveAt));
            }
            if (flatOnly) continue;
            ActionEnergy le = ActionEnergy.of(low, lowObjective.terminal(lowTerm), hLow).maxNorm(env.maxAction());
            if (o.landmarks != null) {             // the high level a graph of remembered latents instead of a planner
                var memory = landmarks(room -> le, env, o.landmarks);
                controllers.add(arriving(HierarchicalMpc.withLandmarks(memory, Cem.defaults().correlation(lowRho)).macroSteps(ahead(o.landmarks, k))
                        .steps(arriveAt > 0 ? arriveAt : steps).controller("hierarchical landmarks " + o.landmarks + ", ahead " + ahead(o.landmarks, k) + ", H_low " + hLow
                                + (lowRho == 0 ? "" : ", low ρ " + lowRho) + (lowTerm == 0 ? "" : ", low terminal " + lowTerm) + tag, room -> le),
                        arrive, steps, arriveAt));
                continue;
            }
            // the high level: the trained k-step model (its macro-action the mean action, |ā| ≤ highNorm), or the low
            // model composed k times with the action held (|a| ≤ the environment's largest action)
            ActionEnergy he = composed ? ActionEnergy.of(low, highObjective, m, k).maxNorm(env.maxAction()) : ActionEnergy.of(hi, highObjective, m).maxNorm(highNorm);
            controllers.add(arriving(HierarchicalMpc.with(Cem.defaults().samples(highSamples).elites(highSamples / 10), Cem.defaults().correlation(lowRho))
                    .macroSteps(k).steps(arriveAt > 0 ? arriveAt : steps)
                    .controller("hierarchical cem " + highSamples + " M " + m + " × k " + k + ", H_low " + hLow + (composed ? ", high = low composed" : ", |ā| ≤ " + highNorm)
                                    + (lowRho == 0 ? "" : ", low ρ " + lowRho) + (lowTerm == 0 ? "" : ", low terminal " + lowTerm) + tag,
                            room -> le, room -> he), arrive, steps, arriveAt));
        }
        report(eval, controllers);
    }

    /** {@code first} alone, or {@code first} for K steps then plain CEM on {@code arrive} for the rest. */
    static Controller arriving(Controller first, ActionEnergy arrive, int steps, int at) {
        if (at <= 0) return first;
        return first.andThen(Controller.flat(Mpc.with(Cem.defaults()).steps(steps - at).replanEvery(4), room -> arrive));
    }

    /**
     * The landmark graph of {@code spec} = trajectories:every:merge[:ahead] (17-frame trajectories, seed 21) in the
     * latent space of the energy {@code energyOf} gives a maze: one graph for fixed doors; with random doors one per episode's maze, from
     * trajectories recorded in it ({@link Trajectories#in}), built when the episode starts.
     */
    static java.util.function.Function<TwoRooms.Layout, Landmarks> landmarks(java.util.function.Function<TwoRooms.Layout, ActionEnergy> energyOf,
                                                                          TwoRooms env, String spec) {
        String[] p = spec.split(":");
        if (p.length != 3 && p.length != 4) throw new IllegalArgumentException("--landmarks takes trajectories:every:merge[:ahead], got " + spec);
        int n = Integer.parseInt(p[0]), every = Integer.parseInt(p[1]);
        double merge = Double.parseDouble(p[2]);
        if (!env.isFixed()) return room -> Landmarks.of(energyOf.apply(room), Trajectories.of(env, n, 17, 21).in(room), every, merge);
        long t0 = System.nanoTime();
        Landmarks memory = Landmarks.of(energyOf.apply(env.layout(new java.util.Random(0))), Trajectories.of(env, n, 17, 21), every, merge);
        System.out.printf("%s, built in %.1f s%n", memory, (System.nanoTime() - t0) / 1e9);
        return room -> memory;
    }

    /** The subgoal's distance along the route: the spec's fourth field, or k. */
    static int ahead(String spec, int k) {
        String[] p = spec.split(":");
        return p.length == 4 ? Integer.parseInt(p[3]) : k;
    }

    static java.nio.file.Path models(java.nio.file.Path prefix, String level) {
        return prefix.resolveSibling(prefix.getFileName() + "-" + level + ".ckpt");
    }

    /** A flat planner's setting, {@code H[:samples][:rhoR][:termW]}. */
    record FlatSpec(int h, int samples, double rho, double term) {
        static FlatSpec parse(String f) {
            String[] p = f.split(":");
            int h = Integer.parseInt(p[0]), fs = p.length > 1 ? Integer.parseInt(p[1]) : 200;
            double rho = 0, term = 0;
            for (int i = 2; i < p.length; i++) {
                if (p[i].startsWith("rho")) rho = Double.parseDouble(p[i].substring(3));
                else if (p[i].startsWith("term")) term = Double.parseDouble(p[i].substring(4));
                else throw new IllegalArgumentException("--flat takes H[:samples][:rhoR][:termW], got " + f);
            }
            return new FlatSpec(h, fs, rho, term);
        }

        String label() {
            return "flat cem " + samples + ", H " + h + (rho == 0 ? "" : ", ρ " + rho) + (term == 0 ? "" : ", terminal " + term);
        }

        Mpc mpc(int steps) {
            return Mpc.with(Cem.defaults().samples(samples).elites(samples / 10).correlation(rho)).steps(steps).replanEvery(4);
        }
    }

    /** Runs each controller on the evaluation's episodes and prints one line per controller. */
    static void report(PlannerEvaluation eval, List<Controller> controllers) {
        for (Controller c : controllers) {
            long t0 = System.nanoTime();
            PlannerEvaluation.Result res = eval.run(c);
            Table t = res.table();
            System.out.printf("%-45s %3d/%d  final %.2f px  %.2f s/episode  %.0f predictor steps/episode  (%.0f s)%n", c.name(),
                    t.intColumn("successes").get(0), t.intColumn("episodes").get(0), t.doubleColumn("mean_final_distance").get(0),
                    t.doubleColumn("seconds_per_episode").get(0), t.doubleColumn("predictor_steps_per_episode").get(0), (System.nanoTime() - t0) / 1e9);
            System.out.print("  " + WorldModelComparison.failures(res));
            int[] endRooms = new int[8];           // the room (0: the leftmost) where each failed episode ended
            for (var list : res.episodes().values()) for (var ep : list) if (!ep.success()) endRooms[Math.min(7, ep.layout().room(ep.end()[0]))]++;
            System.out.println("  failed episodes by the room they ended in, left to right: " + java.util.Arrays.toString(endRooms));
        }
    }
}
