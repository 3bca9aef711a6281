package org.jepa.workbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Sweeps in Spark local mode: rows, failures, resuming after a kill. */
class SweepTest {

    /** y = x² + seed; x = 3 throws, x = 4 returns NaN; every run appends its cell to a log file. */
    static final class SquareTask implements SweepTask {
        final String log;
        final long sleepMillis;

        SquareTask(Path log, long sleepMillis) {
            this.log = log.toString();
            this.sleepMillis = sleepMillis;
        }

        @Override
        public Map<String, ?> run(Cell cell) throws Exception {
            Files.writeString(Path.of(log), cell.key() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (sleepMillis > 0) Thread.sleep(sleepMillis);
            int x = cell.integer("x");
            if (x == 3) throw new IllegalArgumentException("x = 3 is a bad parameter");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("y", x == 4 ? Double.NaN : x * x + cell.number("seed"));
            out.put("parity", x % 2 == 0 ? "even" : "odd");
            return out;
        }
    }

    static Sweep.Builder squares(Path dir, long sleepMillis, String master) {
        return Sweep.named("squares").task(new SquareTask(dir.resolve("runs.log"), sleepMillis))
                .grid("x", 1, 2, 3, 4, 5, 6).grid("seed", 10, 20)
                .master(master).runDir(dir.resolve("run")).progress(false);
    }

    static List<String> log(Path dir) throws IOException {
        Path f = dir.resolve("runs.log");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void smallGridReturnsOneRowPerCellInGridOrder(@TempDir Path dir) {
        SweepResult r = squares(dir, 0, "local[2]").run();
        Table rows = r.rows();
        assertEquals(12, rows.rowCount());
        assertEquals(List.of("x", "seed", "y", "parity", "status", "error", "seconds", "worker"), rows.columnNames());
        for (int i = 0; i < 12; i++) {
            int x = rows.intColumn("x").get(i), seed = rows.intColumn("seed").get(i);
            assertEquals(1 + i / 2, x, "first parameter varies slowest");
            assertEquals(i % 2 == 0 ? 10 : 20, seed);
            if (x == 3 || x == 4) continue;
            assertEquals(x * x + seed, rows.doubleColumn("y").get(i), 0.0);
            assertEquals(x % 2 == 0 ? "even" : "odd", rows.stringColumn("parity").get(i));
            assertEquals("ok", rows.stringColumn("status").get(i));
        }
        assertTrue(Files.exists(dir.resolve("run/rows.csv")));
        assertEquals(12, r.ran());
        assertEquals(0, r.skipped());
    }

    @Test
    void aFailingCellIsRecordedAndTheOthersFinish(@TempDir Path dir) {
        SweepResult r = squares(dir, 0, "local[2]").run();
        assertEquals(4, r.failed().size());
        for (CellResult f : r.failed()) {
            int x = f.cell().integer("x");
            assertTrue(x == 3 || x == 4, f.toString());
            if (x == 3) assertEquals("IllegalArgumentException: x = 3 is a bad parameter", f.error());
            if (x == 4) assertEquals("not finite: y", f.error());
        }
        assertEquals(8, r.results().stream().filter(CellResult::ok).count());
        Table s = r.summary("seed");
        assertEquals(6, s.rowCount());
        // x = 5: y = 35 and 45 over the two seeds.
        int row5 = s.intColumn("x").indexOf(5);
        assertEquals(40.0, s.doubleColumn("y_mean").get(row5), 1e-12);
        assertEquals(7.071, s.doubleColumn("y_std").get(row5), 1e-12, "√50, to 4 significant digits");
        assertEquals(2, s.intColumn("n").get(row5));
        assertEquals("odd", s.stringColumn("parity_mode").get(row5));
        assertEquals(1.0, s.doubleColumn("parity_agreement").get(row5), 0.0);
        int row3 = s.intColumn("x").indexOf(3);
        assertEquals(0, s.intColumn("n").get(row3));
        assertEquals(2, s.intColumn("failed").get(row3));
    }

    @Test
    void aRestartSkipsFinishedCellsAndRetriesFailedOnes(@TempDir Path dir) throws IOException {
        squares(dir, 0, "local[2]").run();
        assertEquals(12, log(dir).size());
        SweepResult again = squares(dir, 0, "local[2]").run();
        assertEquals(8, again.skipped());
        assertEquals(4, again.ran(), "only the failed cells run again");
        assertEquals(16, log(dir).size());
        assertEquals(squares(dir, 0, "local[2]").run().rows().where(
                        t -> t.stringColumn("status").isEqualTo("ok")).doubleColumn("y").asList(),
                again.rows().where(t -> t.stringColumn("status").isEqualTo("ok")).doubleColumn("y").asList());
    }

    @Test
    void freshRecomputesEveryCellAndAnotherTaskCannotResumeTheseRows(@TempDir Path dir) throws IOException {
        squares(dir, 0, "local[2]").run();
        SweepResult again = squares(dir, 0, "local[2]").fresh().run();
        assertEquals(12, again.ran());
        assertEquals(0, again.skipped());
        assertEquals(24, log(dir).size());
        SweepTask other = cell -> Map.of("y", 1.0);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Sweep.named("squares").task(other)
                .grid("x", 1, 2, 3, 4, 5, 6).grid("seed", 10, 20).master("local[2]").runDir(dir.resolve("run")).progress(false).run());
        assertTrue(e.getMessage().contains("holds rows of task " + SquareTask.class.getName()), e.getMessage());
    }

    /** A sweep in a separate JVM, killed (SIGKILL) mid-way; the restart here recomputes no finished cell. */
    @Test
    void killAndRestartResumesWithoutRecomputingFinishedCells(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledSweep.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        Path cells = dir.resolve("run/cells");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count(cells) < 3 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int saved = count(cells);
        assertTrue(saved >= 3 && saved < 12, "the child saved " + saved + " cells before the kill; output:\n"
                + Files.readString(dir.resolve("child.out")));
        // rows.csv follows the cells as they arrive: header + one line per saved cell (a kill may fall between the two writes).
        int csvRows = Files.readAllLines(dir.resolve("run/rows.csv")).size() - 1;
        assertTrue(csvRows >= saved - 1 && csvRows <= saved, csvRows + " csv rows for " + saved + " saved cells");
        List<String> okBefore = new RunStore(dir.resolve("run")).load().values().stream()
                .filter(CellResult::ok).map(c -> c.cell().key()).toList();
        assertFalse(okBefore.isEmpty());
        int linesBefore = log(dir).size();
        SweepResult r = squares(dir, 0, "local[2]").run();
        assertEquals(12, r.results().size());
        assertEquals(okBefore.size(), r.skipped(), "every cell finished before the kill is skipped");
        List<String> after = log(dir);
        assertEquals(12 - okBefore.size(), after.size() - linesBefore, "only unfinished cells ran again");
        for (String key : okBefore) assertEquals(1, after.stream().filter(key::equals).count(), key + " ran twice");
        assertEquals(8, r.results().stream().filter(CellResult::ok).count());
    }

    private static int count(Path cells) throws IOException {
        if (!Files.isDirectory(cells)) return 0;
        try (var s = Files.list(cells)) {
            return (int) s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    /** The child of the kill test: a slow sweep on one core. */
    public static final class KilledSweep {
        public static void main(String[] args) {
            squares(Path.of(args[0]), 400, "local[1]").run();
        }
    }

    @Test
    void badInputGivesOneClearError(@TempDir Path dir) {
        SquareTask t = new SquareTask(dir.resolve("runs.log"), 0);
        assertThrows(WorkbenchException.class, () -> Sweep.named("x").grid("x", 1).build(), "no task");
        assertThrows(WorkbenchException.class, () -> Sweep.named("x").task(t).build(), "no cells");
        assertThrows(WorkbenchException.class, () -> Sweep.named("x").task(t).grid("x", 1, 1).build(), "repeated value");
        assertThrows(WorkbenchException.class, () -> Sweep.named("x").task(t).grid("x", 1).grid("x", 2).build(), "axis twice");
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Sweep.named("x").task(t).grid("x", new int[] {1}).build());
        assertTrue(e.getMessage().contains("use a String, Integer, Long, Double or Boolean"), e.getMessage());
        e = assertThrows(WorkbenchException.class, () -> new Cell(Map.of("x", 1)).string("y"));
        assertTrue(e.getMessage().contains("has no parameter 'y'"), e.getMessage());
        SweepResult r = squares(dir, 0, "local[2]").run();
        e = assertThrows(WorkbenchException.class, () -> r.summary("lr"));
        assertTrue(e.getMessage().contains("'lr' is not a parameter"), e.getMessage());
        assertFalse(r.toString().isEmpty());
    }
}
