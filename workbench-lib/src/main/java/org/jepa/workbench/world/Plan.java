package org.jepa.workbench.world;

import tech.tablesaw.api.Table;

/**
 * A planner's answer.
 *
 * @param actions     the chosen sequence [H][A]
 * @param energy      its energy under the planner's {@link ActionEnergy}
 * @param iterations  one row per planner iteration: {@code iteration}, {@code best} (lowest energy so far),
 *                    {@code elite_mean} and {@code elite_std} (energies of the iteration's elite candidates:
 *                    CEM's elites, MPPI's best tenth, the gradient planner's restarts)
 * @param evaluations candidate sequences evaluated (gradient steps count one per restart)
 */
public record Plan(double[][] actions, double energy, Table iterations, long evaluations) {
}
