package org.jepa.workbench.bench;

import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.jepa.workbench.video.BallWorld;
import org.jepa.workbench.video.IntuitivePhysics;
import org.jepa.workbench.video.PhysicsClips;
import org.jepa.workbench.video.VideoModel;
import org.jepa.workbench.video.ViolationPairs;

/**
 * The intuitive-physics experiment from the command line, at a chosen scale: trains the video JEPA, the
 * pixel predictor and the random-encoder baseline on the same clips, then scores them on the
 * violation-of-expectation pairs.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.VideoBench [clips=4000] [epochs=2] [pairs=100] [seed=1] [tubelet frames=2] [models=jpr] [rollout steps=2] [per-frame latent=0] [covariance=1] [occlusions=0] [next-frame predictor=false] [prediction weight=16] [memory=0] [window tubelets=max(4, rollout steps + 2)] [held-out test seed]
 * </pre>
 */
public final class VideoBench {
    private VideoBench() {
    }

    /**
     * Object permanence split by how long the ball was fully hidden before the clips differ: a model whose
     * context is longer than the occlusion can know the ball is there; one whose context is shorter cannot.
     */
    static void permanenceByOcclusion(ViolationPairs test, IntuitivePhysics.Result r) {
        if (!test.types().contains(org.jepa.workbench.video.Violation.PERMANENCE)) return;
        java.util.List<ViolationPairs.Pair> ps = test.pairs(org.jepa.workbench.video.Violation.PERMANENCE);
        BallWorld w = test.world();
        for (String m : r.models()) for (org.jepa.workbench.video.Surprise.Score score : org.jepa.workbench.video.Surprise.Score.values()) {
            double[][] ab = r.pairScores(m, org.jepa.workbench.video.Violation.PERMANENCE, score);
            int[] n = new int[4];
            double[] wins = new double[4];
            for (int i = 0; i < ps.size(); i++) {
                ViolationPairs.Pair p = ps.get(i);
                int hidden = 0;
                for (int t = 0; t < p.eventFrame(); t++) if (w.hidden(p.possible().scene(), p.possible().balls()[t])) hidden++;
                int bucket = hidden <= 2 ? 0 : hidden <= 4 ? 1 : hidden <= 6 ? 2 : 3;
                double sa = ab[0][i], sb = ab[1][i];
                n[bucket]++;
                wins[bucket] += sb > sa ? 1 : sb == sa ? 0.5 : 0;
            }
            System.out.printf("%s permanence (%s) by frames hidden before the event: <=2: %.2f (%d), 3-4: %.2f (%d), 5-6: %.2f (%d), 7+: %.2f (%d)%n", m, score,
                    wins[0] / Math.max(1, n[0]), n[0], wins[1] / Math.max(1, n[1]), n[1], wins[2] / Math.max(1, n[2]), n[2],
                    wins[3] / Math.max(1, n[3]), n[3]);
        }
    }

    /** The fraction of the first n clips in which the ball passes behind the occluder ({@link BallWorld#passesBehind}). */
    static double occludedFraction(PhysicsClips data, int n) {
        java.util.List<BallWorld.Clip> clips = data.clips(Math.min(n, data.size()));
        return clips.stream().filter(data.world()::passesBehind).count() / (double) clips.size();
    }

    public static void main(String[] args) {
        int clips = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int c = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String which = args.length > 5 ? args[5] : "jpr";
        BallWorld world = BallWorld.defaults();
        double occlusions = args.length > 9 ? Double.parseDouble(args[9]) : 0;
        int memory = args.length > 12 ? Integer.parseInt(args[12]) : 0;
        int window = args.length > 13 ? Integer.parseInt(args[13]) : Math.max(4, (args.length > 6 ? Integer.parseInt(args[6]) : 2) + 2);
        PhysicsClips data = PhysicsClips.of(world, clips, seed).tubeletFrames(c).window(window).occlusions(occlusions);
        System.out.printf("%s: %.3f of the first 2,000 clips show the ball passing behind the occluder%n", data, occludedFraction(data, 2000));
        long t0 = System.nanoTime();
        ViolationPairs test = ViolationPairs.of(world, pairs, 7);
        System.out.printf("test set: %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, test.summary());
        int k = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        int perFrame = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        double cov = args.length > 8 ? Double.parseDouble(args[8]) : 1;
        VideoModel recipe = VideoModel.of(world).tubeletFrames(c).rolloutSteps(k).perFrameLatent(perFrame).covariance(cov).seed(seed)
                .nextFramePredictor(args.length > 10 && Boolean.parseBoolean(args[10]))
                .prediction(args.length > 11 ? Double.parseDouble(args[11]) : 16).memory(memory);
        IntuitivePhysics bench = IntuitivePhysics.of(test);
        java.util.List<Jepa> models = new java.util.ArrayList<>();
        if (which.contains("j")) models.add(recipe.jepa());
        if (which.contains("p")) models.add(recipe.pixels());
        if (which.contains("r")) models.add(recipe.randomEncoder());
        for (Jepa m : models) {
            long t1 = System.nanoTime();
            TrainingRun run = Trainer.builder().epochs(epochs).batchSize(64).lr(3e-3).seed(seed + 1).progress(false).build().fit(m, data);
            System.out.printf("%s: trained %d steps in %.1f s%n%s%n", m.name(), run.steps().rowCount(), (System.nanoTime() - t1) / 1e9,
                    run.history());
            bench.model(m);
        }
        if (models.size() >= 2 && models.get(1).name().equals("pixel predictor")) {
            for (int h : new int[] {1, 2, 4}) {
                System.out.println(org.jepa.workbench.video.Blur.of(world, models.get(1), models.get(0), PhysicsClips.of(world, 400, 77)
                        .tubeletFrames(c), h, 1).table().printAll());
            }
        }
        for (int h : new int[] {1, 3, 6}) {
            if (c + h > world.frames()) {             // a long tubelet leaves no frame that far ahead in a clip
                System.out.printf("horizon %d skipped: tubelets of %d frames and clips of %d%n", h, c, world.frames());
                continue;
            }
            long t2 = System.nanoTime();
            IntuitivePhysics.Result r = bench.horizon(h).run();
            System.out.printf("horizon %d scored in %.1f s%n%s%n", h, (System.nanoTime() - t2) / 1e9, r.table().printAll());
            if (h == 1) {
                permanenceByOcclusion(test, r);
                IntuitivePhysics.Result alone = bench.matched(false).run();
                bench.matched(true);
                System.out.printf("the pairs alone (no IntPhys control pairs)%n%s%n", alone.table().printAll());
                permanenceByOcclusion(test, alone);
            }
        }
        bench.horizon(1);
        for (int m : new int[] {2, 3, 4, 6}) {                  // V-JEPA's protocol: the mean surprise over a predicted span
            if (c + m > world.frames()) continue;
            IntuitivePhysics.Result r = bench.span(m).run();
            System.out.printf("span %d (mean surprise over the next %d tubelets)%n%s%n", m, m, r.table().printAll());
            permanenceByOcclusion(test, r);
        }
        bench.span(1);
        if (args.length > 14) {                                  // the same models on pairs drawn from another seed
            long heldOut = Long.parseLong(args[14]);
            IntuitivePhysics other = IntuitivePhysics.of(ViolationPairs.of(world, pairs, heldOut));
            models.forEach(other::model);
            for (int m : new int[] {1, 2, 3, 4, 6}) {
                if (c + m > world.frames()) continue;
                System.out.printf("held-out pairs (seed %d), span %d%n%s%n", heldOut, m, other.span(m).run().table().printAll());
            }
        }
    }
}
