package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.world.Cem;
import org.jepa.workbench.world.Mppi;
import org.jepa.workbench.world.Planner;
import org.jepa.workbench.world.PlanningObjective;

/**
 * One planner setting the world-model benches compare on the same trained model: the search (CEM, or MPPI with
 * {@code mppi}), its noise correlation in time ({@link Cem#correlation}) and the energy's terminal weight
 * ({@link PlanningObjective#terminal}). Written {@code [mppi:]rho:terminal}; {@code 0:0} is the lecture's CEM,
 * {@code mppi:0:0} its MPPI.
 */
record SearchSetting(boolean mppi, double rho, double terminal) {
    SearchSetting {
        Cem.defaults().correlation(rho);                  // the library's own checks, before any training starts
        PlanningObjective.toGoal().terminal(terminal);
    }

    /** Settings from {@code "[mppi:]rho:terminal,…"}, e.g. {@code "0:0,0.8:300,mppi:0:0"}. */
    static List<SearchSetting> list(String spec) {
        List<SearchSetting> l = new ArrayList<>();
        for (String s : spec.split(",")) {
            boolean mppi = s.startsWith("mppi:");
            String[] p = (mppi ? s.substring(5) : s).split(":");
            if (p.length != 2) throw new IllegalArgumentException("a planner setting is [mppi:]rho:terminal (e.g. 0.8:300 or mppi:0:0), got " + s);
            l.add(new SearchSetting(mppi, Double.parseDouble(p[0]), Double.parseDouble(p[1])));
        }
        return l;
    }

    /** The goal distance summed over every imagined step, with this terminal weight. */
    PlanningObjective objective() {
        return PlanningObjective.toGoal().terminal(terminal);
    }

    /** CEM or MPPI (defaults otherwise) with {@code samples} candidates and this noise correlation. */
    Planner planner(int samples) {
        return mppi ? Mppi.defaults().samples(samples).correlation(rho) : Cem.defaults().samples(samples).correlation(rho);
    }

    String label() {
        return (mppi ? "MPPI" : "CEM") + " noise correlation " + rho + ", terminal weight " + terminal;
    }
}
