package org.jepa.workbench.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training checkpoint: every named array of the graph (online and target parameters, running
 * statistics, optimizer state under {@code "opt/<param>"}) plus the number of completed steps and
 * epochs. Files are written atomically (temp file in the same directory, then an atomic move), so a
 * crash never leaves a partial checkpoint under the final name.
 *
 * <p>Format: magic {@code JEPAWB-CKPT}, version, step, epochs, count, then (name, ND4J array) pairs,
 * then magic {@code END}. Anything else is reported as a corrupted file.
 */
public record Checkpoint(long steps, int epochs, Map<String, INDArray> arrays) {
    private static final String MAGIC = "JEPAWB-CKPT";
    private static final int VERSION = 1;

    public Checkpoint {
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** Writes this checkpoint to {@code file} atomically; parent directories are created. */
    public void save(Path file) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(steps);
                out.writeInt(epochs);
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    out.writeUTF(e.getKey());
                    Nd4j.write(e.getValue(), out);
                }
                out.writeUTF("END");
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

    /** Reads a checkpoint written by {@link #save}; a missing, truncated or foreign file is one clear error. */
    public static Checkpoint load(Path file) {
        WorkbenchException.require(Files.isRegularFile(file), "checkpoint file " + file + " does not exist");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) throw new IOException("not a workbench checkpoint (bad header)");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("unsupported checkpoint version " + version);
            long steps = in.readLong();
            int epochs = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 1_000_000) throw new IOException("bad array count " + n);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                arrays.put(name, Nd4j.read(in));
            }
            if (!"END".equals(in.readUTF())) throw new IOException("missing end marker");
            return new Checkpoint(steps, epochs, arrays);
        } catch (WorkbenchException e) {
            throw e;
        } catch (Exception | Error e) {
            throw new WorkbenchException("checkpoint file " + file + " is corrupted or truncated: " + e, e);
        }
    }
}
