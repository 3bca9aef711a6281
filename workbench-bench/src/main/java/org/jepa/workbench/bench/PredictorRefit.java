package org.jepa.workbench.bench;

import java.util.List;

import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.Mpc;
import org.jepa.workbench.world.PlannerEvaluation;
import org.jepa.workbench.world.TransitionErrors;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.jepa.workbench.world.TwoRoomsModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.Table;

/**
 * The second training stage step by step (fixed door, lecture 04's stage one): the end-to-end world model, then a
 * predictor trained on its encoder's cached latents ({@link TwoRoomsModel#onLatents}, {@link Jepa#latents}) for
 * {@code ROUNDS} rounds of {@code epochs} epochs (round r with trainer seed SEED + r − 1), each round's predictor put
 * beside the encoder and judged by the one-step errors at walls and CEM under MPC (H 30, 60 steps, replan every 4).
 *
 * <pre>
 * [ROUNDS=1] [SEED=2] [COLD=1] [BEFORE=1] [FRAMES=5] [ROLLOUT=2] [PLAN=rho:terminal,...] ./workbench run org.jepa.workbench.bench.PredictorRefit [trajectories 60000] [epochs 3] [wall rate 0.3] [episodes 20]
 * </pre>
 * Stage two starts from the stage-one predictor, as {@link TwoRoomsModel#refitPredictor} does; COLD=1 starts from a fresh
 * one instead. BEFORE=1 also plans with the stage-one model. FRAMES and ROLLOUT set stage two's trajectory length and
 * training rollout (stage one keeps 5 and 2); PLAN lists CEM settings (noise correlation : terminal weight) to plan with.
 */
public final class PredictorRefit {
    public static void main(String[] args) {
        int count = Integer.parseInt(args.length > 0 ? args[0] : "60000");
        int epochs = Integer.parseInt(args.length > 1 ? args[1] : "3");
        double wallRate = Double.parseDouble(args.length > 2 ? args[2] : "0.3");
        int episodes = Integer.parseInt(args.length > 3 ? args[3] : "20");
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "1"));
        long seed = Long.parseLong(System.getenv().getOrDefault("SEED", "2"));
        List<SearchSetting> plans = SearchSetting.list(System.getenv().getOrDefault("PLAN", "0:0"));   // fails before training
        TwoRooms env = TwoRooms.fixed(28);
        TwoRoomsModel recipe = TwoRoomsModel.of(env);
        Trajectories test = Trajectories.of(env, 300, 5, 99);
        long t0 = System.nanoTime();
        Jepa world = recipe.build();
        Trainer.builder().epochs(3).batchSize(64).lr(3e-3).seed(2).build().fit(world, Trajectories.of(env, 15000, 5, 1));
        System.out.printf("stage one trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        INDArray[] fp = test.framesAndPositions(300);
        INDArray z = world.latent(fp[0]).castTo(DataType.DOUBLE), xy = fp[1].castTo(DataType.DOUBLE);
        RegressionProbe probe = RegressionProbe.fit(z.get(NDArrayIndex.interval(0, z.rows() / 2)), xy.get(NDArrayIndex.interval(0, z.rows() / 2)));
        if (System.getenv("BEFORE") != null) report("stage one", world, probe, test, env, episodes, plans);

        t0 = System.nanoTime();
        int frames = Integer.parseInt(System.getenv().getOrDefault("FRAMES", "5"));
        Sequences latents = world.latents(Trajectories.of(env, count, frames, 7).wallRate(wallRate));
        System.out.printf("encoded %d trajectories in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
        Jepa onLatents = recipe.copy().rolloutSteps(Integer.parseInt(System.getenv().getOrDefault("ROLLOUT", "2"))).onLatents();
        if (System.getenv("COLD") == null) onLatents.copyPredictorFrom(world);     // as refitPredictor: from stage one's predictor
        for (int r = 1; r <= rounds; r++) {
            t0 = System.nanoTime();
            Trainer.builder().epochs(epochs).batchSize(256).lr(1e-3).seed(seed + r - 1).build().fit(onLatents, latents);
            System.out.printf("stage two, round %d: %d epochs in %.1f s%n", r, epochs, (System.nanoTime() - t0) / 1e9);
            world.copyPredictorFrom(onLatents);
            report("stage one + stage two, " + r * epochs + " epochs", world, probe, test, env, episodes, plans);
        }
    }

    static void report(String what, Jepa world, RegressionProbe probe, Trajectories test, TwoRooms env, int episodes,
                       List<SearchSetting> plans) {
        System.out.println(TransitionErrors.of(world, probe, test, 300).setName(what).print());
        long t0 = System.nanoTime();
        for (SearchSetting setting : plans) {
            ActionEnergy energy = ActionEnergy.of(world, setting.objective(), 30).maxNorm(env.maxAction());
            Mpc mpc = Mpc.with(setting.planner(200)).steps(60).replanEvery(4);
            Table plan = PlannerEvaluation.of(env).episodes(episodes).seed(3).progress(false).run(energy, mpc).table();
            System.out.println(plan.setName(what + "; " + setting.label()).print());
        }
        System.out.printf("planning %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
