package org.jepa.workbench.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A training checkpoint: every array of the model's store (online and target parameters, running
 * statistics), the optimizer state ({@code "opt/<param>"}), the model's extra state ({@code "state/<name>"},
 * e.g. per-sample codes), the completed steps and epochs, and the history so far (so a resumed run's
 * history starts where the first one stopped).
 *
 * <p>Files are written atomically (a temp file in the same directory, then an atomic move), end with a
 * CRC-32 of everything before it, and are verified on load: a truncated file, a flipped byte or a foreign
 * file is one clear error, never a silent partial load. {@link #removeOrphans} deletes temp files a kill
 * during a save left behind.
 *
 * <p>Format (version 2): magic {@code JEPAWB-CKPT}, version, steps, epochs, count, then (name, ND4J array)
 * pairs, magic {@code END}, then the CRC-32 as a long.
 */
public record Checkpoint(long steps, int epochs, Map<String, INDArray> arrays, Table history, Table stepTable) {
    private static final String MAGIC = "JEPAWB-CKPT";
    private static final int VERSION = 2;
    private static final String HISTORY = "history/";
    private static final String STEPS = "steps/";
    /** Suffix of temp files: {@code <name>.ckpt<random>.tmp}. */
    private static final String TMP_SUFFIX = ".tmp";

    public Checkpoint {
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** Writes this checkpoint to {@code file} atomically; parent directories are created. */
    public void save(Path file) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), TMP_SUFFIX);
            Map<String, INDArray> all = new LinkedHashMap<>(arrays);
            if (history != null) all.putAll(tableArrays(HISTORY, history));
            if (stepTable != null) all.putAll(tableArrays(STEPS, stepTable));
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(steps);
                out.writeInt(epochs);
                out.writeInt(all.size());
                for (Map.Entry<String, INDArray> e : all.entrySet()) {
                    out.writeUTF(e.getKey());
                    Nd4j.write(e.getValue(), out);
                }
                out.writeUTF("END");
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue());
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new WorkbenchException("could not write checkpoint " + abs + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file never carries the checkpoint's name
                }
            }
        }
    }

    /** Reads and verifies a checkpoint written by {@link #save}; a missing, truncated, corrupted or foreign file is one clear error. */
    public static Checkpoint load(Path file) {
        WorkbenchException.require(file != null && Files.isRegularFile(file), "checkpoint file " + file + " does not exist");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) throw new IOException("not a workbench checkpoint (bad header)");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("unsupported checkpoint version " + version + " (this build reads " + VERSION + ")");
            long steps = in.readLong();
            int epochs = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 1_000_000) throw new IOException("bad array count " + n);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            Map<String, INDArray> history = new LinkedHashMap<>();
            Map<String, INDArray> stepCols = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                INDArray a = Nd4j.read(in);
                if (name.startsWith(HISTORY)) history.put(name.substring(HISTORY.length()), a);
                else if (name.startsWith(STEPS)) stepCols.put(name.substring(STEPS.length()), a);
                else arrays.put(name, a);
            }
            if (!"END".equals(in.readUTF())) throw new IOException("missing end marker");
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) {
                throw new IOException(String.format("checksum mismatch (stored %08x, computed %08x)", stored, expected));
            }
            return new Checkpoint(steps, epochs, arrays, toTable("history", history), toTable("steps", stepCols));
        } catch (WorkbenchException e) {
            throw e;
        } catch (Exception | Error e) {
            throw new WorkbenchException("checkpoint file " + file + " is corrupted or truncated: " + e.getMessage()
                    + "; use an earlier checkpoint or start afresh", e);
        }
    }

    /**
     * Loads this checkpoint's weights into a model built with the same architecture (the optimizer state is
     * left out: this is for using a trained model, not for resuming its training — see
     * {@code Trainer.Builder.resumeFrom}). The model counts as trained for {@link #steps()} steps.
     *
     * <pre>{@code
     * Jepa world = TwoRoomsModel.of(env).build();
     * Checkpoint.load(Path.of("world-model.ckpt")).restoreInto(world.parameters());
     * }</pre>
     */
    public void restoreInto(Parameters params) {
        WorkbenchException.require(params != null, "Checkpoint.restoreInto: parameters are null");
        Map<String, INDArray> p = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (!k.startsWith("opt/") && !k.startsWith("state/")) p.put(k, v);
        });
        params.restore(p, "the checkpoint");
        params.setUpdates(steps);
    }

    /** Deletes temp files that a kill during {@link #save} left in {@code dir}; returns how many. */
    public static int removeOrphans(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.ckpt*" + TMP_SUFFIX)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
                removed++;
            }
        } catch (IOException e) {
            throw new WorkbenchException("could not clean up temporary checkpoint files in " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** Numeric columns as float64 vectors, in column order. */
    private static Map<String, INDArray> tableArrays(String prefix, Table t) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Column<?> c : t.columns()) {
            double[] v = new double[c.size()];
            for (int i = 0; i < v.length; i++) {
                Object o = c.get(i);
                v[i] = o instanceof Number num ? num.doubleValue() : Double.NaN;
            }
            m.put(prefix + c.name(), Nd4j.createFromArray(v).castTo(DataType.DOUBLE));
        }
        return m;
    }

    /** Rebuilds a history table: "epoch" as int, "step" as long, everything else double. */
    private static Table toTable(String name, Map<String, INDArray> cols) {
        if (cols.isEmpty()) return null;
        Table t = Table.create(name);
        for (Map.Entry<String, INDArray> e : cols.entrySet()) {
            double[] v = e.getValue().length() == 0 ? new double[0] : e.getValue().toDoubleVector();
            switch (e.getKey()) {
                case "epoch" -> {
                    IntColumn c = IntColumn.create("epoch");
                    for (double d : v) c.append((int) d);
                    t.addColumns(c);
                }
                case "step" -> {
                    LongColumn c = LongColumn.create("step");
                    for (double d : v) c.append((long) d);
                    t.addColumns(c);
                }
                default -> t.addColumns(DoubleColumn.create(e.getKey(), v));
            }
        }
        return t;
    }
}
