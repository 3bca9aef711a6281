package org.jepa.workbench.world;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Energy-based inference over actions (LeCun's "mode 2"): finds an action sequence of low
 * {@link ActionEnergy} from a start latent toward a goal latent. Planners evaluate candidates in batches
 * through one graph call; they never throw for a goal they cannot reach — the plan's energy says how
 * well they did.
 *
 * <pre>{@code
 * Plan p = Cem.defaults().plan(energy, z0, zGoal, null, new Random(1));
 * p.actions();      // [H][A]
 * p.iterations();   // Table: iteration, best, elite_mean, elite_std
 * }</pre>
 */
public interface Planner {

    /** Short name for tables, e.g. {@code "cem"}. */
    String name();

    /**
     * Plans H = {@code energy.horizon()} actions.
     *
     * @param start     start latent [1, D]
     * @param goal      goal latent [1, D]
     * @param warmStart an initial guess [H][A] (e.g. the previous plan shifted by the executed steps), or null for zeros
     * @param rng       the planner's random draws (seeded by the caller)
     */
    Plan plan(ActionEnergy energy, INDArray start, INDArray goal, double[][] warmStart, Random rng);
}
