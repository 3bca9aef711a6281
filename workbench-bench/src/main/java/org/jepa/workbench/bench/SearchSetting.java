package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.world.Cem;
import org.jepa.workbench.world.PlanningObjective;

/**
 * One planner setting the world-model benches compare on the same trained model: CEM's noise correlation in time
 * ({@link Cem#correlation}) and the energy's terminal weight ({@link PlanningObjective#terminal}). Written
 * {@code rho:terminal}; {@code 0:0} is the lecture's planner.
 */
record SearchSetting(double rho, double terminal) {
    SearchSetting {
        Cem.defaults().correlation(rho);                  // the library's own checks, before any training starts
        PlanningObjective.toGoal().terminal(terminal);
    }

    /** Settings from {@code "rho:terminal,rho:terminal,…"}, e.g. {@code "0:0,0.8:300"}. */
    static List<SearchSetting> list(String spec) {
        List<SearchSetting> l = new ArrayList<>();
        for (String s : spec.split(",")) {
            String[] p = s.split(":");
            if (p.length != 2) throw new IllegalArgumentException("a planner setting is rho:terminal (e.g. 0.8:300), got " + s);
            l.add(new SearchSetting(Double.parseDouble(p[0]), Double.parseDouble(p[1])));
        }
        return l;
    }

    /** The goal distance summed over every imagined step, with this terminal weight. */
    PlanningObjective objective() {
        return PlanningObjective.toGoal().terminal(terminal);
    }

    /** CEM (defaults otherwise) with {@code samples} candidates and this noise correlation. */
    Cem cem(int samples) {
        return Cem.defaults().samples(samples).correlation(rho);
    }

    String label() {
        return "CEM noise correlation " + rho + ", terminal weight " + terminal;
    }
}
