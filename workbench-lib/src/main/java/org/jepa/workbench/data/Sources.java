package org.jepa.workbench.data;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the batch sources of this package. */
final class Sources {
    static final Augmentation IDENTITY = (b, rng) -> b;

    private Sources() {
    }

    /** A finite, non-empty floating-point matrix [N, F]; returns it. */
    static INDArray checkMatrix(INDArray x, String what) {
        WorkbenchException.require(x != null, what + ": data is null");
        WorkbenchException.require(x.rank() == 2, what + ": expected a matrix [N, F], got shape " + Arrays.toString(x.shape()));
        WorkbenchException.require(x.rows() > 0, what + ": the data set is empty");
        checkFinite(x, what);
        return x;
    }

    /** One clear error if {@code x} holds a NaN or an infinity. */
    static void checkFinite(INDArray x, String what) {
        WorkbenchException.require(x.dataType().isFPType(), what + ": data must be floating point, got " + x.dataType());
        Finite.require(x, what);
    }

    /**
     * The rows of {@code x} [N, F] at {@code idx}, copied into a new [idx.length, F] array: for a whole c-order
     * {@code x} by memory copies into an uninitialised array (0.09 ms for 256 MNIST rows), else by one native gather
     * ({@code Nd4j.pullRows}, 0.19 ms). {@code INDArray.getRows} copies row by row, one op each: 14 ms against 2.4 ms
     * for a batch of 256 MNIST rows on 2 cores, a tenth of the reference training step (bench/README.md).
     */
    static INDArray rows(INDArray x, int[] idx, String what) {
        WorkbenchException.require(idx != null, what + ": the row indices are null");
        if (idx.length == 0) return Nd4j.create(x.dataType(), 0, x.columns());   // as getRows: an empty selection
        long n = x.rows();
        for (int i : idx) {
            WorkbenchException.require(i >= 0 && i < n, what + ": row index " + i + " is outside [0, " + n + ")");
        }
        if (!plain(x)) return Nd4j.pullRows(x, 1, idx);
        long width = x.dataType().width(), row = x.columns() * width;
        INDArray z = Nd4j.createUninitialized(x.dataType(), idx.length, x.columns());
        java.nio.ByteBuffer from = x.data().asNio(), to = z.data().asNio();
        for (int i = 0; i < idx.length; i++) to.put((int) (i * row), from, (int) (idx[i] * row), (int) row);
        return z;
    }

    /**
     * Views [B, F] of one batch stacked along a new axis 1 into [B, T, F], the values of {@code Nd4j.stack(1, views)}.
     * ND4J's stack fills a zeroed array with strided copies (0.86 ms for two [256, 784] float views on 2 cores, with
     * the fresh array's zeroing); here an uninitialised array gets the rows by memory copies (0.19 ms). Views that
     * are not whole c-order arrays of one type go through {@code Nd4j.stack}.
     */
    static INDArray stack(INDArray... views) {
        INDArray first = views[0];
        boolean plain = first.rank() == 2;
        for (INDArray v : views) plain &= plain(v) && v.dataType() == first.dataType() && Arrays.equals(v.shape(), first.shape());
        if (!plain || first.length() * views.length * first.dataType().width() >= Integer.MAX_VALUE) return Nd4j.stack(1, views);
        long b = first.rows(), t = views.length, row = first.columns() * first.dataType().width();
        INDArray z = Nd4j.createUninitialized(first.dataType(), b, t, first.columns());
        java.nio.ByteBuffer to = z.data().asNio();
        for (int k = 0; k < t; k++) {
            java.nio.ByteBuffer from = views[k].data().asNio();
            for (long i = 0; i < b; i++) to.put((int) ((i * t + k) * row), from, (int) (i * row), (int) row);
        }
        return z;
    }

    /**
     * Frees {@code a}'s off-heap memory now, unless it may share it: a view, or an array on part of a buffer or on
     * a buffer made for another array. Already freed arrays are skipped.
     */
    static void close(INDArray a) {
        if (a.closeable() && ownsBuffer(a)) a.close();
    }

    /** Whether {@code a} is the only array on its buffer as far as ND4J tells: not a view, the whole buffer, its own. */
    static boolean ownsBuffer(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.data().originalDataBuffer() == null && a.length() == a.data().length();
    }

    /** A whole (not a view), non-empty c-order array with c-order strides, under 2 GB: its buffer is its elements in order. */
    private static boolean plain(INDArray a) {
        return !a.isEmpty() && a.ordering() == 'c' && a.offset() == 0 && a.data().originalDataBuffer() == null
                && a.length() == a.data().length() && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'))
                && a.length() * a.dataType().width() < Integer.MAX_VALUE;
    }

    /** A view must keep the batch's shape. */
    static INDArray checkView(INDArray v, INDArray batch, String what) {
        WorkbenchException.require(v != null && Arrays.equals(v.shape(), batch.shape()), what + " must have the batch's shape "
                + Arrays.toString(batch.shape()) + ", got " + (v == null ? "null" : Arrays.toString(v.shape())));
        return v.dataType() == DataType.FLOAT || v.dataType() == DataType.DOUBLE ? v : v.castTo(DataType.FLOAT);
    }
}
