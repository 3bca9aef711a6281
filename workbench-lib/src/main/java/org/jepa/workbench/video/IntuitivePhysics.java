package org.jepa.workbench.video;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.eval.Auroc;
import org.jepa.workbench.jepa.Jepa;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The violation-of-expectation benchmark: each model's {@link Surprise} on every clip of a
 * {@link ViolationPairs} set, scored per violation type and overall by
 * <ul>
 *   <li>pairwise accuracy — the fraction of pairs whose impossible clip is the more surprising (ties ½). A pair
 *   with a {@link ViolationPairs.Pair#complement() control pair} (object permanence) is judged on its four clips, as
 *   IntPhys does: the two possible clips' per-frame surprises are added frame by frame, and so are the two impossible
 *   ones', and each sum is scored as one clip. (Adding the clips' maxima instead would favour the impossible side for
 *   any model: the possible side's ball makes one peak, max(P, R) + 0, where the impossible side has two, P + R.)</li>
 *   <li>AUROC — over all clips of the type (control pairs' clips included), impossible as positives (no pairing used).</li>
 * </ul>
 * each with the clip scored by its maximum and by its mean surprise. {@link #matched(boolean) matched(false)}
 * ignores the control pairs: the pair alone, whose impossible ending (an empty scene) is the easier one to predict.
 *
 * <pre>{@code
 * IntuitivePhysics.Result r = IntuitivePhysics.of(test).model(jepa).model(pixels).run();
 * r.table()          // model | violation | pairs | pairwise_max | pairwise_mean | auroc_max | auroc_mean
 * }</pre>
 */
public final class IntuitivePhysics {
    private final ViolationPairs test;
    private final List<Jepa> models = new ArrayList<>();
    private int horizon = 1;
    private boolean matched = true;
    private int span = 1;

    private IntuitivePhysics(ViolationPairs test) {
        this.test = test;
    }

    /** The benchmark on {@code test}. */
    public static IntuitivePhysics of(ViolationPairs test) {
        WorkbenchException.require(test != null, "IntuitivePhysics: the test set is null");
        return new IntuitivePhysics(test);
    }

    /** Adds a video model (tubelets of the test world's frames, no actions). */
    public IntuitivePhysics model(Jepa m) {
        WorkbenchException.require(m != null, "IntuitivePhysics: model is null");
        WorkbenchException.require(m.actionWidth() == 0, "IntuitivePhysics: '" + m.name() + "' takes actions; a video model predicts from frames alone");
        Surprise.tubeletFrames(m, test.world().framePixels());
        models.add(m);
        return this;
    }

    /** Surprise {@code k} tubelets ahead (default 1; see {@link Surprise#perFrame(Jepa, float[][][], int)}). */
    public IntuitivePhysics horizon(int k) {
        WorkbenchException.require(k >= 1, "IntuitivePhysics: the horizon must be >= 1, got " + k);
        horizon = k;
        return this;
    }

    /**
     * Score each context by its mean surprise over the next {@code m} tubelets ({@link Surprise#span}, V-JEPA's protocol)
     * instead of at one horizon; 1 (default) is the one-step surprise. Set a span or a horizon, not both.
     */
    public IntuitivePhysics span(int m) {
        WorkbenchException.require(m >= 1, "IntuitivePhysics: the span must be >= 1, got " + m);
        span = m;
        return this;
    }

    /**
     * Whether pairs with a control pair are judged on their four clips (default true, IntPhys's design) or on the pair
     * alone (false: the possible clip then holds more to be surprised by after the event than the impossible one).
     */
    public IntuitivePhysics matched(boolean on) {
        matched = on;
        return this;
    }

    /**
     * Pairwise accuracy of every model scored over each span 1 … {@code maxSpan} ({@link #span}), by max and by mean
     * surprise, per type and over all: how much a score depends on the span — to choose a span on one set of pairs and
     * confirm it on another. Each span is one {@link #run()}.
     *
     * <pre>{@code
     * Table t = IntuitivePhysics.of(test).model(memory).spans(8);
     * VideoPlots.spans(t)
     * }</pre>
     *
     * @return model | span | violation | pairwise_max | pairwise_mean, the violation "all" for every type together
     */
    public Table spans(int maxSpan) {
        WorkbenchException.require(maxSpan >= 1, "IntuitivePhysics: the longest span must be >= 1, got " + maxSpan);
        WorkbenchException.require(horizon == 1, "IntuitivePhysics: spans() scores spans 1 … " + maxSpan + "; leave the horizon at 1");
        Table out = null;
        int saved = span;
        try {
            for (int m = 1; m <= maxSpan; m++) {
                span = m;
                Table t = run().table();
                int[] spans = new int[t.rowCount()];
                java.util.Arrays.fill(spans, m);
                t.addColumns(IntColumn.create("span", spans));
                t = t.selectColumns("model", "span", "violation", "pairwise_max", "pairwise_mean");
                out = out == null ? t : out.append(t);
            }
        } finally {
            span = saved;
        }
        return out.setName("pairwise accuracy over predicted spans");
    }

    /** Per-frame surprises of every pair, per model and type. */
    public Result run() {
        WorkbenchException.require(!models.isEmpty(), "IntuitivePhysics: add at least one model");
        WorkbenchException.require(span == 1 || horizon == 1, "IntuitivePhysics: both a horizon (" + horizon + ") and a span ("
                + span + ") were set; a span already scores horizons 1 … " + span + ", so set one of them");
        Map<String, Map<Violation, double[][][]>> s = new LinkedHashMap<>();
        Map<String, Integer> first = new LinkedHashMap<>();
        for (Jepa m : models) {
            first.put(m.name(), Surprise.tubeletFrames(m, test.world().framePixels()) + (span > 1 ? 0 : horizon - 1));
            java.util.function.Function<List<BallWorld.Clip>, double[][]> surprise =
                    clips -> span > 1 ? Surprise.span(m, clips, span) : Surprise.perFrame(m, clips, horizon);
            Map<Violation, double[][][]> byType = new LinkedHashMap<>();
            for (Violation v : test.types()) {
                List<ViolationPairs.Pair> ps = test.pairs(v);
                List<BallWorld.Clip> possible = ps.stream().map(ViolationPairs.Pair::possible).toList();
                List<BallWorld.Clip> impossible = ps.stream().map(ViolationPairs.Pair::impossible).toList();
                boolean controls = matched && ps.stream().allMatch(p -> p.complement() != null);
                if (!controls) {
                    byType.put(v, new double[][][] {surprise.apply(possible), surprise.apply(impossible)});
                    continue;
                }
                List<BallWorld.Clip> absent = ps.stream().map(p -> p.complement().possible()).toList();
                List<BallWorld.Clip> appears = ps.stream().map(p -> p.complement().impossible()).toList();
                byType.put(v, new double[][][] {surprise.apply(possible), surprise.apply(impossible),
                        surprise.apply(absent), surprise.apply(appears)});
            }
            WorkbenchException.require(s.put(m.name(), byType) == null, "IntuitivePhysics: two models are called '" + m.name() + "'");
        }
        return new Result(test, s, first);
    }

    /** Surprises of every clip; the tables and curves are views of them. */
    public static final class Result {
        private final ViolationPairs test;
        private final Map<String, Map<Violation, double[][][]>> surprise;
        private final Map<String, Integer> firstFrame;

        Result(ViolationPairs test, Map<String, Map<Violation, double[][][]>> surprise, Map<String, Integer> firstFrame) {
            this.test = test;
            this.surprise = surprise;
            this.firstFrame = firstFrame;
        }

        public ViolationPairs test() {
            return test;
        }

        /** The frame of a model's first surprise entry: entry j of a clip is frame j + firstFrame. */
        public int firstFrame(String model) {
            Integer f = firstFrame.get(model);
            WorkbenchException.require(f != null, "IntuitivePhysics: no model '" + model + "'; have " + models());
            return f;
        }

        /** Model names, in the order added. */
        public List<String> models() {
            return List.copyOf(surprise.keySet());
        }

        /** Per-frame surprise [pairs][T − 2] of the possible (false) or impossible (true) clips of a type. */
        public double[][] surprise(String model, Violation v, boolean impossible) {
            Map<Violation, double[][][]> m = surprise.get(model);
            WorkbenchException.require(m != null, "IntuitivePhysics: no model '" + model + "'; have " + models());
            double[][][] pair = m.get(v);
            WorkbenchException.require(pair != null, "IntuitivePhysics: no " + v + " pairs in this test set");
            return pair[impossible ? 1 : 0];
        }

        /**
         * Per-frame surprise [pairs][T − 2] of the control pairs' possible (false: no ball) or impossible (true: the
         * ball appears) clips of a type, or null when the type has none or they were not scored ({@code matched(false)}).
         */
        public double[][] controlSurprise(String model, Violation v, boolean impossible) {
            surprise(model, v, impossible);
            double[][][] all = surprise.get(model).get(v);
            return all.length == 4 ? all[impossible ? 3 : 2] : null;
        }

        /**
         * Per-frame surprise [pairs][T − 2] as it is scored: for a type judged on four clips, each clip's surprise plus its
         * control clip's, frame by frame (possible + no ball, impossible + the ball appears); else {@link #surprise}.
         */
        public double[][] scoredSurprise(String model, Violation v, boolean impossible) {
            double[][] own = surprise(model, v, impossible), control = controlSurprise(model, v, impossible);
            if (control == null) return own;
            double[][] out = new double[own.length][];
            for (int i = 0; i < own.length; i++) out[i] = frameSum(own[i], control[i]);
            return out;
        }

        /** Pairwise accuracy of one model on one type (or all types with {@code v} null); four-clip sums where scored. */
        public double pairwise(String model, Violation v, Surprise.Score score) {
            double[][] ab = pairScores(model, v, score);
            return Auroc.pairwise(ab[0], ab[1]);
        }

        /**
         * What {@link #pairwise} compares: {possible scores [pairs], impossible scores [pairs]} of one type (or all with
         * {@code v} null), a pair's control clip added to its own frame by frame where scored.
         */
        public double[][] pairScores(String model, Violation v, Surprise.Score score) {
            return scores(model, v, score, true);
        }

        /** AUROC of one model on one type (or all types with {@code v} null), over every scored clip. */
        public double auroc(String model, Violation v, Surprise.Score score) {
            double[][] ab = scores(model, v, score, false);
            return Auroc.of(ab[0], ab[1]);
        }

        /**
         * {possible scores, impossible scores}: pair-aligned, a pair's control clip added to its own frame by frame
         * before scoring ({@code sum}), or every clip on its own (not sum).
         */
        private double[][] scores(String model, Violation v, Surprise.Score score, boolean sum) {
            List<Violation> types = v == null ? test.types() : List.of(v);
            List<Double> a = new ArrayList<>(), b = new ArrayList<>();
            for (Violation t : types) {
                double[][] p = sum ? scoredSurprise(model, t, false) : surprise(model, t, false);
                double[][] q = sum ? scoredSurprise(model, t, true) : surprise(model, t, true);
                double[][] cp = sum ? null : controlSurprise(model, t, false), cq = sum ? null : controlSurprise(model, t, true);
                for (int i = 0; i < p.length; i++) {
                    a.add(score.of(p[i]));
                    b.add(score.of(q[i]));
                    if (cp != null) {
                        a.add(score.of(cp[i]));
                        b.add(score.of(cq[i]));
                    }
                }
            }
            return new double[][] {a.stream().mapToDouble(Double::doubleValue).toArray(), b.stream().mapToDouble(Double::doubleValue).toArray()};
        }

        private static double[] frameSum(double[] x, double[] y) {
            double[] s = new double[x.length];
            for (int t = 0; t < s.length; t++) s[t] = x[t] + y[t];
            return s;
        }

        /** model × violation (then "all") × pairs × pairwise accuracy and AUROC, by max and by mean surprise. */
        public Table table() {
            StringColumn model = StringColumn.create("model"), law = StringColumn.create("violation");
            IntColumn pairs = IntColumn.create("pairs");
            DoubleColumn pMax = DoubleColumn.create("pairwise_max"), pMean = DoubleColumn.create("pairwise_mean");
            DoubleColumn aMax = DoubleColumn.create("auroc_max"), aMean = DoubleColumn.create("auroc_mean");
            for (String m : models()) {
                List<Violation> rows = new ArrayList<>(test.types());
                rows.add(null);
                for (Violation v : rows) {
                    model.append(m);
                    law.append(v == null ? "all" : v.law());
                    pairs.append(v == null ? test.pairsPerType() * test.types().size() : test.pairs(v).size());
                    pMax.append(pairwise(m, v, Surprise.Score.MAX));
                    pMean.append(pairwise(m, v, Surprise.Score.MEAN));
                    aMax.append(auroc(m, v, Surprise.Score.MAX));
                    aMean.append(auroc(m, v, Surprise.Score.MEAN));
                }
            }
            return Table.create("intuitive physics: is the impossible clip the more surprising?", model, law, pairs, pMax, pMean, aMax, aMean);
        }
    }
}
