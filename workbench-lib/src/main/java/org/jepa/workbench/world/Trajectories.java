package org.jepa.workbench.world;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Random-walk trajectories in {@link TwoRooms}, as EB-JEPA generates its training data: each trajectory
 * gets its own layout (wall, door) and start; at every step the heading drifts by a von Mises angle
 * (concentration 1/0.2², EB-JEPA's angle noise 0.2) and the step length is N(1, 0.4²) clipped to
 * [0.2, 1.8] (action units: pixels of the 65×65 original); the action is that intended move, and the environment clips it at the
 * walls (a blocked agent turns around). A share {@code crossRate} of the trajectories (EB-JEPA: 0.35) start
 * beside the door heading through it, so crossings are not rare.
 *
 * <p>Trajectory {@code i} is generated from its own generator, seeded by (seed, i): the data set is
 * reproducible, needs no storage, and a batch of any rows costs only its rendering. As a batch source it
 * serves windows of {@link #frames()} frames ([B, T, 2·size²]) with their actions ([B, T−1, 2]).
 */
public final class Trajectories implements BatchSource<Batch> {
    /** EB-JEPA's angle noise: the von Mises concentration is 1/0.2². */
    static final double KAPPA = 1 / (0.2 * 0.2);

    private final TwoRooms env;
    private final int count;
    private final int frames;
    private final long seed;
    private final double crossRate;
    private final double wallRate;
    /** The one layout every trajectory is recorded in, or null: each draws its own from the environment. */
    private final TwoRooms.Layout layout;

    private Trajectories(TwoRooms env, int count, int frames, long seed, double crossRate, double wallRate) {
        this(env, count, frames, seed, crossRate, wallRate, null);
    }

    private Trajectories(TwoRooms env, int count, int frames, long seed, double crossRate, double wallRate, TwoRooms.Layout layout) {
        WorkbenchException.require(env != null, "Trajectories: environment is null");
        WorkbenchException.require(count >= 1, "Trajectories: count must be >= 1, got " + count);
        WorkbenchException.require(frames >= 2, "Trajectories: a trajectory needs at least 2 frames, got " + frames);
        WorkbenchException.require(crossRate >= 0 && crossRate <= 1, "Trajectories: crossRate must be in [0, 1], got " + crossRate);
        WorkbenchException.require(wallRate >= 0 && crossRate + wallRate <= 1, "Trajectories: wallRate must be >= 0 and crossRate + wallRate <= 1, got "
                + crossRate + " + " + wallRate);
        this.env = env;
        this.count = count;
        this.frames = frames;
        this.seed = seed;
        this.crossRate = crossRate;
        this.wallRate = wallRate;
        this.layout = layout;
    }

    /** {@code count} trajectories of {@code frames} frames (EB-JEPA: 17), seeded; crossing rate 0.35. */
    public static Trajectories of(TwoRooms env, int count, int frames, long seed) {
        return new Trajectories(env, count, frames, seed, 0.35, 0);
    }

    /** Same trajectories with another share of door crossings in [0, 1]. */
    public Trajectories crossRate(double rate) {
        return new Trajectories(env, count, frames, seed, rate, wallRate, layout);
    }

    /**
     * Same trajectories with a share {@code rate} (default 0; EB-JEPA has none) starting beside the inner wall,
     * away from the door, heading into it — more moves that a wall stops, for a predictor that must learn them.
     */
    public Trajectories wallRate(double rate) {
        return new Trajectories(env, count, frames, seed, crossRate, rate, layout);
    }

    /**
     * Same trajectories, every one recorded in {@code room} instead of a layout drawn per trajectory: exploring one
     * maze of an environment whose walls move (e.g. for a {@link Landmarks} graph of the episode's maze).
     */
    public Trajectories in(TwoRooms.Layout room) {
        WorkbenchException.require(room != null, "Trajectories.in: the layout is null");
        TwoRooms e = room.env();
        WorkbenchException.require(e.size() == env.size() && e.rooms() == env.rooms() && e.moveScale() == env.moveScale()
                && e.dotSigma() == env.dotSigma(), "Trajectories.in: " + room + " is a layout of " + e + ", not of " + env);
        return new Trajectories(env, count, frames, seed, crossRate, wallRate, room);
    }

    /** The one layout every trajectory is recorded in ({@link #in}), or null when each draws its own. */
    public TwoRooms.Layout layout() {
        return layout;
    }

    public TwoRooms env() {
        return env;
    }

    /** Frames per trajectory T. */
    public int frames() {
        return frames;
    }

    @Override
    public int size() {
        return count;
    }

    /** One trajectory: its layout, positions [T][2] and actions [T−1][2]. */
    public record Trajectory(TwoRooms.Layout layout, double[][] positions, double[][] actions) {
    }

    /** Trajectory {@code i}, generated from (seed, i). */
    public Trajectory get(int i) {
        WorkbenchException.require(i >= 0 && i < count, "Trajectories: index " + i + " is outside [0, " + count + ")");
        Random rng = new Random(Seeds.of(seed, i));
        TwoRooms.Layout drawn = env.layout(rng);           // drawn even when pinned, so the rest of the draws stay the same
        TwoRooms.Layout room = layout != null ? layout : drawn;
        double s = env.scale();
        double[] p;
        double heading;
        double u = rng.nextDouble();
        int rooms = env.rooms();
        // which wall a start beside a wall or door is drawn at (no draw with one wall: Two Rooms' data stay as they were)
        int w = rooms == 2 || !(u < crossRate + wallRate) ? 0 : rng.nextInt(rooms - 1);
        if (u >= crossRate && u < crossRate + wallRate) {
            // beside the wall, outside the door's opening, heading into it
            int side = rng.nextBoolean() ? -1 : 1;
            double x = room.wallX(w) + side * (1.5 + 3 * rng.nextDouble()) * s;
            double y = room.lo() + (room.hi() - room.lo()) * rng.nextDouble();
            p = room.free(x, y) && Math.abs(y - room.doorY(w)) > 6 * s ? new double[] {x, y} : room.sample(side < 0 ? w : w + 1, rng);
            heading = (side < 0 ? 0 : Math.PI) + 0.6 * (rng.nextDouble() - 0.5);
        } else if (u < crossRate) {
            // beside the door, on a random side, heading through it
            int side = rng.nextBoolean() ? -1 : 1;
            double x = room.wallX(w) + side * (2.5 + 4 * rng.nextDouble()) * s;
            double y = room.doorY(w) + (rng.nextDouble() - 0.5) * 4 * s;
            p = room.free(x, y) ? new double[] {x, y} : room.sample(side < 0 ? w : w + 1, rng);
            heading = (side < 0 ? 0 : Math.PI) + 0.3 * (rng.nextDouble() - 0.5);
        } else {
            p = room.sample(rooms == 2 ? (rng.nextBoolean() ? 0 : 1) : rng.nextInt(rooms), rng);
            heading = 2 * Math.PI * rng.nextDouble();
        }
        double[][] pos = new double[frames][];
        double[][] act = new double[frames - 1][];
        pos[0] = p;
        for (int t = 0; t < frames - 1; t++) {
            heading += vonMises(rng, KAPPA);
            double len = Math.max(0.2, Math.min(1.8, 1 + 0.4 * rng.nextGaussian()));
            double[] a = {len * Math.cos(heading), len * Math.sin(heading)};
            double[] next = room.step(pos[t], a);
            if (Math.hypot(next[0] - pos[t][0], next[1] - pos[t][1]) < 0.5 * len * env.moveScale()) heading += Math.PI; // blocked: turn around
            act[t] = a;
            pos[t + 1] = next;
        }
        return new Trajectory(room, pos, act);
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        return batchOf(env, frames, rows.length, b -> get(rows[b]));
    }

    /** Frees the batch's frames and actions (fresh arrays made by {@link #batch}). */
    @Override
    public void release(Batch batch) {
        batch.close();
    }

    /** Frames [n, frames, 2·size²] and actions [n, frames − 1, 2] of trajectories {@code trajectory.apply(0 … n−1)}. */
    static Batch batchOf(TwoRooms env, int frames, int n, java.util.function.IntFunction<Trajectory> trajectory) {
        int fw = env.frameWidth();
        float[] obs = new float[n * frames * fw];
        float[] act = new float[n * (frames - 1) * 2];
        for (int b = 0; b < n; b++) {
            Trajectory tr = trajectory.apply(b);
            for (int t = 0; t < frames; t++) tr.layout().render(tr.positions()[t], obs, (b * frames + t) * fw);
            for (int t = 0; t < frames - 1; t++) {
                act[(b * (frames - 1) + t) * 2] = (float) tr.actions()[t][0];
                act[(b * (frames - 1) + t) * 2 + 1] = (float) tr.actions()[t][1];
            }
        }
        INDArray o = Nd4j.create(obs, new long[] {n, frames, fw}, 'c');
        INDArray a = Nd4j.create(act, new long[] {n, frames - 1, 2}, 'c');
        return new Batch(o.castTo(DataType.FLOAT), a.castTo(DataType.FLOAT));
    }

    /**
     * Pairs of consecutive frames without actions, [B, 2, 2·size²] (which step of each trajectory: drawn from
     * the trainer's generator) — two "views" of one moment for a siamese method such as VICReg, e.g. to
     * pre-train an encoder on the environment's frames alone (DINO-WM's setting, without its DINO).
     */
    public BatchSource<Batch> framePairs() {
        return view((rows, rng) -> {
            int fw = env.frameWidth();
            float[] obs = new float[rows.length * 2 * fw];
            for (int b = 0; b < rows.length; b++) {
                Trajectory tr = get(rows[b]);
                int t = rng.nextInt(frames - 1);
                tr.layout().render(tr.positions()[t], obs, (2 * b) * fw);
                tr.layout().render(tr.positions()[t + 1], obs, (2 * b + 1) * fw);
            }
            return new Batch(Nd4j.create(obs, new long[] {rows.length, 2, fw}, 'c'), null);
        });
    }

    /** Another batch source over the same trajectories (same size), batches made by {@code batches}. */
    private BatchSource<Batch> view(java.util.function.BiFunction<int[], Random, Batch> batches) {
        return new BatchSource<>() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public Batch batch(int[] rows, Random rng) {
                return batches.apply(rows, rng);
            }

            /** Frees the batch's arrays, fresh ones made for it. */
            @Override
            public void release(Batch batch) {
                batch.close();
            }
        };
    }

    /**
     * The same trajectories seen at a coarser time scale, for a high-level predictor (temporal abstraction): frames
     * 0, k, 2k, … of each trajectory, [B, m + 1, 2·size²] with m = ⌊(T − 1)/k⌋, and one <em>macro-action</em> per
     * chunk of k steps, [B, m, 2]: the mean of the chunk's k actions (action units, so a macro-action is bounded
     * like a primitive one). The mean is the simplest action encoder — HWM (Zhang et al. 2026) learns one instead —
     * and it keeps the high-level planner's search two-dimensional per macro-step.
     *
     * @param k primitive steps per macro-step, 1 ≤ k ≤ T − 1
     */
    public BatchSource<Batch> macro(int k) {
        WorkbenchException.require(k >= 1 && k <= frames - 1, "Trajectories.macro: k must be in [1, " + (frames - 1)
                + "] for trajectories of " + frames + " frames, got " + k);
        int m = (frames - 1) / k;
        return view((rows, rng) -> {
            int fw = env.frameWidth();
            float[] obs = new float[rows.length * (m + 1) * fw];
            float[] act = new float[rows.length * m * 2];
            for (int b = 0; b < rows.length; b++) {
                Trajectory tr = get(rows[b]);
                for (int j = 0; j <= m; j++) tr.layout().render(tr.positions()[j * k], obs, (b * (m + 1) + j) * fw);
                for (int j = 0; j < m; j++) {
                    double[] mean = macroAction(tr.actions(), j * k, k, env.maxAction());
                    act[(b * m + j) * 2] = (float) mean[0];
                    act[(b * m + j) * 2 + 1] = (float) mean[1];
                }
            }
            return new Batch(Nd4j.create(obs, new long[] {rows.length, m + 1, fw}, 'c'), Nd4j.create(act, new long[] {rows.length, m, 2}, 'c'));
        });
    }

    /** The macro-action of actions {@code from} … {@code from + k − 1}: their mean, each clipped to norm {@code max} first. */
    static double[] macroAction(double[][] actions, int from, int k, double max) {
        double[] mean = new double[2];
        for (int t = from; t < from + k; t++) {
            double[] a = actions[t];
            double n = Math.hypot(a[0], a[1]), c = n > max ? max / n : 1;
            mean[0] += a[0] * c / k;
            mean[1] += a[1] * c / k;
        }
        return mean;
    }

    /** Frames [N, 2·size²] and positions [N, 2] of every frame of the first {@code n} trajectories (for probes). */
    public INDArray[] framesAndPositions(int n) {
        WorkbenchException.require(n >= 1 && n <= count, "Trajectories: n must be in [1, " + count + "], got " + n);
        int fw = env.frameWidth();
        float[] f = new float[n * frames * fw];
        float[] xy = new float[n * frames * 2];
        for (int i = 0; i < n; i++) {
            Trajectory tr = get(i);
            for (int t = 0; t < frames; t++) {
                tr.layout().render(tr.positions()[t], f, (i * frames + t) * fw);
                xy[(i * frames + t) * 2] = (float) tr.positions()[t][0];
                xy[(i * frames + t) * 2 + 1] = (float) tr.positions()[t][1];
            }
        }
        return new INDArray[] {Nd4j.create(f, new long[] {(long) n * frames, fw}, 'c'), Nd4j.create(xy, new long[] {(long) n * frames, 2}, 'c')};
    }

    /**
     * What the data looks like, over the first {@code n} trajectories: their number, frames, the mean move
     * and action norm (action units, pixels of the 65×65 original), the share of moves a wall stopped, the share of trajectories that change room,
     * and the share of time spent in the left room.
     */
    public Table summary(int n) {
        WorkbenchException.require(n >= 1 && n <= count, "Trajectories.summary: n must be in [1, " + count + "], got " + n);
        double steps = 0, moved = 0, actionNorm = 0, blocked = 0, crossed = 0, left = 0;
        for (int i = 0; i < n; i++) {
            Trajectory tr = get(i);
            boolean cross = false;
            for (int t = 0; t < frames - 1; t++) {
                double[] a = tr.actions()[t], p0 = tr.positions()[t], p1 = tr.positions()[t + 1];
                double d = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) / env.moveScale(), an = Math.hypot(a[0], a[1]);
                moved += d;
                actionNorm += an;
                if (d < 0.999 * Math.min(an, env.maxAction())) blocked++;
                steps++;
                cross |= tr.layout().room(p0[0]) != tr.layout().room(p1[0]);
            }
            for (double[] p : tr.positions()) if (tr.layout().room(p[0]) == 0) left++;
            if (cross) crossed++;
        }
        return Table.create("Two Rooms trajectories (" + env + ")",
                StringColumn.create("quantity", "trajectories", "frames each", "mean move (action units)", "mean action norm",
                        "moves stopped by a wall", "trajectories that change room", "time in the left room"),
                DoubleColumn.create("value", n, frames, moved / steps, actionNorm / steps, blocked / steps, crossed / n,
                        left / (n * (double) frames)));
    }

    /** A von Mises(0, κ) angle (Best &amp; Fisher 1979). */
    static double vonMises(Random rng, double kappa) {
        double tau = 1 + Math.sqrt(1 + 4 * kappa * kappa);
        double rho = (tau - Math.sqrt(2 * tau)) / (2 * kappa);
        double r = (1 + rho * rho) / (2 * rho);
        while (true) {
            double u1 = rng.nextDouble(), u2 = rng.nextDouble(), u3 = rng.nextDouble();
            double z = Math.cos(Math.PI * u1);
            double f = (1 + r * z) / (r + z);
            double c = kappa * (r - f);
            if (c * (2 - c) - u2 > 0 || Math.log(c / u2) + 1 - c >= 0) {
                double theta = Math.acos(Math.max(-1, Math.min(1, f)));
                return u3 > 0.5 ? theta : -theta;
            }
        }
    }
}
