package org.jepa.workbench.energy;

import java.util.Locale;
import tech.tablesaw.api.Table;

/** Writes the lecture's conclusion paragraph (markdown) from measured tables, so quoted numbers are the run's. */
public final class EnergyConclusions {
    private EnergyConclusions() {
    }

    /**
     * @param comparison table from {@link EnergyMetrics#table}
     * @param distance   System-2 table over distance from the manifold
     * @param ridge      System-2 table over closeness to the ridge between two branches
     */
    public static String markdown(Table comparison, Table distance, Table ridge) {
        StringBuilder sb = new StringBuilder();
        double cSum = 0, rSum = 0;
        int cN = 0, rN = 0;
        int best = 0;
        for (int i = 0; i < comparison.rowCount(); i++) {
            double v = comparison.doubleColumn("volume").get(i);
            if (v < comparison.doubleColumn("volume").get(best)) best = i;
            if (comparison.stringColumn("training").get(i).startsWith("regularized")) {
                rSum += v;
                rN++;
            } else {
                cSum += v;
                cN++;
            }
        }
        sb.append("**Measured in this run.**\n\n");
        sb.append(String.format(Locale.ROOT, "- Low-energy volume (share of the %s plotting box below the level that covers 95%% of held-out points): "
                + "contrastive runs average **%.3f** (%d runs), regularized latent-variable runs **%.3f** (%d runs).\n",
                "6×6", cN == 0 ? Double.NaN : cSum / cN, cN, rN == 0 ? Double.NaN : rSum / rN, rN));
        sb.append(String.format(Locale.ROOT, "- Smallest volume: **%s (%s)** with %.3f; for reference a band of ±2σ (σ = 0.05) around the "
                + "ellipse covers about 0.06 of the box.\n", comparison.stringColumn("model").get(best),
                comparison.stringColumn("training").get(best), comparison.doubleColumn("volume").get(best)));
        for (int i = 0; i < comparison.rowCount(); i++)
            sb.append(String.format(Locale.ROOT, "  - %s / %s: volume %.3f, data-fit %.4f, gap %.3f (gap/spread %.2f), %.1f s\n",
                    comparison.stringColumn("model").get(i), comparison.stringColumn("training").get(i),
                    comparison.doubleColumn("volume").get(i), comparison.doubleColumn("data_fit").get(i),
                    comparison.doubleColumn("gap").get(i), comparison.doubleColumn("gap_over_spread").get(i),
                    comparison.doubleColumn("seconds").get(i)));
        sb.append(String.format(Locale.ROOT, "- System-2 inference: starting %.2f → %.2f away from the manifold took %d → %d gradient steps; "
                + "starting %.3f → %.3f from the ridge between the two branches took %d → %d steps.\n",
                distance.doubleColumn("difficulty").get(0), distance.doubleColumn("difficulty").get(distance.rowCount() - 1),
                distance.intColumn("iterations").get(0), distance.intColumn("iterations").get(distance.rowCount() - 1),
                1 / ridge.doubleColumn("difficulty").get(0), 1 / ridge.doubleColumn("difficulty").get(ridge.rowCount() - 1),
                ridge.intColumn("iterations").get(0), ridge.intColumn("iterations").get(ridge.rowCount() - 1)));
        return sb.toString();
    }
}
