package org.jepa.workbench.world;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Finite;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ActionEnergy#trueDynamics}: the planning energy with Two Rooms itself as the world model. The latent is
 * the position in pixels, each candidate is stepped by the layout (the same clipping and wall stops as an
 * episode), and E = Σ_t ‖p_t − p_goal‖ (or the last step's), as {@link PlanningObjective} defines it for latents.
 */
final class TrueDynamicsEnergy implements ActionEnergy {
    private final TwoRooms.Layout room;
    private final PlanningObjective objective;
    private final int horizon;
    private final double maxNorm;
    private final int repeat;

    TrueDynamicsEnergy(TwoRooms.Layout room, PlanningObjective objective, int horizon, double maxNorm) {
        this(room, objective, horizon, maxNorm, 1);
    }

    TrueDynamicsEnergy(TwoRooms.Layout room, PlanningObjective objective, int horizon, double maxNorm, int repeat) {
        WorkbenchException.require(repeat >= 1, "ActionEnergy.trueDynamics: each action is held for repeat >= 1 steps, got " + repeat);
        WorkbenchException.require(room != null, "ActionEnergy.trueDynamics: layout is null");
        WorkbenchException.require(objective != null, "ActionEnergy.trueDynamics: objective is null");
        WorkbenchException.require(horizon >= 1, "ActionEnergy.trueDynamics: the horizon must be >= 1 action, got " + horizon);
        WorkbenchException.require(maxNorm > 0 && !Double.isNaN(maxNorm), "ActionEnergy: maxNorm must be > 0, got " + maxNorm);
        this.room = room;
        this.objective = objective;
        this.horizon = horizon;
        this.maxNorm = maxNorm;
        this.repeat = repeat;
    }

    @Override
    public ActionEnergy maxNorm(double n) {
        return new TrueDynamicsEnergy(room, objective, horizon, n, repeat);
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
        return 2;
    }

    @Override
    public INDArray latent(INDArray frames) {
        WorkbenchException.require(frames != null, "ActionEnergy.latent: frames are null");
        int fw = room.env().frameWidth();
        INDArray f = frames.rank() == 1 ? frames.reshape(1, frames.length()) : frames;
        WorkbenchException.require(f.rank() == 2 && f.columns() == fw, "ActionEnergy.latent: frames of " + room.env()
                + " must be [N, " + fw + "], got " + java.util.Arrays.toString(frames.shape()));
        Finite.require(f, "observation");
        int n = (int) f.rows();
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) p[i] = room.position(f.getRow(i).castTo(DataType.FLOAT).toFloatVector());
        return Nd4j.createFromArray(p);       // double: the read-out is finer than float near a wall
    }

    @Override
    public double[] energies(INDArray start, INDArray goal, INDArray actions) {
        double[][] d = new double[(int) actions.size(0)][horizon];
        double[][][] path = objective.guardrails().isEmpty() ? null : new double[d.length][horizon][];
        walk(start, goal, actions, path, d);
        double[] e = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            e[i] = objective.goalCost(d[i]);
            if (path != null) for (Guardrail g : objective.guardrails()) e[i] += g.positionCost(path[i]);
        }
        return e;
    }

    @Override
    public INDArray stepDistances(INDArray start, INDArray goal, INDArray actions) {
        return Nd4j.createFromArray(distances(start, goal, actions));
    }

    @Override
    public INDArray imagine(INDArray start, INDArray actions) {
        double[][][] p = new double[(int) actions.size(0)][horizon][];
        walk(start, start, actions, p, null);
        return Nd4j.createFromArray(p);
    }

    @Override
    public Gradient gradient(INDArray start, INDArray goal, INDArray actions) {
        throw new WorkbenchException("ActionEnergy.trueDynamics has no gradient: a wall stops the agent, so the position is"
                + " piecewise constant in the actions. Plan with Cem or Mppi, or use a trained model's energy (ActionEnergy.of)"
                + " for the GradientPlanner");
    }

    /** Goal distance after each step of each candidate [N][H], pixels. */
    private double[][] distances(INDArray start, INDArray goal, INDArray actions) {
        double[][] d = new double[(int) actions.size(0)][horizon];
        walk(start, goal, actions, null, d);
        return d;
    }

    /** Steps every candidate; fills its positions [N][H][2] and/or goal distances [N][H] where not null. */
    private void walk(INDArray start, INDArray goal, INDArray actions, double[][][] positions, double[][] d) {
        ModelEnergy.check(this, start, goal, actions);
        double[] s = start.castTo(DataType.DOUBLE).toDoubleVector(), g = goal.castTo(DataType.DOUBLE).toDoubleVector();
        WorkbenchException.require(room.free(s[0], s[1]), "ActionEnergy.trueDynamics: the start (" + s[0] + ", " + s[1]
                + ") is not free space of " + room);
        int n = (int) actions.size(0);
        double[] a = actions.castTo(DataType.DOUBLE).dup('c').reshape(n * (long) horizon * 2).toDoubleVector();
        double[] p = new double[2], act = new double[2];
        for (int i = 0; i < n; i++) {
            p[0] = s[0];
            p[1] = s[1];
            for (int t = 0; t < horizon; t++) {
                act[0] = a[(i * horizon + t) * 2];
                act[1] = a[(i * horizon + t) * 2 + 1];
                clip(act);
                for (int r = 0; r < repeat; r++) room.move(p, act.clone());
                if (d != null) d[i][t] = Math.hypot(p[0] - g[0], p[1] - g[1]);
                if (positions != null) positions[i][t] = p.clone();
            }
        }
    }

    @Override
    public String toString() {
        return "ActionEnergy(true dynamics of " + room + ", horizon " + horizon + (repeat == 1 ? "" : " actions held " + repeat + " steps each")
                + ", " + objective
                + (Double.isInfinite(maxNorm) ? "" : String.format(", ‖a‖ ≤ %.3g", maxNorm)) + ")";
    }
}
