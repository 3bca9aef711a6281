package org.jepa.workbench.world;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Finite;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.jepa.Rollout;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.train.SessionReplay;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ActionEnergy#of}: the energy of action sequences under a trained world model. The model's own
 * {@code unroll} imagines, from a start latent, the latents H actions lead to, and a {@link PlanningObjective}
 * scores them against a goal latent. Every candidate of a batch goes through one graph call; {@link #gradient}
 * differentiates the energy with respect to the actions (SameDiff). The model's weights are constants here:
 * planning never changes the model.
 */
final class ModelEnergy implements ActionEnergy {
    private final Jepa model;
    private final PlanningObjective objective;
    private final int horizon;
    private final int repeat;
    private final double maxNorm;
    private final long dim;
    private final long actionWidth;
    private Eval eval;
    private final Map<Integer, Grad> grads = new HashMap<>();

    ModelEnergy(Jepa model, PlanningObjective objective, int horizon, double maxNorm) {
        this(model, objective, horizon, maxNorm, 1);
    }

    /** {@code repeat} > 1: each of the H actions is held that many model steps, the objective read after each held action. */
    ModelEnergy(Jepa model, PlanningObjective objective, int horizon, double maxNorm, int repeat) {
        WorkbenchException.require(model != null, "ActionEnergy: model is null");
        WorkbenchException.require(objective != null, "ActionEnergy: objective is null");
        WorkbenchException.require(model.actionWidth() > 0, "ActionEnergy: the model '" + model.name()
                + "' takes no actions; planning needs an action-conditioned world model");
        WorkbenchException.require(model.parameters().updates() > 0, "ActionEnergy: the model '" + model.name()
                + "' is untrained (its weights are the random initialisation); train it or load a checkpoint"
                + " (Checkpoint.load(file).restoreInto(model.parameters())) before planning with it");
        WorkbenchException.require(horizon >= 1, "ActionEnergy: the horizon must be >= 1 action, got " + horizon);
        WorkbenchException.require(maxNorm > 0 && !Double.isNaN(maxNorm), "ActionEnergy: maxNorm must be > 0, got " + maxNorm);
        WorkbenchException.require(repeat >= 1, "ActionEnergy: an action is held for >= 1 steps, got " + repeat);
        this.repeat = repeat;
        this.model = model;
        this.objective = objective;
        this.horizon = horizon;
        this.maxNorm = maxNorm;
        this.dim = model.latentWidth();
        this.actionWidth = model.actionWidth();
    }

    @Override
    public ActionEnergy maxNorm(double n) {
        return new ModelEnergy(model, objective, horizon, n, repeat);
    }

    public Jepa model() {
        return model;
    }

    public PlanningObjective objective() {
        return objective;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public long stepsPerCandidate() {
        return (long) horizon * repeat;
    }

    @Override
    public int actionWidth() {
        return (int) actionWidth;
    }

    @Override
    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public long latentWidth() {
        return dim;
    }

    @Override
    public INDArray latent(INDArray frames) {
        WorkbenchException.require(frames != null, "ActionEnergy.latent: frames are null");
        INDArray f = frames.rank() == 1 ? frames.reshape(1, frames.length()) : frames;
        WorkbenchException.require(f.rank() == 2 && f.columns() == model.inputWidth(), "ActionEnergy.latent: frames must be [N, "
                + model.inputWidth() + "] (the encoder's input), got " + Arrays.toString(frames.shape()));
        Finite.require(f, "observation");
        return model.latent(f);
    }

    @Override
    public synchronized double[] energies(INDArray start, INDArray goal, INDArray actions) {
        check(start, goal, actions);
        if (eval == null) eval = new Eval();
        return eval.run(start, goal, actions, false)[0].toDoubleVector();
    }

    @Override
    public synchronized INDArray stepDistances(INDArray start, INDArray goal, INDArray actions) {
        check(start, goal, actions);
        if (eval == null) eval = new Eval();
        return eval.run(start, goal, actions, true)[1];
    }

    @Override
    public synchronized INDArray imagine(INDArray start, INDArray actions) {
        check(start, start, actions);
        if (eval == null) eval = new Eval();
        return eval.imagine(start, actions);
    }

    /** Energies of the candidates and ∂E_i/∂actions_i, through the model's unroll. */
    @Override
    public synchronized Gradient gradient(INDArray start, INDArray goal, INDArray actions) {
        check(start, goal, actions);
        int n = (int) actions.size(0);
        return grads.computeIfAbsent(n, Grad::new).run(start, goal, actions);
    }

    private void check(INDArray start, INDArray goal, INDArray actions) {
        check(this, start, goal, actions);
    }

    /** The candidates' shapes against {@code e}'s widths and horizon, and finiteness: one clear error each. */
    static void check(ActionEnergy e, INDArray start, INDArray goal, INDArray actions) {
        long dim = e.latentWidth(), actionWidth = e.actionWidth(), horizon = e.horizon();
        WorkbenchException.require(start != null && start.rank() == 2 && start.rows() == 1 && start.columns() == dim,
                "ActionEnergy: the start latent must be [1, " + dim + "], got " + (start == null ? "null" : Arrays.toString(start.shape())));
        WorkbenchException.require(goal != null && goal.rank() == 2 && goal.rows() == 1 && goal.columns() == dim,
                "ActionEnergy: the goal latent must be [1, " + dim + "] (encode the goal image with latent(..)), got "
                        + (goal == null ? "null" : Arrays.toString(goal.shape())));
        WorkbenchException.require(actions != null && actions.rank() == 3 && actions.size(0) >= 1,
                "ActionEnergy: actions must be [N, H, A], got " + (actions == null ? "null" : Arrays.toString(actions.shape())));
        WorkbenchException.require(actions.size(2) == actionWidth, "ActionEnergy: the model takes actions of width " + actionWidth
                + ", the candidates have width " + actions.size(2));
        WorkbenchException.require(actions.size(1) == horizon, "ActionEnergy: the horizon is " + horizon
                + " actions, the candidates have " + actions.size(1));
        Finite.require(start, "start latent");
        Finite.require(goal, "goal latent");
        Finite.require(actions, "candidate actions");
    }

    /** The candidates [N, H, A] as the unroll's actions [N, H·repeat, A]: each action repeated in place. */
    private INDArray held(INDArray a) {
        INDArray c = cast(a);
        return repeat == 1 ? c : c.repeat(1, repeat);   // numpy's repeat: a0 a0 a0 a1 a1 a1 …
    }

    private INDArray cast(INDArray a) {
        DataType dt = model.parameters().dtype();
        return a.dataType() == dt ? a : a.castTo(dt);
    }

    /** The imagined energy graph: start, goal and actions as inputs, any number of candidates. */
    private final class Eval {
        final SameDiff sd;
        final String start, goal, actions, energy, steps, predicted;
        final SessionReplay calls;

        Eval() {
            Graph g = Graph.frozen(model.parameters());
            sd = g.sd();
            SDVariable z0 = g.input("start", -1, dim);
            SDVariable zg = g.input("goal", 1, dim);
            SDVariable a = g.input("actions", -1, (long) horizon * repeat, actionWidth);
            SDVariable p = imagined(g, z0, a);
            PlanningObjective.Energy e = objective.build(g.sd(), p, zg, dim, horizon);
            start = z0.name();
            goal = zg.name();
            actions = a.name();
            energy = e.energy().name();
            steps = e.stepDistances().name();
            predicted = p.name();
            // A sampling planner asks for the energies of as many candidates at every iteration: replayed without
            // SameDiff's session after two recorded calls. Energies and step distances are one call, so that a
            // planner that asks for either does not make the replay start over.
            calls = SessionReplay.outputs(sd);
        }

        INDArray imagine(INDArray z0, INDArray act) {
            int n = (int) act.size(0);
            return calls.run(Map.of(start, cast(z0).repeat(0, n), actions, held(act)), List.of(predicted)).get(predicted).dup();
        }

        INDArray[] run(INDArray z0, INDArray zg, INDArray act, boolean withSteps) {
            int n = (int) act.size(0);
            Map<String, INDArray> feed = Map.of(start, cast(z0).repeat(0, n), goal, cast(zg), actions, held(act));
            Map<String, INDArray> out = calls.run(feed, List.of(energy, steps));
            return new INDArray[] {out.get(energy).dup(), withSteps ? out.get(steps).dup() : null};
        }
    }

    /** The same graph with the actions as a variable of N candidates, for gradients. */
    private final class Grad {
        final SameDiff sd;
        final String start, goal, actions, energy;
        final SDVariable act;
        final SessionReplay calls;

        Grad(int n) {
            Graph g = Graph.frozen(model.parameters());
            sd = g.sd();
            SDVariable z0 = g.input("start", -1, dim);
            SDVariable zg = g.input("goal", 1, dim);
            act = sd.var(g.unique("actions"), org.nd4j.linalg.factory.Nd4j.zeros(model.parameters().dtype(), n, (long) horizon * repeat, actionWidth));
            PlanningObjective.Energy e = build(g, z0, zg, act);
            SDVariable total = e.energy().sum();
            sd.setLossVariables(total);
            start = z0.name();
            goal = zg.name();
            actions = act.name();
            energy = e.energy().name();
            // The planner asks for the same gradient every iteration: replayed without SameDiff's session after two
            // recorded calls (the candidates' array is a variable assigned in place, so the recordings agree).
            calls = SessionReplay.gradients(sd);
        }

        Gradient run(INDArray z0, INDArray zg, INDArray a) {
            int n = (int) a.size(0);
            act.getArr().assign(held(a));
            Map<String, INDArray> feed = Map.of(start, cast(z0).repeat(0, n), goal, cast(zg));
            SessionReplay.Result r = calls.run(feed, List.of(energy), List.of(actions));
            INDArray da = r.gradients().get(actions);
            // a held action moves all its repeated copies: its gradient is the sum of theirs
            if (repeat > 1) da = da.reshape('c', n, horizon, repeat, actionWidth).sum(2);
            return new Gradient(r.outputs().get(energy).toDoubleVector(), da.dup());
        }
    }

    private PlanningObjective.Energy build(Graph g, SDVariable z0, SDVariable zg, SDVariable a) {
        return objective.build(g.sd(), imagined(g, z0, a), zg, dim, horizon);
    }

    /** The latents the model's unroll imagines from z0 under actions a: [N, H, D] (with held actions, the latent after each). */
    private SDVariable imagined(Graph g, SDVariable z0, SDVariable a) {
        Rollout r = model.unrollFrom(g, z0, a, horizon * repeat, false);
        SDVariable[] after = new SDVariable[horizon];
        for (int t = 0; t < horizon; t++) after[t] = r.predictions().get((t + 1) * repeat - 1);
        return g.sd().stack(1, after);
    }

    @Override
    public String toString() {
        return "ActionEnergy(" + model.name() + ", horizon " + horizon + (repeat == 1 ? "" : " × " + repeat + " held steps") + ", " + objective
                + (Double.isInfinite(maxNorm) ? "" : String.format(", ‖a‖ ≤ %.3g", maxNorm)) + ")";
    }
}
