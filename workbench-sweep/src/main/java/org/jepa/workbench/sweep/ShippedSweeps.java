package org.jepa.workbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /** SHA-256 of each shipped file, by name. */
    public static final Map<String, String> SHA256 = Map.of(
            VERDICTS, "TO-BE-FILLED");

    private ShippedSweeps() { }

    /** The shipped sweep {@code name}, checksum verified. */
    public static SweepResult load(String name) {
        WorkbenchException.require(SHA256.containsKey(name), "ShippedSweeps: no shipped sweep '" + name + "'; shipped: " + SHA256.keySet());
        Path file = Datasets.root().resolve("sweeps").resolve(name + ".jsonl");
        WorkbenchException.require(Files.isRegularFile(file), "ShippedSweeps: " + file + " is missing; restore it with git checkout, "
                + "or rebuild it as datasets/README.md says");
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        WorkbenchException.require(actual.equals(SHA256.get(name)), "ShippedSweeps: " + file + " has SHA-256 " + actual
                + ", expected " + SHA256.get(name) + "; the file was altered (a rebuilt one must also update ShippedSweeps.SHA256)");
        return SweepResult.load(file);
    }
}
