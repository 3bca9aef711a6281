package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A high level that remembers instead of predicting: a graph of latents of real frames (semi-parametric topological
 * memory, Savinov et al. 2018; search on the replay buffer, Eysenbach et al. 2019). Its nodes are every
 * {@code every}-th frame of recorded trajectories, encoded into the latent space the low level plans in; an edge joins
 * two nodes the data went between — consecutive nodes of one trajectory, {@code every} steps apart — or two nodes of
 * different trajectories whose latents lie within {@code merge} × the data's median one-step latent distance. Edge
 * lengths are in environment steps (a merge: its latent distance in median steps), so the shortest route to the goal
 * follows moves that were seen, around the walls, through the doors. {@link HierarchicalMpc#withLandmarks} hands the
 * low level the node about k steps along that route as its subgoal.
 *
 * <p>What it is not: a learned k-step predictor. It answers "which remembered state lies k steps on toward the goal"
 * from the trajectories themselves, so it is only as good as their coverage (a door no trajectory went through is
 * closed to it) and it remembers one maze: fixed doors ({@link TwoRooms#fixed}), or trajectories recorded in the
 * episode's own maze ({@link Trajectories#in}) — one graph per maze, see {@link HierarchicalMpc#withLandmarks(java.util.function.Function, Planner)}. A merge of
 * two latents that an imperfect encoder confuses across a wall is a shortcut that does not exist; {@link #wallCrossings}
 * counts them against the true positions (for the reader; planning never reads positions).
 *
 * <pre>{@code
 * Landmarks memory = Landmarks.of(lowEnergy, Trajectories.of(env, 1000, 17, 21), 2, 1.0);
 * HierarchicalMpc h = HierarchicalMpc.withLandmarks(memory, Cem.defaults()).macroSteps(4).steps(100);   // subgoals 4 steps on
 * Episode e = h.run(lowEnergy, room, start, goal, 1);
 * }</pre>
 */
public final class Landmarks {
    /** The most nodes a graph takes: merging compares every pair (20,000 nodes: 2·10⁸ distances, tens of seconds). */
    public static final int MAX_NODES = 20_000;
    private final double[][] latents;
    private final double[][] positions;
    private final int[][] neighbours;
    private final double[][] lengths;
    private final double stepLength;
    private final int merges;
    private final int wallCrossings;
    /** Whether the latents are the positions themselves (a graph built with the true dynamics). */
    private final boolean latentsArePositions;
    /** Each node's guardrail cost, added to every edge into it (null: no guardrail). */
    private final double[] nodeCost;
    private final List<Guardrail> guards;

    Landmarks(double[][] latents, double[][] positions, int[][] neighbours, double[][] lengths, double stepLength, int merges,
              int wallCrossings) {
        this(latents, positions, neighbours, lengths, stepLength, merges, wallCrossings, false, null, List.of());
    }

    private Landmarks(double[][] latents, double[][] positions, int[][] neighbours, double[][] lengths, double stepLength, int merges,
                      int wallCrossings, boolean latentsArePositions, double[] nodeCost, List<Guardrail> guards) {
        this.latentsArePositions = latentsArePositions;
        this.nodeCost = nodeCost;
        this.guards = guards;
        this.latents = latents;
        this.positions = positions;
        this.neighbours = neighbours;
        this.lengths = lengths;
        this.stepLength = stepLength;
        this.merges = merges;
        this.wallCrossings = wallCrossings;
    }

    /**
     * The graph of {@code data}'s trajectories in {@code encoder}'s latent space.
     *
     * @param encoder the energy the low level plans with: its {@link ActionEnergy#latent} encodes the frames
     * @param data    trajectories of one maze (e.g. 1,000 × 17 frames): of a fixed-door environment, or {@link Trajectories#in} a layout
     * @param every   a node every this many frames of a trajectory (≥ 1; its first frame always)
     * @param merge   merge radius in median one-step latent distances (≥ 0; 0: trajectories are joined only where
     *                they share a latent exactly)
     */
    public static Landmarks of(ActionEnergy encoder, Trajectories data, int every, double merge) {
        WorkbenchException.require(encoder != null && data != null, "Landmarks.of: an encoder energy and trajectories are required");
        WorkbenchException.require(every >= 1 && every < data.frames(), "Landmarks.of: every must be in [1, " + (data.frames() - 1)
                + "] for trajectories of " + data.frames() + " frames, got " + every);
        WorkbenchException.require(merge >= 0 && Double.isFinite(merge), "Landmarks.of: the merge radius must be finite and >= 0, got " + merge);
        WorkbenchException.require(data.env().isFixed() || data.layout() != null, "Landmarks.of: a landmark graph remembers one maze, but "
                + data.env() + " draws walls and doors per trajectory; record the trajectories in the episode's maze, data.in(layout),"
                + " or build it on TwoRooms.fixed(..)");
        int n = data.size(), frames = data.frames();
        int per = (frames - 1) / every + 1;                  // nodes per trajectory: frames 0, every, 2·every, …
        long nodes = (long) n * per;
        WorkbenchException.require(nodes <= MAX_NODES, "Landmarks.of: " + nodes + " nodes (" + data.size() + " trajectories, one node every "
                + every + " of " + frames + " frames) exceed " + MAX_NODES + "; merging compares every pair: use fewer trajectories or a larger every");
        TwoRooms.Layout layout = data.layout() != null ? data.layout() : data.get(0).layout();
        INDArray[] fp = data.framesAndPositions(n);
        double[][] all = encoder.latent(fp[0]).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] xy = fp[1].castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] step = new double[n * (frames - 1)];
        for (int i = 0; i < n; i++)
            for (int t = 0; t + 1 < frames; t++) step[i * (frames - 1) + t] = distance(all[i * frames + t], all[i * frames + t + 1]);
        Arrays.sort(step);
        double median = step[step.length / 2];
        WorkbenchException.require(median > 0, "Landmarks.of: consecutive frames share one latent (median step 0); is the encoder collapsed?");
        int count = (int) nodes;
        double[][] z = new double[count][], p = new double[count][];
        for (int i = 0; i < n; i++)
            for (int q = 0; q < per; q++) {
                z[i * per + q] = all[i * frames + q * every];
                p[i * per + q] = xy[i * frames + q * every];
            }
        List<List<double[]>> adj = new ArrayList<>(count);
        for (int j = 0; j < count; j++) adj.add(new ArrayList<>());
        for (int i = 0; i < n; i++)
            for (int q = 0; q + 1 < per; q++) link(adj, i * per + q, i * per + q + 1, every);
        double r = merge * median;
        int merged = 0, crossing = 0;
        for (int a = 0; a < count; a++)
            for (int b = a + 1; b < count; b++) {
                if (a / per == b / per) continue;
                double d = distance(z[a], z[b]);
                if (d > r) continue;
                link(adj, a, b, d / median);
                merged++;
                if (crossesWall(layout, p[a], p[b])) crossing++;
            }
        int[][] nb = new int[count][];
        double[][] len = new double[count][];
        for (int j = 0; j < count; j++) {
            nb[j] = adj.get(j).stream().mapToInt(e -> (int) e[0]).toArray();
            len[j] = adj.get(j).stream().mapToDouble(e -> e[1]).toArray();
        }
        return new Landmarks(z, p, nb, len, median, merged, crossing, encoder instanceof TrueDynamicsEnergy, null, List.of());
    }

    /**
     * A copy whose routes also pay the guardrails: each node's cost under {@code guards} (as a one-step path: a
     * {@link ForbiddenRegion} costs its weight × the depth of the node inside it) is added to the length of every edge
     * into it, so the shortest route goes round a hazard when a way round exists, and through it when none does. The
     * same guardrail belongs in the low level's energy too: the graph only chooses the subgoals.
     */
    public Landmarks avoiding(Guardrail... guards) {
        WorkbenchException.require(guards != null && guards.length >= 1, "Landmarks.avoiding: give at least one guardrail");
        int n = latents.length, d = latentWidth();
        double[] cost = nodeCost == null ? new double[n] : nodeCost.clone();
        List<Guardrail> all = new ArrayList<>(this.guards);
        for (Guardrail g : guards) {
            WorkbenchException.require(g != null, "Landmarks.avoiding: a guardrail is null");
            all.add(g);
            if (latentsArePositions) {
                for (int i = 0; i < n; i++) cost[i] += g.positionCost(new double[][] {latents[i]});
                continue;
            }
            SameDiff sd = SameDiff.create();
            SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, 1, d);
            SDVariable c = g.cost(sd, z, d, 1);
            double[] each = sd.output(Map.of("z", Nd4j.createFromArray(latents).reshape(n, 1, d)), c.name()).get(c.name())
                    .castTo(DataType.DOUBLE).toDoubleVector();
            for (int i = 0; i < n; i++) cost[i] += each[i];
        }
        for (double c : cost) WorkbenchException.require(Double.isFinite(c) && c >= 0, "Landmarks.avoiding: a guardrail gave the cost " + c
                + "; guardrail costs must be finite and >= 0");
        return new Landmarks(latents, positions, neighbours, lengths, stepLength, merges, wallCrossings, latentsArePositions, cost,
                List.copyOf(all));
    }

    /** The guardrails its routes pay ({@link #avoiding}); empty when none. */
    public List<Guardrail> guardrails() {
        return guards;
    }

    private static void link(List<List<double[]>> adj, int a, int b, double length) {
        adj.get(a).add(new double[] {b, length});
        adj.get(b).add(new double[] {a, length});
    }

    /**
     * Whether a merge between true positions a and b joins two rooms away from their door: in rooms two or more apart,
     * or in neighbouring rooms with its midpoint more than half a pixel beyond the door's opening. (A merge that
     * clips a door's corner is not counted: the agent walks round it in a step.)
     */
    static boolean crossesWall(TwoRooms.Layout layout, double[] a, double[] b) {
        int ra = layout.room(a[0]), rb = layout.room(b[0]);
        if (ra == rb) return false;
        if (Math.abs(ra - rb) > 1) return true;
        int wall = Math.min(ra, rb);
        return Math.abs((a[1] + b[1]) / 2 - layout.doorY(wall)) > layout.env().halfDoor() + 0.5;
    }

    /** Number of nodes. */
    public int size() {
        return latents.length;
    }

    /** Width D of the latents. */
    public int latentWidth() {
        return latents.length == 0 ? 0 : latents[0].length;
    }

    /** The data's median latent distance between consecutive frames: the unit of the merge radius. */
    public double stepLength() {
        return stepLength;
    }

    /** Edges that join two trajectories (merges). */
    public int merges() {
        return merges;
    }

    /**
     * Merges whose true positions lie on two sides of a wall, away from its door: shortcuts an encoder made by
     * confusing the two sides, counted for the reader.
     */
    public int wallCrossings() {
        return wallCrossings;
    }

    /** Node {@code i}'s latent [D] (a copy). */
    public double[] latent(int i) {
        return latents[i].clone();
    }

    /** Node {@code i}'s true position in pixels (for pictures: planning never reads it). */
    public double[] position(int i) {
        return positions[i].clone();
    }

    /** The node whose latent is nearest {@code z} [D]. */
    int nearest(double[] z) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int j = 0; j < latents.length; j++) {
            double d = distance(z, latents[j]);
            if (d < bd) {
                bd = d;
                best = j;
            }
        }
        return best;
    }

    /**
     * Shortest routes from every node to the node nearest {@code goal} [D] (Dijkstra from the goal over the
     * undirected graph).
     */
    public Route route(double[] goal) {
        WorkbenchException.require(goal != null && goal.length == latentWidth(), "Landmarks.route: the goal latent must have width "
                + latentWidth() + ", got " + (goal == null ? "null" : goal.length));
        int count = latents.length, g = nearest(goal);
        double[] togo = new double[count];
        int[] next = new int[count];
        Arrays.fill(togo, Double.POSITIVE_INFINITY);
        Arrays.fill(next, -1);
        togo[g] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[1], b[1]));
        queue.add(new double[] {g, 0});
        while (!queue.isEmpty()) {
            double[] e = queue.poll();
            int u = (int) e[0];
            if (e[1] > togo[u]) continue;
            for (int i = 0; i < neighbours[u].length; i++) {
                int v = neighbours[u][i];
                // routes are searched from the goal, so the edge v → u of the agent's route enters u
                double d = togo[u] + lengths[u][i] + (nodeCost == null ? 0 : nodeCost[u]);
                if (d < togo[v]) {
                    togo[v] = d;
                    next[v] = u;
                    queue.add(new double[] {v, d});
                }
            }
        }
        return new Route(g, togo, next);
    }

    /** {@link #route(double[])} to the goal position {@code goal} of {@code layout}, encoded by {@code encoder}. */
    public Route route(ActionEnergy encoder, TwoRooms.Layout layout, double[] goal) {
        WorkbenchException.require(encoder != null && layout != null && goal != null && goal.length == 2 && layout.free(goal[0], goal[1]),
                "Landmarks.route: an encoder, a layout and a goal in its free space are required");
        INDArray frame = Nd4j.create(layout.render(goal), 1, layout.env().frameWidth());
        return route(encoder.latent(frame).castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** Every node's position and its route length to the goal (infinite: no route), for pictures. */
    public Table table(Route route) {
        WorkbenchException.require(route != null && route.togo.length == latents.length, "Landmarks.table: a route of this graph is required");
        Table t = Table.create("landmarks", IntColumn.create("node"), DoubleColumn.create("x_px"), DoubleColumn.create("y_px"),
                DoubleColumn.create("steps_to_goal"));
        for (int i = 0; i < latents.length; i++) {
            t.intColumn("node").append(i);
            t.doubleColumn("x_px").append(positions[i][0]);
            t.doubleColumn("y_px").append(positions[i][1]);
            t.doubleColumn("steps_to_goal").append(route.togo[i]);
        }
        return t;
    }

    /**
     * Shortest routes to one goal node.
     *
     * @param goal the goal's node
     * @param togo each node's route length to it in environment steps (infinite where no route leads)
     * @param next each node's next node on its route (−1 at the goal and where no route leads)
     */
    public record Route(int goal, double[] togo, int[] next) {
        /**
         * The node about {@code ahead} steps along the route from {@code from}: the first node at least that far on,
         * or the goal node when it is nearer; {@code from} itself when no route leads from it.
         */
        public int ahead(int from, double ahead) {
            int u = from;
            if (Double.isInfinite(togo[u])) return u;
            while (next[u] >= 0 && togo[from] - togo[u] < ahead) u = next[u];
            return u;
        }

        /** Whether a route leads from node {@code i} to the goal. */
        public boolean reaches(int i) {
            return !Double.isInfinite(togo[i]);
        }
    }

    /** Euclidean distance between two latents [D]. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return String.format("Landmarks(%d nodes, %d merges, %d across a wall, median step %.3f%s)", latents.length, merges,
                wallCrossings, stepLength, guards.isEmpty() ? "" : ", avoiding " + guards.stream().map(Guardrail::name).toList());
    }
}
