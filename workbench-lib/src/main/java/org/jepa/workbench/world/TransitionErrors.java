package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Does the world model know the walls? One imagined step from every transition of some trajectories, read
 * back to pixels by a position probe, compared with where the agent really went — split into moves the
 * environment let through and moves a wall stopped. Next to the blocked error stands the error of a model
 * that ignores walls (the unclipped move): a predictor that learned the walls is well below it.
 *
 * <pre>{@code
 * TransitionErrors.of(world, probe, Trajectories.of(env, 400, 5, 99), 400)
 * // kind | transitions | model_error_px | wall_blind_error_px
 * }</pre>
 */
public final class TransitionErrors {
    private TransitionErrors() {
    }

    /** The table over every transition of the first {@code n} trajectories of {@code data}. */
    public static Table of(Jepa model, RegressionProbe probe, Trajectories data, int n) {
        return of(model, probe, data, n, Double.NaN);
    }

    /**
     * The same table with every recorded action rescaled to norm {@code actionNorm} (action units, at most the
     * environment's {@link TwoRooms#maxAction()}) and stepped through the environment again from the same positions:
     * does the model know the walls for moves of the size a planner asks about, not only for the data's? EB-JEPA's
     * data steps are at most 1.8 long, its planners' up to 2.45.
     */
    public static Table of(Jepa model, RegressionProbe probe, Trajectories data, int n, double actionNorm) {
        WorkbenchException.require(Double.isNaN(actionNorm) || actionNorm > 0 && data != null && actionNorm <= data.env().maxAction(),
                "TransitionErrors: the action norm must be in (0, " + (data == null ? "maxAction" : data.env().maxAction()) + "], got " + actionNorm);
        WorkbenchException.require(model != null && probe != null && data != null, "TransitionErrors: model, probe and data are required");
        WorkbenchException.require(n >= 1 && n <= data.size(), "TransitionErrors: n must be in [1, " + data.size() + "], got " + n);
        WorkbenchException.require(probe.inputWidth() == model.latentWidth() && probe.outputWidth() == 2,
                "TransitionErrors: the probe must map the model's " + model.latentWidth() + "-d latent to (x, y)");
        TwoRooms env = data.env();
        int fw = env.frameWidth();
        List<double[]> from = new ArrayList<>(), act = new ArrayList<>(), to = new ArrayList<>();
        List<TwoRooms.Layout> rooms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Trajectories.Trajectory t = data.get(i);
            for (int s = 0; s + 1 < data.frames(); s++) {
                from.add(t.positions()[s]);
                if (Double.isNaN(actionNorm)) {
                    act.add(t.actions()[s]);
                    to.add(t.positions()[s + 1]);
                } else {
                    double[] u = t.actions()[s].clone();
                    double scale = actionNorm / Math.max(1e-12, Math.hypot(u[0], u[1]));
                    u[0] *= scale;
                    u[1] *= scale;
                    act.add(u);
                    to.add(t.layout().step(t.positions()[s], u));
                }
                rooms.add(t.layout());
            }
        }
        int r = from.size();
        float[] frames = new float[r * fw];
        float[] a = new float[r * 2];
        for (int k = 0; k < r; k++) {
            rooms.get(k).render(from.get(k), frames, k * fw);
            a[2 * k] = (float) act.get(k)[0];
            a[2 * k + 1] = (float) act.get(k)[1];
        }
        INDArray next = model.rollout(Nd4j.create(frames, new long[] {r, fw}, 'c'), Nd4j.create(a, new long[] {r, 1, 2}, 'c'));
        INDArray xy = probe.predict(next.reshape(r, model.latentWidth()).castTo(DataType.DOUBLE));
        double[] err = new double[2], blind = new double[2];
        int[] count = new int[2];
        for (int k = 0; k < r; k++) {
            double[] p = from.get(k), q = to.get(k), u = act.get(k).clone();
            double norm = Math.hypot(u[0], u[1]);
            if (norm > env.maxAction()) {
                u[0] *= env.maxAction() / norm;
                u[1] *= env.maxAction() / norm;
            }
            double bx = p[0] + u[0] * env.moveScale(), by = p[1] + u[1] * env.moveScale();
            double wallBlind = Math.hypot(q[0] - bx, q[1] - by);
            int kind = wallBlind > 1e-6 ? 1 : 0;
            err[kind] += Math.hypot(xy.getDouble(k, 0) - q[0], xy.getDouble(k, 1) - q[1]);
            blind[kind] += wallBlind;
            count[kind]++;
        }
        return Table.create("one imagined step, read by the position probe (" + r + " transitions)",
                StringColumn.create("kind", "free moves", "moves a wall stopped"),
                IntColumn.create("transitions", count),
                DoubleColumn.create("model_error_px", err[0] / Math.max(1, count[0]), err[1] / Math.max(1, count[1])),
                DoubleColumn.create("wall_blind_error_px", 0.0, blind[1] / Math.max(1, count[1])));
    }
}
