package org.jepa.workbench.world;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Energy over a grid of first actions (Δx, Δy) ∈ [−extent, extent]², the rest of the sequence held fixed:
 * the picture V-JEPA 2 draws of its planning energy. {@link #ofModel} is what the planner sees (the world
 * model's imagined goal distance, latent units); {@link #ofEnvironment} is the same cost measured by
 * stepping the real environment (pixels) — where the two minima agree, the model plans the right first move.
 * Actions longer than the bound are projected onto it, as the planners do.
 *
 * @param title    a caption
 * @param extent   half-width of the grid, action units
 * @param energies [n][n]: row i is Δy = −extent + 2·extent·i/(n−1), column j is Δx likewise
 */
public record ActionLandscape(String title, double extent, double[][] energies) {

    public ActionLandscape {
        WorkbenchException.require(energies != null && energies.length >= 2 && energies[0].length == energies.length,
                "ActionLandscape: energies must be a square grid of at least 2×2");
        WorkbenchException.require(extent > 0 && Double.isFinite(extent), "ActionLandscape: extent must be > 0, got " + extent);
    }

    /** The same map under another caption. */
    public ActionLandscape titled(String caption) {
        return new ActionLandscape(caption, extent, energies);
    }

    /** Grid points per axis n. */
    public int resolution() {
        return energies.length;
    }

    /** The action at grid cell (i, j) = {row, column}: {Δx, Δy}. */
    public double[] action(int[] cell) {
        int n = resolution();
        return new double[] {-extent + 2 * extent * cell[1] / (n - 1.0), -extent + 2 * extent * cell[0] / (n - 1.0)};
    }

    /** The cell {row, column} of the lowest energy. */
    public int[] argmin() {
        int[] best = {0, 0};
        for (int i = 0; i < energies.length; i++) {
            for (int j = 0; j < energies.length; j++) if (energies[i][j] < energies[best[0]][best[1]]) best = new int[] {i, j};
        }
        return best;
    }

    /** The action of the lowest energy {Δx, Δy}. */
    public double[] bestAction() {
        return action(argmin());
    }

    /**
     * The planning energy over the first action: n² candidates in one graph call.
     *
     * @param rest the other H−1 actions [H−1][2] (e.g. a plan's), or null for zeros
     */
    public static ActionLandscape ofModel(ActionEnergy energy, INDArray start, INDArray goal, double[][] rest, int n) {
        WorkbenchException.require(energy != null, "ActionLandscape: energy is null");
        WorkbenchException.require(energy.actionWidth() == 2, "ActionLandscape: needs 2-D actions, the model takes " + energy.actionWidth());
        check(n, rest, energy.horizon());
        int h = energy.horizon();
        double ext = Double.isInfinite(energy.maxNorm()) ? 2.45 : energy.maxNorm();
        double[][][] c = candidates(n, ext, rest, h);
        energy.project(c);
        INDArray a = Nd4j.createFromArray(c).castTo(DataType.FLOAT);
        double[] e = energy.energies(start, goal, a);
        return new ActionLandscape("model energy (latent)", ext, grid(e, n));
    }

    /**
     * The same cost in the environment: Σ_t ‖p_t − goal‖ over the H positions the actions really reach, pixels.
     */
    public static ActionLandscape ofEnvironment(TwoRooms.Layout room, double[] start, double[] goal, double[][] rest, int horizon, int n) {
        WorkbenchException.require(room != null && start != null && goal != null, "ActionLandscape: layout, start and goal are required");
        WorkbenchException.require(horizon >= 1, "ActionLandscape: the horizon must be >= 1, got " + horizon);
        check(n, rest, horizon);
        double ext = room.env().maxAction();
        double[][][] c = candidates(n, ext, rest, horizon);
        double[] e = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            double[][] p = room.path(start, c[k]);
            for (int t = 1; t <= horizon; t++) e[k] += Math.hypot(p[t][0] - goal[0], p[t][1] - goal[1]);
        }
        return new ActionLandscape("environment cost (px)", ext, grid(e, n));
    }

    private static void check(int n, double[][] rest, int h) {
        WorkbenchException.require(n >= 2 && n <= 201, "ActionLandscape: resolution must be in [2, 201], got " + n);
        WorkbenchException.require(rest == null || rest.length == h - 1, "ActionLandscape: rest must hold the other "
                + (h - 1) + " actions, got " + (rest == null ? 0 : rest.length));
        if (rest != null) for (double[] a : rest) {
            WorkbenchException.require(a != null && a.length == 2, "ActionLandscape: each action of rest must be 2-D");
            WorkbenchException.require(Double.isFinite(a[0]) && Double.isFinite(a[1]), "ActionLandscape: an action of rest is not finite");
        }
    }

    private static double[][][] candidates(int n, double ext, double[][] rest, int h) {
        double[][][] c = new double[n * n][h][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[][] seq = c[i * n + j];
                seq[0][0] = -ext + 2 * ext * j / (n - 1.0);
                seq[0][1] = -ext + 2 * ext * i / (n - 1.0);
                for (int t = 1; t < h; t++) if (rest != null) seq[t] = rest[t - 1].clone();
            }
        }
        return c;
    }

    private static double[][] grid(double[] e, int n) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(e, i * n, g[i], 0, n);
        return g;
    }
}
