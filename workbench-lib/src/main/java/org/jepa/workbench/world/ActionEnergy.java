package org.jepa.workbench.world;

import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The energy a planner minimises over action sequences: from a start latent, the latents H actions lead to,
 * scored by a {@link PlanningObjective} against a goal latent. Two kinds:
 * <ul>
 *   <li>{@link #of}: a trained world model imagines the latents with its own {@code unroll} — the energy of
 *   the talk, and of every planning result of the workbench;</li>
 *   <li>{@link #trueDynamics}: the environment itself moves the agent and the "latent" is its position — the
 *   planner's ceiling, so a planning failure can be blamed on the model or on the search, not guessed.</li>
 * </ul>
 * Candidates come in batches [N, H, A]; every candidate of a batch is scored in one call.
 *
 * <pre>{@code
 * ActionEnergy energy = ActionEnergy.of(world, PlanningObjective.toGoal(), 40).maxNorm(env.maxAction());
 * INDArray z0 = energy.latent(frame), zg = energy.latent(goalFrame);     // [1, D]
 * double[] e = energy.energies(z0, zg, candidates);                      // candidates [N, 40, 2]
 * ActionEnergy ceiling = ActionEnergy.trueDynamics(room, PlanningObjective.toGoal(), 40).maxNorm(env.maxAction());
 * }</pre>
 */
public interface ActionEnergy {

    /**
     * The energy of H-step action sequences under a trained, action-conditioned {@code model}; actions unbounded
     * until {@link #maxNorm(double)}. Its {@link #gradient} differentiates through the model (SameDiff).
     *
     * @throws org.jepa.workbench.WorkbenchException for a model without actions or an untrained one
     */
    static ActionEnergy of(Jepa model, PlanningObjective objective, int horizon) {
        return new ModelEnergy(model, objective, horizon, Double.POSITIVE_INFINITY);
    }

    /**
     * The energy of H macro-actions under a one-step {@code model} composed: each action held {@code repeat} model
     * steps (the unroll runs H·repeat steps), the objective read after each held action — a high level that is the
     * low-level model itself, as {@link #trueDynamics(TwoRooms.Layout, PlanningObjective, int, int)} is for the true
     * dynamics. Candidates are [N, H, A]; the gradient is the sum over each action's held copies.
     */
    static ActionEnergy of(Jepa model, PlanningObjective objective, int horizon, int repeat) {
        return new ModelEnergy(model, objective, horizon, Double.POSITIVE_INFINITY, repeat);
    }

    /**
     * The same energy with Two Rooms' true dynamics in place of a model: {@link #latent} reads the agent's
     * position (x, y) in pixels back from a frame ({@link TwoRooms.Layout#position}), candidates are stepped by
     * {@code room} itself (walls stop the agent), and the goal distance is in pixels. No gradient: the walls
     * make the dynamics piecewise constant.
     *
     * @param room      the episode's layout (each episode of a random-door task has its own)
     * @param objective every step, the last or RAMP; guardrails that read positions ({@link ForbiddenRegion#at}) only
     */
    static ActionEnergy trueDynamics(TwoRooms.Layout room, PlanningObjective objective, int horizon) {
        return new TrueDynamicsEnergy(room, objective, horizon, Double.POSITIVE_INFINITY);
    }

    /**
     * The true dynamics at a coarser time scale: each of the H actions is held for {@code repeat} environment steps,
     * and the goal distance is read after each held action — a macro-action's real outcome, the ceiling of a
     * high-level planner as {@link #trueDynamics(TwoRooms.Layout, PlanningObjective, int)} is of a flat one.
     */
    static ActionEnergy trueDynamics(TwoRooms.Layout room, PlanningObjective objective, int horizon, int repeat) {
        return new TrueDynamicsEnergy(room, objective, horizon, Double.POSITIVE_INFINITY, repeat);
    }

    /** Copy whose admissible actions have ‖a_t‖ ≤ {@code n} (planners project onto this ball). */
    ActionEnergy maxNorm(double n);

    /** Actions per sequence H. */
    int horizon();

    /**
     * Predictor steps one candidate costs, the unit of the controllers' planning compute ({@link Episode#predictorSteps()}):
     * H, or H·repeat where a one-step model is composed with each action held {@code repeat} steps. The true dynamics
     * count H even when each action is held: they stand for an ideal model of their own time scale, one call per action.
     */
    default long stepsPerCandidate() {
        return horizon();
    }

    /** Width A of one action. */
    int actionWidth();

    /** Largest admissible action norm (infinite: unbounded). */
    double maxNorm();

    /** Latent width D. */
    long latentWidth();

    /** The latent of frames [N, F] (or one frame [F]): [N, D]. */
    INDArray latent(INDArray frames);

    /**
     * Energies of candidate action sequences.
     *
     * @param start   start latent [1, D]
     * @param goal    goal latent [1, D]
     * @param actions candidates [N, H, A]
     * @return energy per candidate [N]
     */
    double[] energies(INDArray start, INDArray goal, INDArray actions);

    /**
     * The latents the candidates lead to, [N, H, D]: the model's imagined ẑ_1 … ẑ_H (for the true dynamics, the
     * positions). A hierarchical planner takes its subgoal from here.
     *
     * @param start   start latent [1, D]
     * @param actions candidates [N, H, A]
     */
    INDArray imagine(INDArray start, INDArray actions);

    /** Goal distance after each step, [N, H] (the energy along each imagined trajectory). */
    INDArray stepDistances(INDArray start, INDArray goal, INDArray actions);

    /** Energies [N] and their gradient with respect to the actions [N, H, A]. */
    record Gradient(double[] energies, INDArray actions) {
    }

    /**
     * Energies of the candidates and ∂E_i/∂actions_i.
     *
     * @throws org.jepa.workbench.WorkbenchException where the energy is not differentiable
     */
    Gradient gradient(INDArray start, INDArray goal, INDArray actions);

    /** Projects every action of {@code actions} [N, H, A] onto the admissible ball, in place. */
    default void project(double[][][] actions) {
        if (Double.isInfinite(maxNorm())) return;
        for (double[][] seq : actions) for (double[] a : seq) clip(a);
    }

    /** Projects one action onto the admissible ball, in place. */
    default void clip(double[] a) {
        double max = maxNorm();
        if (Double.isInfinite(max)) return;
        double n = 0;
        for (double v : a) n += v * v;
        n = Math.sqrt(n);
        if (n > max) for (int i = 0; i < a.length; i++) a[i] *= max / n;
    }
}
