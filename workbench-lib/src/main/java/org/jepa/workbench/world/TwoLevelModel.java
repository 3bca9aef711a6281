package org.jepa.workbench.world;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A two-level world model as a recipe (temporal abstraction; HWM, Zhang et al. 2026): the low level is
 * {@link TwoRoomsModel}'s one-step JEPA; the high level is the same recipe with the low level's encoder copied in
 * and frozen, whose predictor learns ẑ_{t+k} = P_high(z_t, ā) from {@link Trajectories#macro(int) macro-steps} —
 * ā the mean of k actions. Both levels share one latent space (the low level's embedding, not a coarser one): a
 * high-level prediction is then a subgoal the low-level planner can aim at directly, and one position probe reads
 * both. Each level is a plain {@link Jepa} trained by the same trainer.
 *
 * <pre>{@code
 * TwoLevelModel two = TwoLevelModel.of(env).macroSteps(8);
 * Jepa low = two.low();
 * trainer.fit(low, Trajectories.of(env, 15000, 5, 1));
 * Jepa high = two.high(low);                                   // encoder copied from low, frozen
 * trainer.fit(high, Trajectories.of(env, 6000, 17, 2).macro(two.macroSteps()));
 * TwoLevelModel.kStepErrors(low, high, Trajectories.of(env, 300, 17, 99), 8, probe);
 * }</pre>
 */
public final class TwoLevelModel {
    private final TwoRooms env;
    private final TwoRoomsModel recipe;
    private final int macroSteps;

    private TwoLevelModel(TwoRooms env, TwoRoomsModel recipe, int macroSteps) {
        WorkbenchException.require(env != null && recipe != null, "TwoLevelModel: environment and recipe are required");
        WorkbenchException.require(macroSteps >= 2, "TwoLevelModel: a macro-step spans at least 2 environment steps, got " + macroSteps);
        this.env = env;
        this.recipe = recipe;
        this.macroSteps = macroSteps;
    }

    /** Both levels from {@link TwoRoomsModel#of}'s default recipe; macro-steps of 8 environment steps. */
    public static TwoLevelModel of(TwoRooms env) {
        return new TwoLevelModel(env, TwoRoomsModel.of(env), 8);
    }

    /** Copy whose macro-step spans {@code k} environment steps. */
    public TwoLevelModel macroSteps(int k) {
        return new TwoLevelModel(env, recipe, k);
    }

    /** Copy with another low-level recipe (the high level takes its widths and a frozen encoder). */
    public TwoLevelModel recipe(TwoRoomsModel r) {
        return new TwoLevelModel(env, r.copy(), macroSteps);
    }

    public int macroSteps() {
        return macroSteps;
    }

    /** A fresh, untrained low-level model. */
    public Jepa low() {
        return recipe.copy().build();
    }

    /**
     * A fresh high-level model whose encoder is {@code trainedLow}'s, copied and frozen; only its predictor learns
     * (from the prediction cost: the latent regularizers act on the encoder, which is fixed).
     */
    public Jepa high(Jepa trainedLow) {
        WorkbenchException.require(trainedLow != null && trainedLow.parameters().updates() > 0,
                "TwoLevelModel.high: train the low-level model first; its encoder is the high level's");
        Jepa high = recipe.copy().frozenEncoder().build();
        high.copyEncoderFrom(trainedLow);
        return high;
    }

    /**
     * How well each level predicts k steps ahead on held-out trajectories: the high level in one macro-step, against
     * the low level composed k times on the same actions, both against the low level's latent of frame k. With a
     * probe the errors are also read in pixels, over all chunks and split into chunks a wall changed (the true k-step
     * move differs by more than 0.5 px from the same actions in an empty box) and free ones, beside a third row: the
     * wall-blind answer (the start plus the actions' free move), which a model that learned nothing about walls would give.
     *
     * @param probe latent → (x, y), for the pixel columns (may be null)
     * @return rows "high level, 1 macro-step", "low level composed k times" (and, with a probe, "wall-blind");
     *         columns latent_mse, relative_mse (over the targets' variance) and, with a probe, position_rmse_px,
     *         rmse_px_free, rmse_px_wall_changed (per coordinate) and wall_changed_chunks
     */
    public static Table kStepErrors(Jepa low, Jepa high, Trajectories heldOut, int k, RegressionProbe probe) {
        WorkbenchException.require(low != null && high != null && heldOut != null, "TwoLevelModel.kStepErrors: models and data are required");
        WorkbenchException.require(k >= 1 && k < heldOut.frames(), "TwoLevelModel.kStepErrors: k must be in [1, " + (heldOut.frames() - 1)
                + "] for trajectories of " + heldOut.frames() + " frames, got " + k);
        TwoRooms env = heldOut.env();
        int n = heldOut.size(), fw = env.frameWidth();
        float[] f0 = new float[n * fw], fk = new float[n * fw];
        double[][][] acts = new double[n][k][];
        double[][][] macro = new double[n][1][];
        double[][] xy = new double[n][], blind = new double[n][];
        boolean[] walled = new boolean[n];
        for (int i = 0; i < n; i++) {
            Trajectories.Trajectory tr = heldOut.get(i);
            tr.layout().render(tr.positions()[0], f0, i * fw);
            tr.layout().render(tr.positions()[k], fk, i * fw);
            for (int t = 0; t < k; t++) acts[i][t] = tr.actions()[t];
            macro[i][0] = Trajectories.macroAction(tr.actions(), 0, k, env.maxAction());
            xy[i] = tr.positions()[k];
            blind[i] = new double[] {tr.positions()[0][0] + k * env.moveScale() * macro[i][0][0],
                    tr.positions()[0][1] + k * env.moveScale() * macro[i][0][1]};
            walled[i] = Math.hypot(blind[i][0] - xy[i][0], blind[i][1] - xy[i][1]) > 0.5;
        }
        INDArray start = Nd4j.create(f0, new long[] {n, fw}, 'c'), end = Nd4j.create(fk, new long[] {n, fw}, 'c');
        INDArray target = low.latent(end).castTo(DataType.DOUBLE);
        INDArray composed = low.rollout(start, Nd4j.createFromArray(acts).castTo(DataType.FLOAT))
                .get(NDArrayIndex.all(), NDArrayIndex.point(k - 1), NDArrayIndex.all()).castTo(DataType.DOUBLE);
        INDArray oneStep = high.rollout(start, Nd4j.createFromArray(macro).castTo(DataType.FLOAT))
                .get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).castTo(DataType.DOUBLE);
        double var = target.var(false, 0).sumNumber().doubleValue();
        StringColumn name = StringColumn.create("predictor", "high level, 1 macro-step", "low level composed " + k + " times");
        DoubleColumn mse = DoubleColumn.create("latent_mse"), rel = DoubleColumn.create("relative_mse");
        for (INDArray p : new INDArray[] {oneStep, composed}) {
            double m = p.sub(target).norm2Number().doubleValue();
            m = m * m / n;
            mse.append(m);
            rel.append(m / var);
        }
        Table t = Table.create("k-step prediction, k = " + k + ", " + n + " held-out trajectories", name, mse, rel);
        if (probe == null) return t;
        name.append("wall-blind (start + free move)");
        mse.appendMissing();
        rel.appendMissing();
        DoubleColumn all = DoubleColumn.create("position_rmse_px"), free = DoubleColumn.create("rmse_px_free");
        DoubleColumn wall = DoubleColumn.create("rmse_px_wall_changed");
        IntColumn count = IntColumn.create("wall_changed_chunks");
        double[][][] predicted = {probe.predict(oneStep).toDoubleMatrix(), probe.predict(composed).toDoubleMatrix(), blind};
        for (double[][] p : predicted) {
            double[] se = new double[3];
            int[] c = new int[3];
            for (int i = 0; i < n; i++) {
                double e = (p[i][0] - xy[i][0]) * (p[i][0] - xy[i][0]) + (p[i][1] - xy[i][1]) * (p[i][1] - xy[i][1]);
                int g = walled[i] ? 2 : 1;
                se[0] += e;
                se[g] += e;
                c[0]++;
                c[g]++;
            }
            all.append(Math.sqrt(se[0] / (2.0 * c[0])));
            free.append(c[1] == 0 ? Double.NaN : Math.sqrt(se[1] / (2.0 * c[1])));
            wall.append(c[2] == 0 ? Double.NaN : Math.sqrt(se[2] / (2.0 * c[2])));
            count.append(c[2]);
        }
        return t.addColumns(all, free, wall, count);
    }

    @Override
    public String toString() {
        return "TwoLevelModel(" + recipe + ", macro-steps of " + macroSteps + ")";
    }
}
