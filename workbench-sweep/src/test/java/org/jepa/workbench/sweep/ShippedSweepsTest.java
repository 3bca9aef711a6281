package org.jepa.workbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sweep rows: checksums, consistency, and cells re-run here matching them. */
class ShippedSweepsTest {

    /** Wall-time outputs: the only ones allowed to differ between runs. */
    static final Set<String> TIMES = Set.of("train_s", "s_per_epoch");

    @Test
    void checksumsAgreeWithTheSumsFileAndTheFiles() throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(Datasets.root().resolve("sweeps/SHA256SUMS"))) {
            String[] p = line.trim().split("\\s+");
            sums.put(p[1].replace(".jsonl", ""), p[0]);
        }
        assertEquals(ShippedSweeps.SHA256, sums, "ShippedSweeps.SHA256 and datasets/sweeps/SHA256SUMS must agree");
        assertEquals(40, ShippedSweeps.load(ShippedSweeps.VERDICTS).results().size());
        assertEquals(100, ShippedSweeps.load(ShippedSweeps.BATCHES).results().size());
    }

    @Test
    void anAlteredOrMissingFileIsRefusedByName(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("sweeps"));
        Path f = root.resolve("sweeps").resolve(ShippedSweeps.VERDICTS + ".jsonl");
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> ShippedSweeps.load(ShippedSweeps.VERDICTS, root));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
        Files.writeString(f, Files.readString(Datasets.root().resolve("sweeps").resolve(ShippedSweeps.VERDICTS + ".jsonl")).replace("0.133", "0.9"));
        e = assertThrows(WorkbenchException.class, () -> ShippedSweeps.load(ShippedSweeps.VERDICTS, root));
        assertTrue(e.getMessage().contains("was altered"), e.getMessage());
        e = assertThrows(WorkbenchException.class, () -> ShippedSweeps.load("nope"));
        assertTrue(e.getMessage().contains("no shipped sweep 'nope'"), e.getMessage());
    }

    /** The fit's copy of the verdict rule, at the defaults, gives every recorded verdict. */
    @Test
    void theDefaultRuleReproducesEveryRecordedVerdict() {
        for (CellResult r : ShippedSweeps.load(ShippedSweeps.VERDICTS).results()) {
            assertTrue(r.ok(), r.toString());
            assertEquals(r.outputs().get("verdict"), VerdictFit.Rule.DEFAULTS.verdict(r.outputs()), r.cell().toString());
        }
    }

    /**
     * The rebuild matches: the two objectives whose verdict flips (at a seed where it flips) and three batch
     * cells, re-run here as the shipped sweep ran them (local[2], one ND4J thread per task). The BYOL cell is the one
     * with batch norm (its predictor), at a batch where a change to batch norm's summation order shows.
     */
    @Test
    void cellsRerunHereMatchTheShippedRows(@TempDir Path dir) {
        check(ShippedSweeps.load(ShippedSweeps.VERDICTS), Sweep.named("verdict cells").task(new CollapseCell())
                .cell("objective", "VICReg μ=3", "seed", 3).cell("objective", "VICReg ν=0", "seed", 2)
                .master("local[2]").runDir(dir.resolve("v")).progress(false).run());
        check(ShippedSweeps.load(ShippedSweeps.BATCHES), Sweep.named("batch cells").task(new DigitsMethodCell())
                .cell("method", "InfoNCE", "batch", 512, "seed", 1).cell("method", "SIGReg", "batch", 32, "seed", 2)
                .cell("method", "BYOL", "batch", 256, "seed", 1)
                .master("local[2]").runDir(dir.resolve("b")).progress(false).run());
    }

    private static void check(SweepResult shipped, SweepResult rerun) {
        for (CellResult r : rerun.results()) {
            assertTrue(r.ok(), r.toString());
            List<CellResult> same = shipped.results().stream().filter(s -> s.cell().key().equals(r.cell().key())).toList();
            assertEquals(1, same.size(), "shipped rows hold " + r.cell());
            Map<String, Object> want = same.get(0).outputs();
            assertEquals(want.keySet(), r.outputs().keySet(), r.cell().toString());
            for (String k : want.keySet()) {
                if (TIMES.contains(k)) continue;
                assertEquals(want.get(k), r.outputs().get(k), r.cell() + " " + k);
            }
        }
    }
}
