package org.jepa.workbench.video;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Seeds;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A violation-of-expectation test set: for each {@link Violation}, matched pairs of clips — same scene, same
 * start — identical up to one event, after which the second clip breaks the law. Pair i of a type is drawn
 * from (seed, type, i) by rejection: the event must show (the clips differ) between frame 4 and frame T − 3,
 * so a model has context before it and frames after it.
 *
 * <ul>
 *   <li>permanence: occluder, no shelf; the ball is seen for at least 3 frames, vanishes at the first frame at which
 *   the occluder covers every pixel of it, and the clips differ from the frame it would have come out (which must
 *   come before T − 2: the possible ball is seen again). Each permanence pair carries IntPhys's control pair
 *   ({@link Pair#complement()}): the same scene without the ball, which stays away (possible) or comes out from
 *   behind the occluder (impossible), so that the possible and the impossible clips show the same pixels in sum;</li>
 *   <li>continuity: empty scene; at a random frame the ball moves 10 px in a random direction (kept in the box);</li>
 *   <li>solidity: shelf, no occluder; the impossible ball ignores the shelf, which is drawn all the same, and
 *   some frame shows it at least 1 px deep inside the shelf;</li>
 *   <li>shape constancy: empty scene; at a random frame the radius becomes 1.6×.</li>
 * </ul>
 *
 * <pre>{@code
 * ViolationPairs test = ViolationPairs.of(BallWorld.defaults(), 100, 7);
 * test.summary()                         // violation | pairs | mean event frame | mean pixels changed
 * }</pre>
 */
public final class ViolationPairs {
    private static final int MAX_TRIES = 100_000;
    private final BallWorld world;
    private final Map<Violation, List<Pair>> pairs;

    /**
     * One matched pair.
     *
     * @param eventFrame the first frame at which the two clips differ
     * @param complement for object permanence, the control pair of IntPhys's design (Riochet et al. 2018) from the
     *                   same scene, or null for the other laws. Its possible clip has no ball at all; its impossible
     *                   clip has none until the ball comes out from behind the occluder at {@code eventFrame} (this
     *                   pair's possible frames from the frame the ball is first hidden). The four clips are this pair's
     *                   frames exchanged while the ball is hidden, so frame by frame the two possible clips and the two
     *                   impossible ones hold the same pixels: a model that is simply more surprised by a ball than by
     *                   an empty scene scores chance on the four, where on the pair alone it would prefer the
     *                   impossible (empty) ending.
     */
    public record Pair(Violation violation, BallWorld.Clip possible, BallWorld.Clip impossible, int eventFrame, Pair complement) {
        /** A pair without a control pair. */
        public Pair(Violation violation, BallWorld.Clip possible, BallWorld.Clip impossible, int eventFrame) {
            this(violation, possible, impossible, eventFrame, null);
        }
    }

    private ViolationPairs(BallWorld world, Map<Violation, List<Pair>> pairs) {
        this.world = world;
        this.pairs = pairs;
    }

    /** {@code n} pairs of every violation type. */
    public static ViolationPairs of(BallWorld world, int n, long seed) {
        return of(world, n, seed, Violation.values());
    }

    /** {@code n} pairs of each of {@code types}. */
    public static ViolationPairs of(BallWorld world, int n, long seed, Violation... types) {
        WorkbenchException.require(world != null, "ViolationPairs: world is null");
        WorkbenchException.require(n >= 1, "ViolationPairs: need at least one pair per type, got " + n);
        WorkbenchException.require(types != null && types.length > 0, "ViolationPairs: no violation types given");
        Map<Violation, List<Pair>> m = new EnumMap<>(Violation.class);
        for (Violation v : types) {
            List<Pair> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(pair(world, v, new Random(Seeds.of(seed, (long) v.ordinal() << 32 | i))));
            m.put(v, List.copyOf(list));
        }
        return new ViolationPairs(world, m);
    }

    private static Pair pair(BallWorld w, Violation v, Random rng) {
        int t = w.frames();
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            BallWorld.Scene scene = w.scene(rng, v == Violation.PERMANENCE, v == Violation.SOLIDITY);
            BallWorld.Ball start = w.start(scene, rng);
            BallWorld.Clip possible = w.simulate(scene, start, BallWorld.Event.none());
            BallWorld.Event event;
            switch (v) {
                case PERMANENCE -> {
                    int hidden = vanishFrame(w, possible);
                    if (hidden < 0) continue;
                    event = new BallWorld.Event(hidden, true, 0, 0, 1, false);
                }
                case CONTINUITY -> {
                    int f = 4 + rng.nextInt(t - 7);
                    double angle = 2 * Math.PI * rng.nextDouble();
                    double dx = 10 * Math.cos(angle), dy = 10 * Math.sin(angle);
                    BallWorld.Ball b = possible.balls()[f];
                    double r = b.radius();
                    if (b.x() + dx < r || b.x() + dx > w.size() - r || b.y() + dy < r || b.y() + dy > w.size() - r) continue;
                    event = new BallWorld.Event(f, false, dx, dy, 1, false);
                }
                case SOLIDITY -> event = new BallWorld.Event(Integer.MAX_VALUE, false, 0, 0, 1, true);
                case SIZE -> event = new BallWorld.Event(4 + rng.nextInt(t - 7), false, 0, 0, 1.6, false);
                default -> throw new IllegalStateException(v.toString());
            }
            BallWorld.Clip impossible = w.simulate(scene, start, event);
            if (v == Violation.SOLIDITY && !seenInsideShelf(w, impossible)) continue;
            int first = firstDifference(possible.frames(), impossible.frames());
            if (first < 4 || first > t - 3) continue;
            if (v != Violation.PERMANENCE) return new Pair(v, possible, impossible, first);
            return new Pair(v, possible, impossible, first, appearance(w, possible, event.frame(), first));
        }
        throw new WorkbenchException("ViolationPairs: no " + v.law() + " pair found in " + MAX_TRIES + " tries for " + w
                + "; the world is too small or too short for this event");
    }

    /**
     * The control pair of a permanence pair: the scene without the ball (possible), and the same until the ball,
     * present unseen from frame {@code hidden} on, comes out as in {@code present} (impossible).
     */
    private static Pair appearance(BallWorld w, BallWorld.Clip present, int hidden, int first) {
        BallWorld.Ball s = present.balls()[0];
        BallWorld.Clip absent = w.simulate(present.scene(), new BallWorld.Ball(s.x(), s.y(), s.vx(), s.vy(), s.radius(), false),
                BallWorld.Event.none());
        int t = w.frames();
        float[][] frames = new float[t][];
        BallWorld.Ball[] balls = new BallWorld.Ball[t];
        for (int f = 0; f < t; f++) {
            BallWorld.Clip from = f < hidden ? absent : present;
            frames[f] = from.frames()[f];
            balls[f] = from.balls()[f];
        }
        BallWorld.Clip appears = new BallWorld.Clip(present.scene(), frames, balls);
        // while hidden the ball is not drawn, so the control pair parts where the main pair does
        if (firstDifference(absent.frames(), frames) != first) throw new IllegalStateException("control pair parts at "
                + firstDifference(absent.frames(), frames) + ", the pair at " + first);
        return new Pair(Violation.PERMANENCE, absent, appears, first);
    }

    /**
     * The frame at which a permanence pair's ball vanishes: the first frame from 3 on at which the ball shows no pixel
     * (behind the occluder, its anti-aliased rim included), provided it showed in every frame before — so that it is
     * seen moving for at least 3 frames and its vanishing changes nothing on screen until it fails to come out. −1
     * when there is no such frame (the ball starts behind the occluder, or never goes behind it): a clip whose ball was
     * never seen, or whose vanishing leaves a trace, would not be a test of permanence.
     */
    static int vanishFrame(BallWorld w, BallWorld.Clip c) {
        for (int f = 0; f < c.balls().length; f++) {
            BallWorld.Ball b = c.balls()[f];
            boolean unseen = Arrays.equals(c.frames()[f], w.render(c.scene(), new BallWorld.Ball(b.x(), b.y(), b.vx(), b.vy(), b.radius(), false)));
            if (unseen) return f >= 3 ? f : -1;
        }
        return -1;
    }

    /** Whether some frame shows the ball at least 1 px deep inside the shelf (not a graze between frames). */
    private static boolean seenInsideShelf(BallWorld w, BallWorld.Clip c) {
        for (BallWorld.Ball b : c.balls()) if (w.touchesShelf(c.scene(), b.x(), b.y(), b.radius() - 1)) return true;
        return false;
    }

    static int firstDifference(float[][] a, float[][] b) {
        for (int f = 0; f < a.length; f++) if (!Arrays.equals(a[f], b[f])) return f;
        return -1;
    }

    public BallWorld world() {
        return world;
    }

    /** The violation types in this set, in declaration order. */
    public List<Violation> types() {
        return List.copyOf(pairs.keySet());
    }

    /** The pairs of one type. */
    public List<Pair> pairs(Violation v) {
        List<Pair> p = pairs.get(v);
        WorkbenchException.require(p != null, "ViolationPairs: this set has no " + v + " pairs; it has " + types());
        return p;
    }

    /** Pairs per type. */
    public int pairsPerType() {
        return pairs.values().iterator().next().size();
    }

    /** Per type: pairs, the law, mean event frame, and mean pixels changed per frame after the event. */
    public Table summary() {
        List<Violation> ts = types();
        double[] frame = new double[ts.size()], changed = new double[ts.size()];
        int[] count = new int[ts.size()];
        for (int k = 0; k < ts.size(); k++) {
            List<Pair> ps = pairs(ts.get(k));
            count[k] = ps.size();
            for (Pair p : ps) {
                frame[k] += p.eventFrame();
                float[][] a = p.possible().frames(), b = p.impossible().frames();
                double c = 0;
                for (int f = p.eventFrame(); f < a.length; f++) for (int j = 0; j < a[f].length; j++) if (Math.abs(a[f][j] - b[f][j]) > 0.05) c++;
                changed[k] += c / (a.length - p.eventFrame());
            }
            frame[k] /= ps.size();
            changed[k] /= ps.size();
        }
        return Table.create("violation-of-expectation pairs (" + world + ")",
                StringColumn.create("violation", ts.stream().map(Violation::law).toList()),
                StringColumn.create("impossible clip", ts.stream().map(Violation::event).toList()),
                IntColumn.create("pairs", count),
                DoubleColumn.create("mean event frame", frame),
                DoubleColumn.create("pixels changed per frame after it", changed));
    }

    @Override
    public String toString() {
        return "ViolationPairs(" + pairsPerType() + " pairs × " + types() + ")";
    }
}
