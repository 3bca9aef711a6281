package org.jepa.workbench.sweep;

import java.nio.file.Path;
import java.util.Map;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Datasets;

/**
 * Sweep results shipped in {@code datasets/sweeps/} (JSON lines, a few KB, checksummed): sweeps too long
 * for a lecture's three minutes at the default scale. Each has the command that rebuilds it (see
 * {@code datasets/README.md}); a test re-runs some of its cells and checks they match.
 */
public final class ShippedSweeps {

    /** Lecture 01's five objectives × seeds 1–8 ({@link CollapseCell}, 2,000 images, 8 epochs, local[2]). */
    public static final String VERDICTS = "verdicts-over-seeds";

    /** Lecture 03's four methods × batch 32 … 512 × seeds 1–5 ({@link DigitsMethodCell}, D = 64, 4 epochs, local[2]). */
    public static final String BATCHES = "batch-size-over-seeds";

    /** SHA-256 of each shipped file, by name (also in {@code datasets/sweeps/SHA256SUMS}). */
    public static final Map<String, String> SHA256 = Map.of(
            VERDICTS, "94d3f1bd7f84a8474a2d35b0fc8d2040ef82cc98fdbdaff80870eb47b60771ca",
            BATCHES, "0e998b0eadcacbedf82b8bb26516aa0a340741c0876c00cb52efae9192cecbd8");

    private ShippedSweeps() { }

    /** The shipped sweep {@code name}, checksum verified. */
    public static SweepResult load(String name) {
        return load(name, Datasets.root());
    }

    /** {@link #load(String)} from {@code <datasetsRoot>/sweeps/} (checksum still checked). */
    public static SweepResult load(String name, Path datasetsRoot) {
        WorkbenchException.require(SHA256.containsKey(name), "ShippedSweeps: no shipped sweep '" + name + "'; shipped: " + SHA256.keySet());
        Path file = Datasets.requireShipped(datasetsRoot.resolve("sweeps").resolve(name + ".jsonl"), SHA256.get(name), "ShippedSweeps",
                "restore it with git checkout, or rebuild it as datasets/README.md says (a rebuilt one must also update ShippedSweeps.SHA256)");
        return SweepResult.load(file);
    }
}
