package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * End to end at a small scale: a briefly trained video JEPA is surprised by teleports and growth, where a
 * predictor on a random encoder is much less so for teleports (measured: 0.66 at 300 steps).
 */
class IntuitivePhysicsTest {
    @Test
    void aTrainedVideoJepaIsSurprisedByTeleportsAndGrowth() {
        BallWorld w = BallWorld.defaults();
        ViolationPairs test = ViolationPairs.of(w, 40, 7, Violation.CONTINUITY, Violation.SIZE);
        Jepa jepa = VideoModel.of(w).jepa();
        Trainer.builder().epochs(2).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(jepa, PhysicsClips.of(w, 6400, 1).window(4));
        IntuitivePhysics.Result r = IntuitivePhysics.of(test).model(jepa).run();
        Table t = r.table();
        System.out.println(t.printAll());
        assertEquals(3, t.rowCount(), "two types and 'all'");
        double teleport = r.pairwise("video JEPA", Violation.CONTINUITY, Surprise.Score.MAX);
        double growth = r.pairwise("video JEPA", Violation.SIZE, Surprise.Score.MAX);
        assertTrue(teleport >= 0.85, "teleports: " + teleport);
        assertTrue(growth >= 0.9, "growth: " + growth);
        assertEquals(w.frames() - 2, r.surprise("video JEPA", Violation.SIZE, true)[0].length);
        assertEquals(2, r.firstFrame("video JEPA"));
        assertThrows(WorkbenchException.class, () -> r.surprise("pixels", Violation.SIZE, true));
    }

    @Test
    void permanenceIsJudgedOnItsFourClips() {
        BallWorld w = BallWorld.defaults();
        ViolationPairs test = ViolationPairs.of(w, 2, 1, Violation.PERMANENCE);
        // per-frame surprises by hand, two frames per clip: pair (a, b), control pair (c, d)
        double[][] a = {{1, 0}, {0.5, 1}}, b = {{0.5, 0.1}, {0.9, 0}}, c = {{0.2, 0}, {0.3, 0.3}}, d = {{0, 2.0}, {0, 0.5}};
        java.util.Map<Violation, double[][][]> s4 = new java.util.EnumMap<>(Violation.class), s2 = new java.util.EnumMap<>(Violation.class);
        s4.put(Violation.PERMANENCE, new double[][][] {a, b, c, d});
        s2.put(Violation.PERMANENCE, new double[][][] {a, b});
        IntuitivePhysics.Result four = new IntuitivePhysics.Result(test, java.util.Map.of("m", s4), java.util.Map.of("m", 2));
        IntuitivePhysics.Result two = new IntuitivePhysics.Result(test, java.util.Map.of("m", s2), java.util.Map.of("m", 2));
        // frame sums: possible {1.2, 0}, {0.8, 1.3}; impossible {0.5, 2.1}, {0.9, 0.5}. By max: 2.1 > 1.2 right,
        // 0.9 < 1.3 wrong (the sum of the maxima, 0.9 + 0.5 = 1.4 > 1.3, would call it right)
        assertEquals(0.5, four.pairwise("m", Violation.PERMANENCE, Surprise.Score.MAX), 1e-12);
        // by mean: 1.3 > 0.6 right, 0.7 < 1.05 wrong
        assertEquals(0.5, four.pairwise("m", Violation.PERMANENCE, Surprise.Score.MEAN), 1e-12);
        // the pair alone: maxima 0.5 < 1 and 0.9 < 1
        assertEquals(0.0, two.pairwise("m", Violation.PERMANENCE, Surprise.Score.MAX), 1e-12);
        // AUROC over the 8 clips one by one: impossible maxima {0.5, 0.9, 2.0, 0.5} against possible {1, 1, 0.2, 0.3}
        assertEquals((2 + 2 + 4 + 2) / 16.0, four.auroc("m", Violation.PERMANENCE, Surprise.Score.MAX), 1e-12);
        assertNull(two.controlSurprise("m", Violation.PERMANENCE, true));
        assertSame(d, four.controlSurprise("m", Violation.PERMANENCE, true));
    }

    /**
     * A "model" surprised by how much ball it sees (the pixel mass of the frame), with no expectation at all: on the pair
     * alone it calls the possible clip more surprising every time (the impossible one ends empty); on the four clips
     * every comparison is a tie, because the two sides hold the same pixels frame by frame.
     */
    @Test
    void aSurpriseThatOnlyCountsPixelsScoresChanceOnTheFourClips() {
        BallWorld w = BallWorld.defaults();
        ViolationPairs test = ViolationPairs.of(w, 30, 3, Violation.PERMANENCE);
        java.util.function.Function<java.util.function.Function<ViolationPairs.Pair, BallWorld.Clip>, double[][]> mass = clip ->
                test.pairs(Violation.PERMANENCE).stream().map(p -> {
                    float[][] f = clip.apply(p).frames();
                    double[] s = new double[f.length - 2];
                    for (int t = 2; t < f.length; t++) for (float v : f[t]) s[t - 2] += v;
                    return s;
                }).toArray(double[][]::new);
        double[][][] all = {mass.apply(ViolationPairs.Pair::possible), mass.apply(ViolationPairs.Pair::impossible),
                mass.apply(p -> p.complement().possible()), mass.apply(p -> p.complement().impossible())};
        java.util.Map<Violation, double[][][]> s4 = new java.util.EnumMap<>(Violation.class), s2 = new java.util.EnumMap<>(Violation.class);
        s4.put(Violation.PERMANENCE, all);
        s2.put(Violation.PERMANENCE, new double[][][] {all[0], all[1]});
        IntuitivePhysics.Result four = new IntuitivePhysics.Result(test, java.util.Map.of("m", s4), java.util.Map.of("m", 2));
        IntuitivePhysics.Result two = new IntuitivePhysics.Result(test, java.util.Map.of("m", s2), java.util.Map.of("m", 2));
        for (Surprise.Score score : Surprise.Score.values())
            assertEquals(0.5, four.pairwise("m", Violation.PERMANENCE, score), 0.0, score + ": all ties");
        assertEquals(0.0, two.pairwise("m", Violation.PERMANENCE, Surprise.Score.MEAN), 0.0, "the empty ending always wins");
        // by max, pairs whose fullest frame comes before the event tie; the impossible clip never wins
        assertTrue(two.pairwise("m", Violation.PERMANENCE, Surprise.Score.MAX) < 0.5);
    }

    @Test
    void aSpanScoresEveryClipWithItsMeanSurpriseOverTheSpan() {
        BallWorld w = BallWorld.defaults();
        ViolationPairs test = ViolationPairs.of(w, 3, 2, Violation.SIZE, Violation.PERMANENCE);
        Jepa still = Jepa.builder().name("no change").encoder(org.jepa.workbench.model.Module.identity(2L * w.framePixels()))
                .predictor(org.jepa.workbench.model.Predictor.identity(2L * w.framePixels()))
                .cost(org.jepa.workbench.objective.EmbeddingPrediction.defaults()).seed(1).build();
        IntuitivePhysics.Result r = IntuitivePhysics.of(test).model(still).span(3).run();
        for (Violation v : test.types()) {
            java.util.List<BallWorld.Clip> impossible = test.pairs(v).stream().map(ViolationPairs.Pair::impossible).toList();
            double[][] want = Surprise.span(still, impossible, 3), got = r.surprise("no change", v, true);
            for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], 0.0, v + " clip " + i);
        }
        assertEquals(2, r.firstFrame("no change"), "entry j is the context whose first predicted frame is j + c");
        assertThrows(WorkbenchException.class, () -> IntuitivePhysics.of(test).span(0));
        String both = assertThrows(WorkbenchException.class, () -> IntuitivePhysics.of(test).model(still).horizon(2).span(3).run()).getMessage();
        assertTrue(both.contains("horizon") && both.contains("span"), both);

        // spans(m): one row per model × span × (type, then all), each the pairwise accuracy of that span's run
        IntuitivePhysics bench = IntuitivePhysics.of(test).model(still);
        tech.tablesaw.api.Table t = bench.spans(3);
        assertEquals(3 * (test.types().size() + 1), t.rowCount());
        for (int m = 1; m <= 3; m++) {
            IntuitivePhysics.Result one = IntuitivePhysics.of(test).model(still).span(m).run();
            for (int row = 0; row < t.rowCount(); row++) {
                if (t.intColumn("span").get(row) != m) continue;
                String law = t.stringColumn("violation").get(row);
                Violation v = law.equals("all") ? null : test.types().stream().filter(x -> x.law().equals(law)).findFirst().orElseThrow();
                assertEquals(one.pairwise("no change", v, Surprise.Score.MAX), t.doubleColumn("pairwise_max").get(row), 0.0, "span " + m + " " + law);
                assertEquals(one.pairwise("no change", v, Surprise.Score.MEAN), t.doubleColumn("pairwise_mean").get(row), 0.0, "span " + m + " " + law);
            }
        }
        assertEquals(IntuitivePhysics.of(test).model(still).run().surprise("no change", Violation.SIZE, true)[0].length,
                bench.run().surprise("no change", Violation.SIZE, true)[0].length, "spans() leaves the builder's own span (1) as it was");
        assertThrows(WorkbenchException.class, () -> bench.spans(0));
    }

    @Test
    void modelsThatCannotReadTheClipsAreRefused() {
        BallWorld w = BallWorld.defaults();
        IntuitivePhysics ip = IntuitivePhysics.of(ViolationPairs.of(w, 2, 1, Violation.SIZE));
        assertThrows(WorkbenchException.class, () -> ip.model(VideoModel.of(BallWorld.defaults().size(28)).jepa()));
        assertThrows(WorkbenchException.class, ip::run, "no models");
    }
}
