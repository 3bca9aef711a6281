package org.jepa.workbench.data;

import java.nio.ByteBuffer;
import org.jepa.workbench.WorkbenchException;

/**
 * Parser for the IDX format (big-endian int32 magic {@code 0x000008NN} where NN is the rank, then
 * NN int32 dimensions, then unsigned bytes). Package-private: the shipped files go through
 * {@link Datasets}, which checks their SHA-256 first; this class still validates every header and
 * length so that a file that somehow passes (or skips) the checksum fails clearly rather than loading
 * partly.
 */
final class Idx {
    private Idx() {
    }

    /** An IDX array of unsigned bytes with its dimensions. */
    record Array(int[] dims, byte[] data) {
        int dim(int i) {
            return dims[i];
        }
    }

    /**
     * Parses an uncompressed IDX byte array of unsigned bytes.
     *
     * @param raw          the whole decompressed file
     * @param expectedRank 1 for labels, 3 for images
     * @param file         name used in error messages
     */
    static Array parse(byte[] raw, int expectedRank, String file) {
        WorkbenchException.require(raw.length >= 4 + 4 * expectedRank,
                "IDX file " + file + " is too short for a header (" + raw.length + " bytes)");
        ByteBuffer bb = ByteBuffer.wrap(raw); // big-endian by default, as IDX is
        int magic = bb.getInt();
        int expectedMagic = 0x00000800 | expectedRank;
        WorkbenchException.require(magic == expectedMagic, String.format(
                "IDX file %s: bad magic number 0x%08x, expected 0x%08x (unsigned bytes, rank %d)",
                file, magic, expectedMagic, expectedRank));
        int[] dims = new int[expectedRank];
        long count = 1;
        for (int i = 0; i < expectedRank; i++) {
            dims[i] = bb.getInt();
            WorkbenchException.require(dims[i] > 0,
                    "IDX file " + file + ": dimension " + i + " is " + dims[i] + ", must be positive");
            count *= dims[i];
        }
        long payload = raw.length - bb.position();
        WorkbenchException.require(payload == count, "IDX file " + file + ": header says "
                + java.util.Arrays.toString(dims) + " = " + count + " bytes of data, file has " + payload);
        byte[] data = new byte[(int) count];
        bb.get(data);
        return new Array(dims, data);
    }
}
