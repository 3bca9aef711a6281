package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;

import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.objective.VICReg;
import org.jepa.workbench.train.Checkpoint;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.Cem;
import org.jepa.workbench.world.Controller;
import org.jepa.workbench.world.Experience;
import org.jepa.workbench.world.Mpc;
import org.jepa.workbench.world.PlannerEvaluation;
import org.jepa.workbench.world.PlanningObjective;
import org.jepa.workbench.world.OffManifold;
import org.jepa.workbench.world.TransitionErrors;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.jepa.workbench.world.TwoRoomsModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * End-to-end world model vs DINO-WM's recipe (encoder pre-trained with VICReg on frame pairs, frozen, then
 * only the predictor trained) in Two Rooms: position probe, one-step errors at walls, CEM success, and the same
 * CEM on the same episodes with the true dynamics in place of the model (the planner's ceiling).
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.WorldModelComparison [--door fixed|random] [--epochs 3] [--episodes 10]
 *     [--trajectories 15000] [--wall-rate 0] [--end-to-end-only]  [--horizon 30] [--steps 60] [--samples 200]
 *     [--frames 5] [--rollout 2] [--latent-distance] [--refit-only] [--refit-trajectories 60000] [--refit-epochs 3]
 *     [--refit-wall-rate 0.3] [--plan [mppi:]rho:terminal[,...]] [--gated] [--gru] [--conv] [--spatial C] [--latent 16] [--predictor-width 256] [--max-action 2.45] [--off-manifold 0[,W...]] [--bank 200] [--off-manifold-kind states|transitions|both] [--no-ceiling] [--episode-seed 3]
 * </pre>
 *
 * <p>{@code --plan} evaluates CEM on the same trained model under several settings: the noise correlation
 * ({@link Cem#correlation}) and the terminal weight ({@link PlanningObjective#terminal}); {@code 0:0} (the default) is
 * the lecture's planner. {@code --gated} gives the recipe the gated predictor ({@link TwoRoomsModel#gatedPredictor}).
 *
 * <p>{@code --rehearse R:E} adds R rounds after stage two: E MPC episodes (tasks of seeds 1001, 1002, …) whose plans are
 * stepped through the environment ({@link Experience}) and the predictor refit on them beside the stage-two data.
 * {@code --smoothness W} (and {@code --covariance}, {@code --variance}, {@code --inverse-dynamics}) change the recipe's weights;
 * every model prints its latent's geometry at the wall ({@link #wallGeometry}) and how its failed episodes failed.
 *
 * <p>{@code --arrive S@K[/H[/R[/G]]][,…]} plans in two phases ({@link Controller#andThen}): each {@code --plan} setting for
 * the first K steps, S for the rest (horizon H, replanning every R, guardrail weight G: by default {@code --horizon}, 4 and
 * the first phase's) — a search that gets through the door, then one that settles on the goal. {@code --move-scale PX}
 * moves the agent PX pixels per action unit (28/65 ≈ 0.43: EB-JEPA's geometry scaled as a whole, its 4.5 px radius
 * the same number of moves; episodes and horizons need about 2.3× the steps).
 *
 * <p>The variant "end-to-end + predictor refit" trains end to end, then its predictor further on the trained encoder's
 * cached latents ({@link TwoRoomsModel#refitPredictor}) and plans with the pair.
 */
public final class WorldModelComparison {
    public static void main(String[] args) {
        String door = "fixed";
        int epochs = 3, episodes = 10, trajectories = 15000;
        double wallRate = 0;
        int horizon = 30, episodeSteps = 60, samples = 200, frames = 5, rollout = 2;
        boolean latentCeiling = false;
        int refitTrajectories = 60000, refitEpochs = 3;
        double refitWallRate = 0.3;
        String plannerSettings = "0:0";
        boolean gated = false, conv = false, gru = false;
        int spatial = 0;
        int latent = 16, predictorWidth = 256;
        double maxAction = Double.NaN;
        double[] offManifold = {0};
        int bankTrajectories = 200;
        String offKind = "states";
        boolean ceilingRuns = true;
        long episodeSeed = 3;
        int rehearseRounds = 0, rehearseEpisodes = 20;
        java.nio.file.Path saveModel = null, loadModel = null;   // the trained (and rehearsed) model, to plan with again later
        double moveScale = 1;                 // pixels per action unit; 28/65 is EB-JEPA's geometry scaled as a whole
        String arrivals = null;               // --arrive SETTING@K[,…]: plan with SETTING from step K on
        String collectSetting = null;         // the planner that collects the rehearsal's plans (default: the first --plan setting)
        double smoothness = 1, covariance = -1, varianceW = -1, idm = -1;   // -1: the recipe's default
        String[] variants = {"end-to-end", "end-to-end + predictor refit", "DINO-WM (VICReg, frozen)"};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--door" -> door = args[++i];
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--trajectories" -> trajectories = Integer.parseInt(args[++i]);
                case "--wall-rate" -> wallRate = Double.parseDouble(args[++i]);
                case "--horizon" -> horizon = Integer.parseInt(args[++i]);
                case "--steps" -> episodeSteps = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--rollout" -> rollout = Integer.parseInt(args[++i]);
                case "--latent-distance" -> latentCeiling = true;
                case "--end-to-end-only" -> variants = new String[] {"end-to-end"};
                case "--refit-only" -> variants = new String[] {"end-to-end + predictor refit"};
                case "--refit-trajectories" -> refitTrajectories = Integer.parseInt(args[++i]);
                case "--refit-epochs" -> refitEpochs = Integer.parseInt(args[++i]);
                case "--refit-wall-rate" -> refitWallRate = Double.parseDouble(args[++i]);
                case "--plan" -> plannerSettings = args[++i];
                case "--gated" -> gated = true;
                case "--conv" -> conv = true;
                case "--spatial" -> spatial = Integer.parseInt(args[++i]);
                case "--gru" -> gru = true;
                case "--latent" -> latent = Integer.parseInt(args[++i]);
                case "--predictor-width" -> predictorWidth = Integer.parseInt(args[++i]);
                case "--max-action" -> maxAction = Double.parseDouble(args[++i]);
                case "--bank" -> bankTrajectories = Integer.parseInt(args[++i]);
                case "--off-manifold-kind" -> {
                    offKind = args[++i];
                    if (!List.of("states", "transitions", "both").contains(offKind))
                        throw new IllegalArgumentException("--off-manifold-kind is states, transitions or both, got " + offKind);
                }
                case "--no-ceiling" -> ceilingRuns = false;
                case "--rehearse" -> {
                    String[] re = args[++i].split(":");
                    rehearseRounds = Integer.parseInt(re[0]);
                    rehearseEpisodes = Integer.parseInt(re[1]);
                }
                case "--collect-plan" -> collectSetting = args[++i];
                case "--arrive" -> arrivals = args[++i];
                case "--move-scale" -> moveScale = Double.parseDouble(args[++i]);
                case "--save-model" -> saveModel = java.nio.file.Path.of(args[++i]);
                case "--load-model" -> loadModel = java.nio.file.Path.of(args[++i]);
                case "--smoothness" -> smoothness = Double.parseDouble(args[++i]);
                case "--covariance" -> covariance = Double.parseDouble(args[++i]);
                case "--variance" -> varianceW = Double.parseDouble(args[++i]);
                case "--inverse-dynamics" -> idm = Double.parseDouble(args[++i]);
                case "--episode-seed" -> episodeSeed = Long.parseLong(args[++i]);
                case "--off-manifold" -> offManifold = java.util.Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--ablations" -> variants = new String[] {"end-to-end", "no variance", "no inverse dynamics", "no temporal smoothness",
                        "with covariance (EB-JEPA)"};
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --door fixed|random, --epochs N, --episodes N, --trajectories N, --wall-rate R, --end-to-end-only, --refit-only, --refit-trajectories N, --refit-epochs N, --refit-wall-rate R, --ablations, --horizon H, --steps N, --samples N, --frames F, --rollout K, --latent-distance, --plan [mppi:]rho:terminal,..., --gated, --gru, --conv, --spatial C, --latent D, --predictor-width H, --max-action A, --off-manifold W[,W...], --bank N, --off-manifold-kind states|transitions|both, --no-ceiling, --episode-seed S, --rehearse ROUNDS:EPISODES, --collect-plan [mppi:]rho:terminal, --smoothness W, --covariance W, --variance W, --inverse-dynamics W, --arrive [mppi:]rho:terminal@K[/H[/R[/G]]][,...], --move-scale PX, --save-model FILE, --load-model FILE; --episodes 0 prints the latent's geometry only");
            }
        }
        List<SearchSetting> settings = SearchSetting.list(plannerSettings);      // a bad setting fails before any training
        List<Arrival> phases = new ArrayList<>();                // null: plan with one setting for the whole episode
        if (arrivals == null) phases.add(null);
        else for (String a : arrivals.split(",")) phases.add(Arrival.parse(a, horizon, episodeSteps));
        if ((saveModel != null || loadModel != null) && variants.length != 1)
            throw new IllegalArgumentException("--save-model and --load-model hold one model: add --end-to-end-only or --refit-only");
        TwoRooms env = (door.equals("random") ? TwoRooms.random(28) : TwoRooms.fixed(28)).moveScale(moveScale);
        double maxNorm = Double.isNaN(maxAction) ? env.maxAction() : maxAction;
        if (!(maxNorm > 0)) throw new IllegalArgumentException("--max-action must be > 0, got " + maxAction);
        Trajectories data = Trajectories.of(env, trajectories, frames, 1).wallRate(wallRate);
        Trajectories test = Trajectories.of(env, 300, 5, 99);
        StringColumn name = StringColumn.create("model");
        DoubleColumn seconds = DoubleColumn.create("train_s"), probeCol = DoubleColumn.create("probe_rmse_px"),
                free = DoubleColumn.create("free_step_px"), blocked = DoubleColumn.create("blocked_step_px"),
                blind = DoubleColumn.create("wall_blind_px"), rate = DoubleColumn.create("cem_success"), dist = DoubleColumn.create("final_px");
        IntColumn ok = IntColumn.create("successes"), ceiling = IntColumn.create("true_dynamics_successes");
        StringColumn verdict = StringColumn.create("verdict");
        DoubleColumn rank = DoubleColumn.create("rankMe");

        for (String variant : variants) {
            long t0 = System.nanoTime();
            Jepa world;
            if (!variant.startsWith("DINO")) {
                TwoRoomsModel recipe = switch (variant) {
                    case "no variance" -> TwoRoomsModel.of(env).variance(0);
                    case "no inverse dynamics" -> TwoRoomsModel.of(env).inverseDynamics(0);
                    case "no temporal smoothness" -> TwoRoomsModel.of(env).temporalSmoothness(0);
                    case "with covariance (EB-JEPA)" -> TwoRoomsModel.of(env).covariance(1);
                    default -> TwoRoomsModel.of(env);
                };
                recipe.latentWidth(latent).predictorWidth(predictorWidth);
                if (variant.equals("end-to-end") || variant.endsWith("refit")) {
                    recipe.temporalSmoothness(smoothness);
                    if (covariance >= 0) recipe.covariance(covariance);
                    if (varianceW >= 0) recipe.variance(varianceW);
                    if (idm >= 0) recipe.inverseDynamics(idm);
                }
                System.out.println(recipe);
                world = recipe.rolloutSteps(rollout).gatedPredictor(gated).gruPredictor(gru).convEncoder(conv).spatialLatent(spatial).build();
                if (loadModel != null) {         // the same recipe's trained weights: training and rehearsal skipped
                    Checkpoint.load(loadModel).restoreInto(world.parameters());
                    System.out.println("loaded " + loadModel + " (the recipe's options must be those it was trained with)");
                } else {
                    Trainer.builder().epochs(epochs).batchSize(64).lr(3e-3).seed(2).build().fit(world, data);
                    if (variant.endsWith("refit")) {
                        Trajectories refitData = Trajectories.of(env, refitTrajectories, frames, 7).wallRate(refitWallRate);
                        recipe.refitPredictor(world, refitData, Trainer.builder().epochs(refitEpochs).batchSize(256).lr(1e-3).seed(2).build());
                        // the planner's own plans, stepped through the real environment, added to the predictor's data
                        List<Trajectories.Trajectory> seen = new ArrayList<>();
                        SearchSetting collector = collectSetting == null ? settings.get(0) : SearchSetting.list(collectSetting).get(0);
                        PlanningObjective collectObjective = collector.objective();
                        double w = offManifold[offManifold.length - 1];
                        // the refits change the predictor only: the encoder's bank of real latents is the same every round
                        if (w > 0 && rehearseRounds > 0) collectObjective = collectObjective.guardrail(OffManifold.of(
                                world.latent(Trajectories.of(env, bankTrajectories, 5, 11).framesAndPositions(bankTrajectories)[0])).weight(w));
                        PlanningObjective co = collectObjective;
                        Jepa current = world;
                        int h = horizon;
                        double mn = maxNorm;
                        Mpc collect = Mpc.with(collector.planner(samples)).steps(episodeSteps).replanEvery(4);
                        for (int round = 1; round <= rehearseRounds; round++) {
                            long r0 = System.nanoTime();
                            Experience ex = Experience.collect(env, room -> ActionEnergy.of(current, co, h).maxNorm(mn), collect,
                                    rehearseEpisodes, 1000 + round, frames);
                            Experience all = ex.plus(seen);
                            seen.clear();
                            for (int k = 0; k < all.size(); k++) seen.add(all.get(k));
                            recipe.refitPredictor(world, all.and(refitData), Trainer.builder().epochs(refitEpochs).batchSize(256).lr(1e-3).seed(2 + round).build());
                            System.out.printf("rehearsal round %d: %s, %.0f s%n", round, all, (System.nanoTime() - r0) / 1e9);
                        }
                    }
                    if (saveModel != null) {
                        new Checkpoint(world.parameters().updates(), epochs, world.parameters().snapshot(), null, null).save(saveModel);
                        System.out.println("saved " + saveModel);
                    }
                }
            } else {
                Jepa pre = TwoRoomsModel.of(env).encoderPretraining(VICReg.defaults());
                Trainer.builder().epochs(epochs).batchSize(64).lr(3e-3).seed(2).build().fit(pre, data.framePairs());
                world = TwoRoomsModel.of(env).frozenEncoder().build();
                world.copyEncoderFrom(pre);
                Trainer.builder().epochs(epochs).batchSize(64).lr(3e-3).seed(2).build().fit(world, data);
            }
            double train = (System.nanoTime() - t0) / 1e9;
            INDArray[] fp = test.framesAndPositions(300);
            INDArray z = world.latent(fp[0]).castTo(DataType.DOUBLE), xy = fp[1].castTo(DataType.DOUBLE);
            int n = (int) z.rows(), half = n / 2;
            RegressionProbe probe = RegressionProbe.fit(z.get(NDArrayIndex.interval(0, half)), xy.get(NDArrayIndex.interval(0, half)));
            Table steps = TransitionErrors.of(world, probe, test, 300);
            System.out.println(variant + ": " + wallGeometry(world, env) + ", probe "
                    + probe.rmse(z.get(NDArrayIndex.interval(half, n)), xy.get(NDArrayIndex.interval(half, n))) + " px");
            if (episodes == 0) continue;         // the latent's geometry only
            System.out.println(variant + ", the same moves at the planner's largest norm " + maxNorm + ":\n"
                    + TransitionErrors.of(world, probe, test, 300, maxNorm).print());
            Table plan = null;
            Mpc mpc = null;
            PlannerEvaluation eval = PlannerEvaluation.of(env).episodes(episodes).seed(episodeSeed);
            // encoding the bank costs a pass over 1,000 frames: only when a guardrail weight asks for it
            List<OffManifold> banks = new ArrayList<>();
            if (java.util.Arrays.stream(offManifold).anyMatch(w -> w > 0)) {
                INDArray real = world.latent(Trajectories.of(env, bankTrajectories, 5, 11).framesAndPositions(bankTrajectories)[0]);
                if (!offKind.equals("transitions")) banks.add(OffManifold.of(real));
                if (!offKind.equals("states")) banks.add(OffManifold.ofTransitions(real, 5));
                System.out.println(variant + ": off-manifold banks " + banks);
            }
            int truth = -1;                      // -1: not run (--no-ceiling)
            for (SearchSetting setting : settings) for (int oi = 0; oi < offManifold.length; oi++) {   // the table keeps the first setting's numbers
                double offWeight = offManifold[oi];
                PlanningObjective objective = setting.objective();
                // the plausibility guardrail over latents of real frames (the true dynamics' energy has no latents: without it)
                PlanningObjective modelObjective = objective;
                if (offWeight > 0) for (OffManifold b : banks) modelObjective = modelObjective.guardrail(b.weight(offWeight));
                Mpc m = Mpc.with(setting.planner(samples)).steps(episodeSteps).replanEvery(4);
                for (int ai = 0; ai < phases.size(); ai++) {
                    Arrival arrive = phases.get(ai);
                    PlannerEvaluation.Result res;
                    if (arrive == null) res = eval.progress(true).run(ActionEnergy.of(world, modelObjective, horizon).maxNorm(maxNorm), m);
                    else {                           // two phases: this setting for the first K steps, --arrive's for the rest
                        PlanningObjective arriveObjective = arrive.search().objective();
                        double gw = arrive.guardrail() >= 0 ? arrive.guardrail() : offWeight;
                        if (gw > 0) for (OffManifold b : banks) arriveObjective = arriveObjective.guardrail(b.weight(gw));
                        ActionEnergy crossing = ActionEnergy.of(world, modelObjective, horizon).maxNorm(maxNorm),
                                arriving = ActionEnergy.of(world, arriveObjective, arrive.horizon()).maxNorm(maxNorm);
                        res = eval.progress(true).run(Controller.flat(m.steps(arrive.at()), room -> crossing).andThen(Controller.flat(
                                Mpc.with(arrive.search().planner(samples)).steps(episodeSteps - arrive.at()).replanEvery(arrive.replanEvery()),
                                room -> arriving)));
                    }
                    Table t = res.table();
                    System.out.println(failures(res));
                    int h = horizon;                 // the same planner and episodes with the environment as the model: the ceiling
                    if (oi == 0 && ai == 0 && ceilingRuns) truth = eval.run(room -> ActionEnergy.trueDynamics(room, objective, h).maxNorm(maxNorm), m).table()
                            .intColumn("successes").get(0);   // once per setting: the guardrail weight does not change it
                    System.out.printf("%s; %s%s%s: model %d/%d (final %.2f px, %.1f s per episode), true dynamics %d/%d%n",
                            variant, setting.label(), arrive == null ? "" : ", " + arrive.label(), offWeight > 0 ? ", off-manifold (" + offKind + ") weight " + offWeight : "", t.intColumn("successes").get(0), episodes,
                            t.doubleColumn("mean_final_distance").get(0), t.doubleColumn("seconds_per_episode").get(0), truth, episodes);
                    if (plan == null) {
                        plan = t;
                        mpc = m;
                        ceiling.append(truth);
                    }
                }
            }
            if (latentCeiling) {                 // true dynamics, but the learned encoder's distance as the cost
                Jepa w = world;
                int h = horizon;
                Table t = eval.progress(true).run(room -> new LatentDistanceEnergy(w, room, h, maxNorm), mpc).table();
                System.out.println("true dynamics with the learned latent's distance: " + t.intColumn("successes").get(0) + "/" + episodes
                        + ", mean final distance " + t.doubleColumn("mean_final_distance").get(0));
            }
            name.append(variant);
            org.jepa.workbench.diagnostics.CollapseReport report = org.jepa.workbench.diagnostics.Collapse.diagnose(z);
            verdict.append(report.verdict().toString());
            rank.append(report.rankMe());
            seconds.append(train);
            probeCol.append(probe.rmse(z.get(NDArrayIndex.interval(half, n)), xy.get(NDArrayIndex.interval(half, n))));
            free.append(steps.doubleColumn("model_error_px").get(0));
            blocked.append(steps.doubleColumn("model_error_px").get(1));
            blind.append(steps.doubleColumn("wall_blind_error_px").get(1));
            ok.append(plan.intColumn("successes").get(0));
            rate.append(plan.doubleColumn("success_rate").get(0));
            dist.append(plan.doubleColumn("mean_final_distance").get(0));
            System.out.println(Table.create("so far", name, seconds, verdict, rank, probeCol, free, blocked, blind, ok, ceiling, rate, dist).print());
        }
    }

    /**
     * The second phase of a two-phase plan ({@code --arrive S@K[/H[/R[/G]]]}): search S from step K on, horizon H, replanning
     * every R, guardrail weight G (-1: the first phase's).
     */
    record Arrival(SearchSetting search, int at, int horizon, int replanEvery, double guardrail) {
        static Arrival parse(String spec, int defaultHorizon, int episodeSteps) {
            String[] p = spec.split("@");
            String[] q = p.length == 2 ? p[1].split("/") : new String[0];
            if (p.length != 2 || q.length > 4) throw new IllegalArgumentException(
                    "--arrive is [mppi:]rho:terminal@K[/H[/R[/G]]][,...] (e.g. 0:0@40 or 0:0@40/10/1/0), got " + spec);
            int k = Integer.parseInt(q[0]);
            if (k < 1 || k >= episodeSteps) throw new IllegalArgumentException("--arrive's step must be in [1, " + (episodeSteps - 1)
                    + "] (--steps " + episodeSteps + "), got " + k);
            return new Arrival(SearchSetting.list(p[0]).get(0), k, q.length > 1 ? Integer.parseInt(q[1]) : defaultHorizon,
                    q.length > 2 ? Integer.parseInt(q[2]) : 4, q.length > 3 ? Double.parseDouble(q[3]) : -1);
        }

        String label() {
            return "from step " + at + " " + search.label() + " (H " + horizon + ", replan every " + replanEvery
                    + (guardrail >= 0 ? ", guardrail weight " + guardrail : "") + ")";
        }
    }

    /**
     * How far apart the latent puts two points 4 px apart on either side of the inner wall, away from the door,
     * against two points 4 px apart in one room: about 1 for a latent that is the position, well above 1 for one
     * whose distance follows the path through the door.
     */
    static String wallGeometry(Jepa world, TwoRooms env) {
        java.util.Random rng = new java.util.Random(5);
        int n = 200, w = env.frameWidth();
        float[] a = new float[n * w], b = new float[n * w], c = new float[n * w];
        TwoRooms.Layout room = env.layout(rng);
        double wx = room.wallX(), dy = room.doorY();
        int made = 0;
        while (made < n) {
            double y = room.lo() + (room.hi() - room.lo()) * rng.nextDouble();
            if (Math.abs(y - dy) < 6) continue;
            double[] p = {wx - 2.2, y}, q = {wx + 2.2, y}, r = {wx - 6.2, y};
            if (!room.free(p[0], y) || !room.free(q[0], y) || !room.free(r[0], y)) continue;
            room.render(p, a, made * w);
            room.render(q, b, made * w);
            room.render(r, c, made * w);
            made++;
        }
        INDArray za = world.latent(Nd4j.create(a, new long[] {n, w})), zb = world.latent(Nd4j.create(b, new long[] {n, w})),
                zc = world.latent(Nd4j.create(c, new long[] {n, w}));
        double across = za.sub(zb).norm2(1).meanNumber().doubleValue(), within = za.sub(zc).norm2(1).meanNumber().doubleValue();
        return String.format("latent distance 4 px across the wall %.3f, 4 px within a room %.3f, ratio %.2f", across, within, across / within);
    }

    /** How the failed episodes failed: never in the goal's room, or there and short of the goal (final distances). */
    static String failures(PlannerEvaluation.Result res) {
        StringBuilder b = new StringBuilder();
        for (var e : res.episodes().entrySet()) {
            int stuck = 0, near = 0;
            List<String> far = new ArrayList<>();
            for (org.jepa.workbench.world.Episode ep : e.getValue()) {
                if (ep.success()) continue;
                if (ep.layout().room(ep.end()[0]) != ep.layout().room(ep.goal()[0])) stuck++;
                else {
                    near++;
                    far.add(String.format("%.1f", ep.finalDistance()));
                }
            }
            b.append(e.getKey()).append(" failures: ").append(stuck).append(" end outside the goal's room, ").append(near)
                    .append(" in it, short of the goal by ").append(far).append(" px\n");
        }
        return b.toString();
    }
}
