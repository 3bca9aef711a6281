package org.jepa.workbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class ProgressTest {

    /** Records what a kernel would receive. */
    static final class Recorder implements DisplayBackend {
        final List<Map<String, String>> displays = new ArrayList<>();
        final List<String> updateIds = new ArrayList<>();
        final List<Map<String, String>> updates = new ArrayList<>();

        @Override public String name() { return "recorder"; }

        @Override public boolean isNotebook() { return true; }

        @Override public String display(Map<String, String> bundle) {
            displays.add(bundle);
            return "id-" + displays.size();
        }

        @Override public void update(String id, Map<String, String> bundle) {
            updateIds.add(id);
            updates.add(bundle);
        }
    }

    @Test
    void oneOutputUpdatedInPlaceThenReplacedByTheResult() {
        Recorder r = new Recorder();
        Progress p = Progress.start("VICReg <run>", 1000, r);
        for (int s = 1; s <= 1000; s++) p.update(s, "loss=" + (1.0 / s));
        // a tight loop of 1000 steps takes far less than MIN_UPDATE_MILLIS per step: updates are throttled,
        // but the last step always shows
        assertEquals(1, r.displays.size(), "exactly one display is created");
        assertTrue(r.updates.size() >= 1 && r.updates.size() < 50, "throttled updates: " + r.updates.size());
        Map<String, String> last = r.updates.get(r.updates.size() - 1);
        assertTrue(last.get("text/plain").contains("1000/1000 [100%]"), last.get("text/plain"));
        assertTrue(last.get("text/html").contains("VICReg &lt;run&gt;"), "name is escaped: " + last.get("text/html"));
        assertTrue(last.get("text/html").contains("<progress value=\"1000\" max=\"1000\""));

        Table result = Table.create("history", IntColumn.create("step", 1, 2));
        p.done(result);
        Map<String, String> fin = r.updates.get(r.updates.size() - 1);
        assertTrue(fin.get("text/html").startsWith("<table"), "the progress output becomes the table");
        assertTrue(r.updateIds.stream().allMatch("id-1"::equals), "all updates target the one display");
        int n = r.updates.size();
        p.update(5, "late");
        p.done(null);
        assertEquals(n, r.updates.size(), "nothing after done");
    }

    @Test
    void stepsAreClampedAndDoneWithoutResultSummarises() {
        Recorder r = new Recorder();
        Progress p = Progress.start("x", 10, r);
        p.update(25, null);
        assertEquals(10, p.step());
        p.done();
        assertTrue(r.updates.get(r.updates.size() - 1).get("text/plain").startsWith("x: 10/10 steps in "));
    }

    @Test
    void badTotalIsOneClearError() {
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Progress.start("x", 0, new Recorder()));
        assertTrue(e.getMessage().contains("total"), e.getMessage());
    }

    @Test
    void consoleFallbackUsesAProgressBar() {
        Progress p = Progress.start("console", 3);   // no kernel in tests: me.tongfei progress bar
        p.update(1, "a");
        p.update(3, "b");
        p.done(Table.create("t", IntColumn.create("n", new int[] {1})));
        assertEquals(3, p.step());
    }

    @Test
    void scaleKnob() {
        assertEquals(Lecture.Scale.SMALL, Lecture.parseScale(null));
        assertEquals(Lecture.Scale.SMALL, Lecture.parseScale(" small "));
        assertEquals(Lecture.Scale.FULL, Lecture.parseScale("FULL"));
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Lecture.parseScale("huge"));
        assertTrue(e.getMessage().contains("WORKBENCH_SCALE='huge'"), e.getMessage());
    }
}
