package org.jepa.workbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The verdict fit on synthetic rows whose best thresholds are known. */
class VerdictFitTest {

    static CellResult row(String objective, int seed, double rankFraction, double shrink, double normStdRatio) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rankMeFraction", rankFraction);
        m.put("normStdRatio", normStdRatio);
        m.put("shrink", shrink);
        m.put("relativeStd", 0.5);
        m.put("collapsedSpectrumFraction", 0.0);
        m.put("deadDimFraction", 0.0);
        return new CellResult(new Cell(Map.of("objective", objective, "seed", seed)), true, "", m, 1, "");
    }

    static final Map<String, String> INTENDED = Map.of("weak", "DIMENSIONAL_COLLAPSE", "good", "HEALTHY",
            "none", "COMPLETE_COLLAPSE", "cone", "DIMENSIONAL_COLLAPSE");

    static List<CellResult> rows() {
        List<CellResult> rows = new ArrayList<>();
        double[] weak = {0.05, 0.08, 0.12, 0.15};
        double[] good = {0.25, 0.30, 0.28, 0.26};
        for (int s = 1; s <= 4; s++) {
            rows.add(row("weak", s, weak[s - 1], 0.3, 0.4));
            rows.add(row("good", s, good[s - 1], 1.5, 0.6));
            rows.add(row("none", s, 0.4, 0.008, 0.3));
            // A low-rank cone far from the origin whose spread grew: the cone rule at 0.1 calls half of it complete.
            rows.add(row("cone", s, 0.09, 4.4, s % 2 == 0 ? 0.095 : 0.105));
        }
        return rows;
    }

    @Test
    void theDefaultsReproduceTheDiagnosticsRule() {
        VerdictFit.Rule d = VerdictFit.Rule.DEFAULTS;
        assertEquals("COMPLETE_COLLAPSE", d.verdict(row("none", 1, 0.4, 0.008, 0.3).outputs()), "shrink below 0.05");
        assertEquals("COMPLETE_COLLAPSE", d.verdict(row("cone", 2, 0.09, 4.4, 0.095).outputs()), "cone rule");
        assertEquals("DIMENSIONAL_COLLAPSE", d.verdict(row("cone", 1, 0.09, 4.4, 0.105).outputs()));
        assertEquals("DIMENSIONAL_COLLAPSE", d.verdict(row("weak", 1, 0.08, 0.3, 0.4).outputs()));
        assertEquals("HEALTHY", d.verdict(row("weak", 3, 0.12, 0.3, 0.4).outputs()));
    }

    @Test
    void theFitTakesTheMiddleOfTheWidestPerfectInterval() {
        VerdictFit.Rule fitted = VerdictFit.fit(rows(), INTENDED);
        // Every row is right for rankMe/D in (0.15, 0.25] once the cone rule no longer fires on the cone rows
        // (threshold 0.05 or off; 0.05 comes first); the grid's run is 0.155..0.25.
        assertEquals(0.05, fitted.completeNormStdRatio());
        assertEquals(0.2025, fitted.minRankFraction(), 0.001);
        Table t = VerdictFit.compare(rows(), INTENDED, Map.of("defaults", VerdictFit.Rule.DEFAULTS, "fitted", fitted));
        int all = t.stringColumn("objective").indexOf("all");
        assertEquals(1.0, t.doubleColumn("fitted: agreement").get(all), 0.0);
        assertEquals(1.0, t.doubleColumn("fitted: intended").get(all), 0.0);
        // Defaults: weak splits 2/2, cone splits 2/2 (complete vs dimensional); none and good agree.
        assertEquals(0.75, t.doubleColumn("defaults: agreement").get(all), 1e-12);
        assertEquals(12 / 16.0, t.doubleColumn("defaults: intended").get(all), 1e-12);
        assertEquals(0.5, t.doubleColumn("defaults: agreement").get(t.stringColumn("objective").indexOf("weak")), 0.0);
    }
}
