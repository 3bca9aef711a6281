package org.jepa.workbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import org.jepa.workbench.WorkbenchException;

/**
 * A sweep's run directory: one JSON file per finished cell under {@code cells/}, written as the cell
 * finishes (to a temporary file, then renamed, so a crash never leaves half a file). A restarted sweep
 * reads them back and skips the cells that succeeded.
 */
final class RunStore {
    private static final ObjectMapper LINE = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    // NaN and ±Infinity stay numbers (bare tokens) so a failed cell's partial outputs read back as numbers.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final Path dir;
    private final Path cells;

    RunStore(Path dir) {
        this.dir = dir;
        this.cells = dir.resolve("cells");
        try {
            Files.createDirectories(cells);
        } catch (IOException e) {
            throw new WorkbenchException("Sweep: cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Claims the directory for {@code task}'s class: a directory holding another task's rows is refused, so
     * that rows of one experiment are never resumed as another's. The claim is {@code task.txt}.
     */
    void claim(SweepTask task) {
        Path marker = dir.resolve("task.txt");
        String name = task.getClass().getName();
        try {
            if (Files.exists(marker)) {
                String had = Files.readString(marker, StandardCharsets.UTF_8).trim();
                WorkbenchException.require(had.equals(name), "Sweep: run directory " + dir + " holds rows of task " + had
                        + ", not " + name + "; give this sweep its own runDir(..), or fresh() to discard those rows");
                return;
            }
            Path tmp = Files.createTempFile(dir, ".task", ".tmp");
            Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
            publish(tmp, marker);
        } catch (IOException e) {
            throw new UncheckedIOException("Sweep: cannot write " + marker, e);
        }
    }

    /** Deletes every stored row (and the claim): the next run computes every cell again. */
    void clear() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cells)) {
            for (Path f : files) Files.deleteIfExists(f);
            Files.deleteIfExists(dir.resolve("task.txt"));
            Files.deleteIfExists(dir.resolve("rows.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("Sweep: cannot clear " + dir, e);
        }
    }

    /** Every cell result stored so far, by {@link Cell#key()}. Unreadable files are reported and skipped. */
    Map<String, CellResult> load() {
        Map<String, CellResult> out = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cells, "*.json")) {
            for (Path f : files) {
                try {
                    CellResult r = fromJson(Files.readString(f, StandardCharsets.UTF_8));
                    out.put(r.cell().key(), r);
                } catch (IOException | RuntimeException e) {
                    System.err.println("[sweep] ignoring unreadable cell file " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Writes one result atomically; a later result for the same cell replaces it. */
    void save(CellResult r) {
        Path target = cells.resolve(fileName(r.cell()));
        try {
            Path tmp = Files.createTempFile(cells, ".cell", ".tmp");
            Files.writeString(tmp, toJson(r), StandardCharsets.UTF_8);
            publish(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Sweep: cannot write " + target, e);
        }
    }

    /**
     * Moves a finished temporary file onto {@code target} (atomically where the file system can) and makes it
     * readable by all, as a plain file would be (temporary files are created owner-only).
     */
    static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    /** Normalises a result through its JSON form, so fresh and resumed results build identical tables. */
    static CellResult roundTrip(CellResult r) {
        return fromJson(toJson(r));
    }

    static String fileName(Cell c) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(c.key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 10) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One result as a single JSON line (for {@link SweepResult#save}). */
    static String toJsonLine(CellResult r) {
        try {
            return LINE.writeValueAsString(LINE.readTree(toJson(r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(CellResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", r.cell().params());
        m.put("status", r.status());
        m.put("error", r.error());
        m.put("outputs", r.outputs());
        m.put("seconds", r.seconds());
        m.put("worker", r.worker());
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static CellResult fromJson(String json) {
        try {
            Map<String, Object> m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, Object> outputs = new LinkedHashMap<>((Map<String, Object>) m.getOrDefault("outputs", Map.of()));
            return new CellResult(new Cell((Map<String, Object>) m.get("cell")), "ok".equals(m.get("status")),
                    (String) m.get("error"), outputs, ((Number) m.get("seconds")).doubleValue(), (String) m.get("worker"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
