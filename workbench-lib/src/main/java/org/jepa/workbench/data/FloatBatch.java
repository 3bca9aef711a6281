package org.jepa.workbench.data;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves matrices between ND4J and plain row-major float arrays, for the tight loops in this package. */
final class FloatBatch {
    private FloatBatch() {
    }

    /** A row-major float copy of {@code x} (any data type, ordering or view). */
    static float[] toFloats(INDArray x) {
        INDArray f = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
        if (f.isView() || f.ordering() != 'c' || f.offset() != 0 || f.data().length() != f.length()) {
            f = f.dup('c');
        }
        float[] out = new float[(int) f.length()];
        // one bulk copy from native memory; DataBuffer.asFloat() goes element by element (~10x slower)
        f.data().asNioFloat().get(out);
        return out;
    }

    /** Checks a batch is a finite rank-2 matrix with {@code dim} columns; returns its rows. */
    static int checkBatch(INDArray batch, long dim, String what) {
        WorkbenchException.require(batch != null, what + ": batch is null");
        WorkbenchException.require(batch.rank() == 2, what + ": batch must be a matrix [B, " + dim
                + "], got shape " + java.util.Arrays.toString(batch.shape()));
        WorkbenchException.require(dim < 0 || batch.columns() == dim, what + ": batch has " + batch.columns()
                + " columns, expected " + dim + " (shape " + java.util.Arrays.toString(batch.shape()) + ")");
        WorkbenchException.require(batch.rows() > 0, what + ": batch is empty");
        return (int) batch.rows();
    }

    /** Throws if {@code a} holds a NaN or infinity. */
    static void requireFinite(float[] a, String what) {
        // v * 0 is NaN exactly for NaN and +-Inf; summing them is a branch-free first pass
        float acc = 0f;
        for (float v : a) acc += v * 0f;
        if (acc == 0f) return;
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new WorkbenchException(what + ": input holds " + a[i] + " at flat index " + i
                        + "; augmentations need finite values");
            }
        }
    }

    /** A new float32 c-order matrix [rows, cols] holding {@code a} (one bulk copy into native memory). */
    static INDArray matrix(float[] a, long rows, long cols) {
        INDArray m = Nd4j.createUninitializedDetached(DataType.FLOAT, rows, cols);
        m.data().asNioFloat().put(a, 0, (int) (rows * cols));
        return m;
    }
}
