package org.jepa.workbench.bench;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.TwoRooms;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An experiment's energy, between the model's and the true dynamics': the environment steps each candidate (no
 * predictor error), and the cost is the learned encoder's distance Σ_t ‖Enc(frame(p_t)) − z_goal‖. It asks whether
 * the learned latent's geometry — not its predictor — makes the summed goal distance a better or worse guide than
 * the Euclidean one. The "latent" carries the position beside the encoding, [z (D), x, y], so the stepping can start
 * from it; bench-only, not a library part.
 */
final class LatentDistanceEnergy implements ActionEnergy {
    private final Jepa model;
    private final TwoRooms.Layout room;
    private final int horizon;
    private final double maxNorm;
    private final int d;
    private final double terminal;

    LatentDistanceEnergy(Jepa model, TwoRooms.Layout room, int horizon, double maxNorm) {
        this(model, room, horizon, maxNorm, 0);
    }

    /** With {@code terminal} w: the last step's distance counted w more times (as {@code PlanningObjective.terminal}). */
    LatentDistanceEnergy(Jepa model, TwoRooms.Layout room, int horizon, double maxNorm, double terminal) {
        this.terminal = terminal;
        this.model = model;
        this.room = room;
        this.horizon = horizon;
        this.maxNorm = maxNorm;
        this.d = (int) model.latentWidth();
    }

    @Override
    public ActionEnergy maxNorm(double n) {
        return new LatentDistanceEnergy(model, room, horizon, n, terminal);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public int actionWidth() {
        return 2;
    }

    @Override
    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public long latentWidth() {
        return d + 2;
    }

    @Override
    public INDArray latent(INDArray frames) {
        INDArray f = frames.rank() == 1 ? frames.reshape(1, frames.length()) : frames;
        INDArray z = model.latent(f.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE);
        double[][] p = new double[(int) f.rows()][];
        for (int i = 0; i < p.length; i++) p[i] = room.position(f.getRow(i).castTo(DataType.FLOAT).toFloatVector());
        return Nd4j.hstack(z, Nd4j.createFromArray(p));
    }

    @Override
    public double[] energies(INDArray start, INDArray goal, INDArray actions) {
        double[][] dist = distances(start, goal, actions);
        double[] e = new double[dist.length];
        for (int i = 0; i < dist.length; i++) {
            for (double v : dist[i]) e[i] += v;
            e[i] += terminal * dist[i][horizon - 1];
        }
        return e;
    }

    @Override
    public INDArray stepDistances(INDArray start, INDArray goal, INDArray actions) {
        return Nd4j.createFromArray(distances(start, goal, actions));
    }

    @Override
    public INDArray imagine(INDArray start, INDArray actions) {
        throw new UnsupportedOperationException("LatentDistanceEnergy is a flat-planning experiment; it imagines no latents");
    }

    @Override
    public Gradient gradient(INDArray start, INDArray goal, INDArray actions) {
        throw new WorkbenchException("LatentDistanceEnergy has no gradient");
    }

    private double[][] distances(INDArray start, INDArray goal, INDArray actions) {
        double[] s = start.castTo(DataType.DOUBLE).toDoubleVector();
        double[] zg = goal.castTo(DataType.DOUBLE).toDoubleVector();
        int n = (int) actions.size(0), fw = room.env().frameWidth();
        double[] a = actions.castTo(DataType.DOUBLE).dup('c').reshape((long) n * horizon * 2).toDoubleVector();
        float[] frames = new float[n * horizon * fw];
        for (int i = 0; i < n; i++) {
            double[] p = {s[d], s[d + 1]};
            for (int t = 0; t < horizon; t++) {
                double[] act = {a[(i * horizon + t) * 2], a[(i * horizon + t) * 2 + 1]};
                clip(act);
                p = room.step(p, act);
                room.render(p, frames, (i * horizon + t) * fw);
            }
        }
        INDArray z = model.latent(Nd4j.create(frames, new long[] {(long) n * horizon, fw}, 'c')).castTo(DataType.DOUBLE);
        double[] zs = z.dup('c').reshape(z.length()).toDoubleVector();
        double[][] out = new double[n][horizon];
        for (int k = 0; k < n * horizon; k++) {
            double q = 0;
            for (int j = 0; j < d; j++) q += (zs[k * d + j] - zg[j]) * (zs[k * d + j] - zg[j]);
            out[k / horizon][k % horizon] = Math.sqrt(q);
        }
        return out;
    }
}
