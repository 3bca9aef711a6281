package org.jepa.workbench.diagnostics;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.jepa.workbench.WorkbenchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenBLAS's CBLAS and LAPACKE called directly (the javacpp preset whose {@code libopenblas.so.0} ND4J's CPU
 * backend loads too) for the kernels that dominate {@link Collapse#diagnose}:
 * <ul>
 *   <li>{@code dsyrk}: a Gram matrix AᵀA or AAᵀ at half the flops of a gemm (numpy does the same for
 *       {@code a.T @ a});</li>
 *   <li>{@code dpotf2}, {@code dtrtri} (small blocks) and {@code dgemm}: LiDAR's Cholesky factor, its inverse
 *       and the two products of the whitening L⁻¹BL⁻ᵀ;</li>
 *   <li>{@code dsyev}: eigenvalues of a symmetric matrix.</li>
 * </ul>
 * ND4J M2.1's BLAS wrapper has no syrk that worked here. Nothing built on {@code dtrsm} is used (potrf, sygv,
 * trtri): OpenBLAS 0.3.19's SkylakeX dtrsm kernel returns wrong results on AVX-512 CPUs (ENGINE-NOTES.md), so
 * the triangular inverse is assembled from dtrtri on blocks of order ≤ 64 (its unblocked path) and dgemm. At first use every routine here is checked on a small problem with a
 * known answer; if that check fails, or the library cannot load, every caller falls back to ND4J gemm + EJML.
 * Both paths are tested against each other.
 * Package-private.
 */
final class NativeBlas {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBlas.class);
    // CBLAS / LAPACKE enum values (cblas.h, lapacke.h)
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int UPPER = 121;

    /**
     * Per-thread native operand buffer, grown on demand and kept: a fresh 40 MB buffer per diagnosis (10,000×512)
     * costs ~20–40 ms of page faults, a third of the Gram itself. Holds at most the largest N×D seen per thread.
     */
    private static final ThreadLocal<DoublePointer> SCRATCH = new ThreadLocal<>();
    /** After SCRATCH: the self-check uses it. */
    private static final boolean LOADED = load();
    /** Tests switch the native path off to compare it with the ND4J/EJML fallback. */
    static volatile boolean disabled = Boolean.getBoolean("workbench.diagnostics.pureJava");

    private NativeBlas() {
    }

    private static boolean load() {
        try {
            Loader.load(openblas.class);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
            LOG.warn("OpenBLAS (CBLAS/LAPACKE) could not be loaded; diagnostics fall back to ND4J gemm + EJML: {}",
                    t.toString());
            return false;
        }
        String problem = selfCheck();
        if (problem != null) {
            LOG.warn("OpenBLAS {} gives wrong results on this CPU; diagnostics fall back to ND4J gemm + EJML", problem);
            return false;
        }
        return true;
    }

    /**
     * Runs dsyrk (both orientations), dgemm, dpotf2, the triangular inverse and dsyev on problems with known answers, large enough (70×40) to reach
     * the blocked kernels: an OpenBLAS kernel bug must turn into the slower fallback, never into wrong
     * diagnostics. Returns null when all agree, else the name of the failing routine.
     */
    static String selfCheck() {
        int n = 70;
        int d = 40;
        double[] a = new double[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) a[i * d + j] = ((i * 7 + j * 13) % 11) - 5;
        double[] cols = gramOfColumns(a, n, d, null);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[k * d + i] * a[k * d + j];
                if (cols[i * d + j] != s) return "dsyrk (AᵀA)"; // small integers: exact in double
            }
        }
        double[] rows = gramOfRows(a, n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += a[i * d + k] * a[j * d + k];
                if (rows[i * n + j] != s) return "dsyrk (AAᵀ)";
            }
        }
        double[] sq = new double[d * d];
        System.arraycopy(a, 0, sq, 0, sq.length);
        double[] ab = multiply(sq, cols, d);
        double[] abt = multiplyTransB(sq, cols, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s1 = 0;
                double s2 = 0;
                for (int k = 0; k < d; k++) {
                    s1 += sq[i * d + k] * cols[k * d + j];
                    s2 += sq[i * d + k] * cols[j * d + k];
                }
                if (ab[i * d + j] != s1 || abt[i * d + j] != s2) return "dgemm";
            }
        }
        // Cholesky of AᵀA/n + I (70×40 A: past the 32-row block boundary where the broken dtrsm kernel starts)
        double[] spd = new double[d * d];
        for (int k = 0; k < spd.length; k++) spd[k] = cols[k] / n + (k % (d + 1) == 0 ? 1 : 0);
        double[] l = choleskyLower(spd, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[i * d + k] * l[j * d + k];
                if (Math.abs(s - spd[i * d + j]) > 1e-12 * spd[i * d + i]) return "dpotf2";
            }
        }
        // Inverse of that factor, at 40 (dtrtri) and at 2×40+10 = 90 (one split): L·L⁻¹ = I
        for (int size : new int[] {d, 90}) {
            double[] big = new double[size * size];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i; j++) big[i * size + j] = ((i * 3 + j * 5) % 7 - 3) / 10.0;
                big[i * size + i] = 1 + (i % 4);
            }
            double[] inv = invertLower(big, size);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    double s = 0;
                    for (int k = 0; k < size; k++) s += big[i * size + k] * inv[k * size + j];
                    if (Math.abs(s - (i == j ? 1 : 0)) > 1e-10) return "dtrtri/dgemm inverse (n=" + size + ")";
                }
            }
        }
        // Tridiagonal (2, −1): eigenvalues 2 − 2cos(kπ/(d+1)), k = 1..d.
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            t[i * d + i] = 2;
            if (i + 1 < d) {
                t[i * d + i + 1] = -1;
                t[(i + 1) * d + i] = -1;
            }
        }
        double[] ev = symmetricEigenvaluesDesc(t, d); // descending: ev[d − k] is the k-th smallest
        if (ev == null) return "dsyev (failed)";
        for (int k = 1; k <= d; k++) {
            if (Math.abs(ev[d - k] - (2 - 2 * Math.cos(k * Math.PI / (d + 1)))) > 1e-12) return "dsyev";
        }
        return null;
    }

    private static DoublePointer scratch(long size) {
        DoublePointer p = SCRATCH.get();
        if (p == null || p.capacity() < size) {
            if (p != null) p.close();
            p = new DoublePointer(size);
            SCRATCH.set(p);
        }
        return p.position(0);
    }

    static boolean available() {
        return LOADED && !disabled;
    }

    /**
     * (A − 1μᵀ)ᵀ(A − 1μᵀ) for row-major A [n, d] (μ: length d, or null for no centring), as a full symmetric
     * row-major [d, d] array. The centred rows go straight to native memory in row blocks (in parallel), so no
     * centred N×D copy is kept on the Java heap.
     */
    static double[] gramOfColumns(double[] a, int n, int d, double[] mean) {
        DoublePointer x = scratch((long) n * d);
        try (DoublePointer c = new DoublePointer((long) d * d)) {
            Linalg.forBlocks(n, (b, r0, r1) -> {
                // each block writes its own rows: a private Java buffer, then one JNI copy at its offset
                int off = r0 * d;
                int len = (r1 - r0) * d;
                double[] buf = new double[len];
                if (mean == null) {
                    System.arraycopy(a, off, buf, 0, len);
                } else {
                    for (int k = 0; k < len; k += d) {
                        for (int j = 0; j < d; j++) buf[k + j] = a[off + k + j] - mean[j];
                    }
                }
                new DoublePointer(x).position(off).put(buf, 0, len);
            });
            x.position(0);
            openblas.cblas_dsyrk(ROW_MAJOR, UPPER, TRANS, d, n, 1.0, x, d, 0.0, c, d);
            return mirroredUpper(c, d);
        }
    }

    /** A Aᵀ for row-major A [m, d]: the [m, m] matrix of row inner products, full symmetric, row-major. */
    static double[] gramOfRows(double[] a, int m, int d) {
        try (DoublePointer x = new DoublePointer(a); DoublePointer c = new DoublePointer((long) m * m)) {
            openblas.cblas_dsyrk(ROW_MAJOR, UPPER, NO_TRANS, m, d, 1.0, x, d, 0.0, c, m);
            return mirroredUpper(c, m);
        }
    }

    /**
     * Lower Cholesky factor L (row-major [d, d], zeros above the diagonal) of a symmetric positive-definite
     * row-major matrix, with LAPACK's unblocked {@code dpotf2} — the blocked dpotrf goes through the broken
     * SkylakeX dtrsm kernel, potf2 only through dot/gemv (11 ms at D=512 against 25–60 ms for EJML). A clear
     * error when W is not positive definite.
     */
    static double[] choleskyLower(double[] w, int d) {
        double[] a = w.clone(); // symmetric: row-major and column-major are the same matrix
        int[] info = {0};
        openblas.LAPACK_dpotf2("L", new int[] {d}, a, new int[] {d}, info);
        if (info[0] > 0) {
            throw new WorkbenchException("within-class scatter is not positive definite (Cholesky failed at order "
                    + info[0] + " of " + d + "); increase delta");
        }
        if (info[0] < 0) throw new IllegalStateException("dpotf2 rejected argument " + (-info[0]));
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) l[i * d + j] = a[j * d + i]; // column-major lower
        return l;
    }

    /** Largest order handed to LAPACK dtrtri: its unblocked path, exact here; beyond 64 it uses the broken dtrsm. */
    static final int TRTRI_MAX = 64;

    /**
     * Inverse of a lower-triangular row-major [d, d] matrix (zeros above the diagonal). Blocks of order ≤ 64 go
     * to LAPACK {@code dtrtri} (its unblocked path); larger ones are split, [[A, 0], [C, D]]⁻¹ =
     * [[A⁻¹, 0], [−D⁻¹·C·A⁻¹, D⁻¹]], with the two products as dgemm — so no call reaches the SkylakeX dtrsm kernel.
     */
    static double[] invertLower(double[] l, int d) {
        if (d <= TRTRI_MAX) {
            double[] a = l.clone(); // row-major lower = column-major upper
            int[] info = {0};
            openblas.LAPACK_dtrtri("U", "N", new int[] {d}, a, new int[] {d}, info);
            if (info[0] != 0) throw new IllegalStateException("dtrtri info " + info[0] + " (singular factor)");
            return a;
        }
        int k = d / 2;
        int m = d - k;
        double[] a = new double[k * k];
        double[] c = new double[m * k];
        double[] dd = new double[m * m];
        for (int i = 0; i < k; i++) System.arraycopy(l, i * d, a, i * k, k);
        for (int i = 0; i < m; i++) {
            System.arraycopy(l, (k + i) * d, c, i * k, k);
            System.arraycopy(l, (k + i) * d + k, dd, i * m, m);
        }
        double[] ai = invertLower(a, k);
        double[] di = invertLower(dd, m);
        double[] x = new double[m * k];
        openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, m, k, k, 1.0, c, k, ai, k, 0.0, x, k);
        double[] y = new double[m * k];
        openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, m, k, m, -1.0, di, m, x, k, 0.0, y, k);
        double[] out = new double[d * d];
        for (int i = 0; i < k; i++) System.arraycopy(ai, i * k, out, i * d, k);
        for (int i = 0; i < m; i++) {
            System.arraycopy(y, i * k, out, (k + i) * d, k);
            System.arraycopy(di, i * m, out, (k + i) * d + k, m);
        }
        return out;
    }

    /** A·B for square row-major [d, d] matrices (cblas_dgemm). */
    static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, d, d, d, 1.0, a, d, b, d, 0.0, c, d);
        return c;
    }

    /** A·Bᵀ for square row-major [d, d] matrices (cblas_dgemm). */
    static double[] multiplyTransB(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        openblas.cblas_dgemm(ROW_MAJOR, NO_TRANS, TRANS, d, d, d, 1.0, a, d, b, d, 0.0, c, d);
        return c;
    }

    private static double[] mirroredUpper(DoublePointer c, int d) {
        double[] out = new double[d * d];
        c.position(0).get(out);
        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) out[j * d + i] = out[i * d + j];
        return out;
    }

    /**
     * Eigenvalues (descending) of a symmetric [d, d] row-major matrix with LAPACK {@code dsyev('N', 'U')}; the
     * input is not modified. Null when LAPACK reports failure (the caller falls back to EJML).
     */
    static double[] symmetricEigenvaluesDesc(double[] sym, int d) {
        double[] a = sym.clone();
        double[] w = new double[d];
        int info = openblas.LAPACKE_dsyev(ROW_MAJOR, (byte) 'N', (byte) 'U', d, a, d, w);
        return info == 0 && finite(w) ? descending(w) : null;
    }

    private static boolean finite(double[] w) {
        for (double v : w) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static double[] descending(double[] w) {
        Arrays.sort(w); // LAPACK returns them ascending already; sorting guards the contract
        Linalg.reverse(w);
        return w;
    }
}
