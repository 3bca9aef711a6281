package org.jepa.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Issue 3's acceptance protocol at a reduced budget: with the comparison's encoder (no normalisation) the
 * invariance-only baseline collapses — per-dim std &lt; 0.05, probe &lt; 30 %, verdict COMPLETE_COLLAPSE through
 * the shrink floor set from the untrained row — and the acceptance table says so. The full table is the
 * benchmark {@link MethodComparison#main} (bench/README.md).
 */
class MethodComparisonTest {

    @Test
    void invarianceOnlyCollapsesInTheComparisonProtocol() {
        Table t = MethodComparison.builder().methods("none").trainSize(2048).epochs(5).build().run();
        assertEquals(3, t.rowCount(), t.print());
        int none = 2;
        assertEquals("none", t.stringColumn("method").get(none));
        double std = t.doubleColumn("per_dim_std").get(none);
        double probe = t.doubleColumn("linear_probe").get(none);
        assertTrue(std < 0.05, "per-dim std " + std);
        assertTrue(probe < 0.30, "probe " + probe);
        assertEquals("COMPLETE_COLLAPSE", t.stringColumn("verdict").get(none));
        assertEquals("HEALTHY", t.stringColumn("verdict").get(1), "untrained encoder");
        Table acc = MethodComparison.acceptance(t);
        assertEquals("PASS", acc.stringColumn("acceptance").get(0), acc.print());
    }

    @Test
    void badSettingsAreRejectedBeforeTraining() {
        assertThrows(WorkbenchException.class, () -> MethodComparison.builder().methods("nonsense").build());
        assertThrows(WorkbenchException.class, () -> MethodComparison.builder().encoderNorm(null));
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> MethodComparison.main(new String[] {"--norm", "group"}));
        assertTrue(e.getMessage().contains("--norm"), e.getMessage());
    }
}
