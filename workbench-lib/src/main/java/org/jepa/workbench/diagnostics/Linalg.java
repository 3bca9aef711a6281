package org.jepa.workbench.diagnostics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.EjmlParameters;
import org.ejml.data.Complex_F64;
import org.ejml.data.DGrowArray;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DSubmatrixD1;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.block.TriangularSolver_MT_DDRB;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import pabeles.concurrency.GrowArray;

/**
 * Shared numerics for the diagnostics, all in double: input validation with one fused parallel pass, Gram
 * matrices (OpenBLAS dsyrk), symmetric eigenvalues (LAPACK dsyev) and LiDAR's Cholesky factor and triangular
 * inverse (dpotf2, dtrtri on small blocks + dgemm) through {@link NativeBlas}, with ND4J gemm and EJML (its
 * multi-threaded variants) as fallback; eigenvectors (PCA) with EJML. Package-private.
 */
final class Linalg {
    private Linalg() {
    }

    /**
     * Validates an embedding matrix and copies it into a row-major double[] (the input is never modified).
     * Element-wise work is done on this array in plain Java: one ND4J element-wise op on a large matrix costs
     * far more than a Java loop (see the shared engine notes); ND4J is used only for the gemms.
     */
    static Dense checked(INDArray z, String what) {
        WorkbenchException.require(z != null, what + " is null");
        WorkbenchException.require(z.rank() == 2, what + " must be a rank-2 matrix [N, D], got shape "
                + Arrays.toString(z.shape()));
        WorkbenchException.require(z.rows() > 0 && z.columns() > 0,
                what + " is empty: shape " + Arrays.toString(z.shape()));
        WorkbenchException.require(z.dataType().isFPType() || z.dataType().isIntType(),
                what + " must be numeric, got " + z.dataType());
        WorkbenchException.require(z.length() <= Integer.MAX_VALUE - 8, what + " is too large: " + z.length());
        int n = (int) z.rows();
        int d = (int) z.columns();
        INDArray c = z.ordering() == 'c' && !z.isView() && z.data().length() == z.length() ? z : z.dup('c');
        double[] a = c.data().asDouble();
        Dense out = new Dense(a, n, d);
        // One parallel pass checks every value and gathers the row statistics the metrics need.
        int bad = out.summarize(true);
        if (bad >= 0) {
            throw new WorkbenchException(what + " contains " + (Double.isNaN(a[bad]) ? "NaN" : "Inf") + " at row "
                    + (bad / d) + ", column " + (bad % d) + " (shape " + Arrays.toString(z.shape()) + ")");
        }
        return out;
    }

    /** Rows per block of the parallel element-wise loops. */
    static final int BLOCK_ROWS = 512;

    /** A body run on rows [r0, r1) of block b. */
    @FunctionalInterface
    interface RowBlock {
        void run(int b, int r0, int r1);
    }

    static int blocks(int n) {
        return blocks(n, BLOCK_ROWS);
    }

    static int blocks(int n, int blockRows) {
        return (n + blockRows - 1) / blockRows;
    }

    /**
     * Runs {@code body} on fixed blocks of {@link #BLOCK_ROWS} rows, in parallel on the common fork-join pool.
     * The partition does not depend on the thread count, and callers combine per-block partial results in block
     * order, so results are identical run to run (the determinism rule) while the memory-bound passes over an
     * N×D matrix use every core.
     */
    static void forBlocks(int n, RowBlock body) {
        forBlocks(n, BLOCK_ROWS, body);
    }

    /** As {@link #forBlocks(int, RowBlock)} with blocks of {@code blockRows} rows. */
    static void forBlocks(int n, int blockRows, RowBlock body) {
        int nb = blocks(n, blockRows);
        if (nb <= 1) {
            if (n > 0) body.run(0, 0, n);
            return;
        }
        IntStream.range(0, nb).parallel().forEach(b -> body.run(b, b * blockRows, Math.min(n, (b + 1) * blockRows)));
    }

    /** Row-major double matrix [n, d] held in a Java array. */
    static final class Dense {
        final double[] a;
        final int n;
        final int d;

        Dense(double[] a, int n, int d) {
            this.a = a;
            this.n = n;
            this.d = d;
        }

        /** Column means, length d (from {@link #summarize}). */
        private double[] mean;
        /** 1 / max(‖row i‖, 1e-12), length n. */
        private double[] invNorm;
        /** Column means of the l2-normalised rows, length d. */
        private double[] normalizedMean;

        /**
         * One pass over the rows, on row blocks in parallel: column sums, row norms and column sums of the
         * normalised rows (the row is still in L1 cache for its second inner loop), combined in block order.
         * With {@code checkFinite}, returns the flat index of the first NaN/Inf (statistics then unset), else −1.
         */
        int summarize(boolean checkFinite) {
            int nb = blocks(n);
            double[][] sums = new double[nb][];
            double[][] usums = new double[nb][];
            int[] firstBad = new int[nb];
            double[] inv = new double[n];
            forBlocks(n, (b, r0, r1) -> {
                firstBad[b] = -1;
                double[] sum = new double[d];
                double[] usum = new double[d];
                for (int i = r0; i < r1; i++) {
                    int o = i * d;
                    double ss = 0;
                    for (int j = 0; j < d; j++) {
                        double v = a[o + j];
                        sum[j] += v;
                        ss += v * v;
                    }
                    if (checkFinite && !Double.isFinite(ss)) {
                        for (int j = 0; j < d; j++) {
                            if (!Double.isFinite(a[o + j])) {
                                firstBad[b] = o + j;
                                return;
                            }
                        }
                        // finite values whose squares overflow: not bad input, fall through with ss = +Inf
                    }
                    inv[i] = 1.0 / Math.max(Math.sqrt(ss), EmbeddingMetrics.NORM_EPS);
                    for (int j = 0; j < d; j++) usum[j] += a[o + j] * inv[i];
                }
                sums[b] = sum;
                usums[b] = usum;
            });
            for (int k : firstBad) if (k >= 0) return k;
            double[] m = new double[d];
            double[] um = new double[d];
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < d; j++) {
                    m[j] += sums[b][j];
                    um[j] += usums[b][j];
                }
            }
            for (int j = 0; j < d; j++) {
                m[j] /= n;
                um[j] /= n;
            }
            mean = m;
            invNorm = inv;
            normalizedMean = um;
            return -1;
        }

        private void ensureSummary() {
            if (mean == null) summarize(false);
        }

        /** 1 / max(‖row i‖, 1e-12) for every row (shared; do not modify). */
        double[] invNorms() {
            ensureSummary();
            return invNorm;
        }

        /** Column means of the l2-normalised rows (shared; do not modify). */
        double[] normalizedColumnMeans() {
            ensureSummary();
            return normalizedMean;
        }

        INDArray toNd4j() {
            return Nd4j.create(a, new long[] {n, d}, DataType.DOUBLE);
        }

        /** Rows divided by their l2 norm (clamped at 1e-12, so zero rows stay zero), as a new matrix. */
        Dense normalizedRows() {
            double[] inv = invNorms();
            double[] u = new double[a.length];
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) u[o + j] = a[o + j] * inv[i];
            }
            return new Dense(u, n, d);
        }

        /** Column means, length d (a copy). */
        double[] columnMeans() {
            ensureSummary();
            return mean.clone();
        }

        /** Unbiased (N−1) column standard deviations, two-pass; zeros when n = 1. */
        double[] columnStd() {
            double[] s = new double[d];
            if (n < 2) return s;
            double[] m = columnMeans();
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    double x = a[o + j] - m[j];
                    s[j] += x * x;
                }
            }
            for (int j = 0; j < d; j++) s[j] = Math.sqrt(s[j] / (n - 1));
            return s;
        }

        Dense rows(int[] idx) {
            double[] out = new double[idx.length * d];
            for (int r = 0; r < idx.length; r++) System.arraycopy(a, idx[r] * d, out, r * d, d);
            return new Dense(out, idx.length, d);
        }
    }

    /** Dense D×D ND4J result as a Java array. */
    static double[] toArray(INDArray m) {
        INDArray c = m.ordering() == 'c' && !m.isView() && m.data().length() == m.length() ? m : m.dup('c');
        return c.data().asDouble();
    }

    static double[][] toArray(double[][] z, String what) {
        WorkbenchException.require(z != null && z.length > 0 && z[0] != null && z[0].length > 0,
                what + " is empty");
        for (int i = 0; i < z.length; i++) {
            WorkbenchException.require(z[i] != null && z[i].length == z[0].length,
                    what + ": row " + i + " has a different length than row 0 (ragged array)");
        }
        return z;
    }

    /**
     * (Z−μ)ᵀ(Z−μ) [D, D], full symmetric, row-major: OpenBLAS dsyrk when it is loaded, else a centred copy and
     * one ND4J gemm (symmetrised, since gemm's round-off is not exactly symmetric).
     */
    static double[] centeredGram(Dense z, double[] mean) {
        if (NativeBlas.available()) return NativeBlas.gramOfColumns(z.a, z.n, z.d, mean);
        double[] c = new double[z.a.length];
        for (int i = 0; i < z.n; i++) {
            int o = i * z.d;
            for (int j = 0; j < z.d; j++) c[o + j] = z.a[o + j] - mean[j];
        }
        INDArray x = new Dense(c, z.n, z.d).toNd4j();
        return toEjmlSymmetric(gramT(x, x)).data;
    }

    /** AᵀA [D, D] (uncentred) of row-major A [N, D], full symmetric: dsyrk, or an ND4J gemm as fallback. */
    static double[] gramOfColumns(double[] a, int n, int d) {
        if (NativeBlas.available()) return NativeBlas.gramOfColumns(a, n, d, null);
        INDArray x = Nd4j.create(a, new long[] {n, d}, DataType.DOUBLE);
        return toEjmlSymmetric(gramT(x, x)).data;
    }

    /** AAᵀ [N, N] of row-major A [N, D], full symmetric: dsyrk, or an ND4J gemm as fallback. */
    static double[] gramOfRows(double[] a, int n, int d) {
        if (NativeBlas.available()) return NativeBlas.gramOfRows(a, n, d);
        INDArray x = Nd4j.create(a, new long[] {n, d}, DataType.DOUBLE);
        return toArray(Nd4j.gemm(x, x, false, true));
    }

    /** aᵀb in double with one BLAS gemm (a: [N, D], b: [N, E] → [D, E]). */
    static INDArray gramT(INDArray a, INDArray b) {
        return Nd4j.gemm(a, b, true, false);
    }

    /** Copies a D×D ND4J matrix into EJML, symmetrising it (round-off from BLAS is not exactly symmetric). */
    static DMatrixRMaj toEjmlSymmetric(INDArray m) {
        return toEjmlSymmetric(toArray(m), (int) m.rows());
    }

    static DMatrixRMaj toEjmlSymmetric(double[] a, int d) {
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = 0.5 * (a[i * d + j] + a[j * d + i]);
                out.data[i * d + j] = v;
                out.data[j * d + i] = v;
            }
        }
        return out;
    }

    /**
     * Eigenvalues of a symmetric matrix, sorted descending; the input is not modified. LAPACK {@code dsyev}
     * through {@link NativeBlas} (~5–8× faster than EJML at D=512); EJML's symmetric QR when the native library
     * is unavailable or reports failure.
     */
    static double[] symmetricEigenvaluesDesc(DMatrixRMaj sym) {
        double[] ev = NativeBlas.available() ? NativeBlas.symmetricEigenvaluesDesc(sym.data, sym.numRows) : null;
        return ev != null ? ev : ejmlSymmetricEigenvaluesDesc(sym);
    }

    /** Eigenvalues of a symmetric matrix with EJML's multi-threaded symmetric QR, sorted descending. */
    static double[] ejmlSymmetricEigenvaluesDesc(DMatrixRMaj sym) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_MT_DDRM.eig(sym.numRows, false, true);
        if (!eig.decompose(sym.copy())) {
            throw new WorkbenchException("EJML symmetric eigen-decomposition did not converge (size "
                    + sym.numRows + ")");
        }
        double[] ev = new double[sym.numRows];
        for (int i = 0; i < ev.length; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            ev[i] = c.real;
        }
        Arrays.sort(ev);
        reverse(ev);
        return ev;
    }

    /** Top-k eigenvectors (columns, descending eigenvalue) of a symmetric matrix, as [D][k]. */
    static double[][] topEigenvectors(DMatrixRMaj sym, int k) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_MT_DDRM.eig(sym.numRows, true, true);
        if (!eig.decompose(sym.copy())) {
            throw new WorkbenchException("EJML symmetric eigen-decomposition did not converge (size "
                    + sym.numRows + ")");
        }
        Integer[] order = new Integer[sym.numRows];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(y).real, eig.getEigenvalue(x).real));
        double[][] out = new double[sym.numRows][k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            for (int r = 0; r < sym.numRows; r++) out[r][c] = v.get(r, 0);
        }
        return out;
    }

    /**
     * Eigenvalues (descending) of the generalised symmetric problem B v = λ W v, i.e. of W^{-1/2} B W^{-1/2},
     * computed as the similar matrix L^{-1} B L^{-T} with W = L Lᵀ (LAPACK dpotf2 Cholesky, triangular inverse
     * from {@link NativeBlas#invertLower}, two BLAS gemms, LAPACK symmetric eigenvalues; EJML throughout as
     * fallback). Not LAPACK's dsygv: it needs
     * dtrsm, and OpenBLAS 0.3.19's SkylakeX dtrsm kernel returns wrong results (ENGINE-NOTES.md).
     */
    static double[] generalizedEigenvaluesDesc(DMatrixRMaj b, DMatrixRMaj w) {
        int d = w.numRows;
        // Not dpotrf: OpenBLAS 0.3.19's potrf (through ND4J or directly) is built on its SkylakeX dtrsm kernel,
        // which is wrong on AVX-512 CPUs (L Lᵀ != W at D=130; info>0 on PD matrices at D=33). Unblocked dpotf2
        // avoids that kernel; EJML's Cholesky is the fallback.
        DMatrixRMaj lower = NativeBlas.available() ? DMatrixRMaj.wrap(d, d, NativeBlas.choleskyLower(w.data, d))
                : ejmlCholeskyLower(w);
        // M = L^{-1} B L^{-T}: invert L once (n³/3 flops), then two BLAS gemms — against ~150 ms for two EJML
        // triangular solves at D=512. κ(W) ≤ ~1e5 with δ = 1e-4, so the explicit inverse costs no meaningful
        // accuracy (CollapseLinalgTest checks against whitening by eigenvectors to 1e-9).
        double[] m;
        if (NativeBlas.available()) {
            double[] linv = NativeBlas.invertLower(lower.data, d);
            m = NativeBlas.multiplyTransB(NativeBlas.multiply(linv, b.data, d), linv, d);
        } else {
            int bl = EjmlParameters.BLOCK_WIDTH;
            DMatrixRBlock lb = new DMatrixRBlock(d, d, bl);
            MatrixOps_DDRB.convert(lower, lb);
            DMatrixRBlock invb = new DMatrixRBlock(d, d, bl);
            TriangularSolver_MT_DDRB.invert(bl, false, new DSubmatrixD1(lb), new DSubmatrixD1(invb),
                    new GrowArray<>(DGrowArray::new));
            DMatrixRMaj linv = MatrixOps_DDRB.convert(invb, (DMatrixRMaj) null);
            DMatrixRMaj x = new DMatrixRMaj(d, d);
            CommonOps_MT_DDRM.mult(linv, b, x);
            DMatrixRMaj mm = new DMatrixRMaj(d, d);
            CommonOps_MT_DDRM.multTransB(x, linv, mm);
            m = mm.data;
        }
        return symmetricEigenvaluesDesc(toEjmlSymmetric(m, d));
    }

    /** Lower Cholesky factor with EJML; a clear error when W is not positive definite. */
    static DMatrixRMaj ejmlCholeskyLower(DMatrixRMaj w) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_MT_DDRM.chol(w.numRows, true);
        if (!chol.decompose(w.copy())) {
            throw new WorkbenchException("within-class scatter is not positive definite (Cholesky failed); "
                    + "increase delta");
        }
        return chol.getT(null);
    }

    /** exp(Shannon entropy) of p_k = v_k / Σv + eps (the RankMe / LiDAR formula); 0 when Σv = 0. */
    static double expEntropy(double[] values, int count, double eps) {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += Math.max(values[i], 0);
        if (!(sum > 0)) return 0.0;
        double h = 0;
        for (int i = 0; i < count; i++) {
            double p = Math.max(values[i], 0) / sum + eps;
            h -= p * Math.log(p);
        }
        return Math.exp(h);
    }

    static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static void requireSameShape(List<Dense> views, String what) {
        for (int v = 1; v < views.size(); v++) {
            WorkbenchException.require(views.get(v).n == views.get(0).n && views.get(v).d == views.get(0).d,
                    what + ": view " + v + " has shape [" + views.get(v).n + ", " + views.get(v).d
                            + "] but view 0 has [" + views.get(0).n + ", " + views.get(0).d + "]");
        }
    }
}
