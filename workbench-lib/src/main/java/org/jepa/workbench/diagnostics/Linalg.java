package org.jepa.workbench.diagnostics;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared numerics for the diagnostics: input validation, Gram matrices with ND4J (BLAS) in double, and
 * symmetric eigen-decompositions / Cholesky with EJML (its multi-threaded variants). Package-private.
 */
final class Linalg {
    private Linalg() {
    }

    /**
     * Validates an embedding matrix and returns it as a double, C-ordered matrix (a copy when the input is
     * float or a view; the input itself when it already is one, it is never modified).
     */
    static INDArray checkedDouble(INDArray z, String what) {
        WorkbenchException.require(z != null, what + " is null");
        WorkbenchException.require(z.rank() == 2, what + " must be a rank-2 matrix [N, D], got shape "
                + Arrays.toString(z.shape()));
        WorkbenchException.require(z.rows() > 0 && z.columns() > 0,
                what + " is empty: shape " + Arrays.toString(z.shape()));
        WorkbenchException.require(z.dataType().isFPType() || z.dataType().isIntType(),
                what + " must be numeric, got " + z.dataType());
        INDArray d = z.dataType() == DataType.DOUBLE ? z : z.castTo(DataType.DOUBLE);
        if (d.ordering() != 'c' || d.isView()) d = d.dup('c');
        // A sum is non-finite iff some entry is (barring overflow, which the scan below also reports).
        double s = d.sumNumber().doubleValue();
        if (!Double.isFinite(s)) {
            long cols = d.columns();
            for (long i = 0; i < d.rows(); i++) {
                for (long j = 0; j < cols; j++) {
                    double v = d.getDouble(i, j);
                    if (!Double.isFinite(v)) {
                        throw new WorkbenchException(what + " contains " + (Double.isNaN(v) ? "NaN" : "Inf")
                                + " at row " + i + ", column " + j + " (shape " + Arrays.toString(z.shape()) + ")");
                    }
                }
            }
            throw new WorkbenchException(what + ": entries are too large (their sum overflows double)");
        }
        return d;
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

    /** aᵀb in double with one BLAS gemm (a: [N, D], b: [N, E] → [D, E]). */
    static INDArray gramT(INDArray a, INDArray b) {
        return Nd4j.gemm(a, b, true, false);
    }

    /** Copies a D×D ND4J matrix into EJML, symmetrising it (round-off from BLAS is not exactly symmetric). */
    static DMatrixRMaj toEjmlSymmetric(INDArray m) {
        int d = (int) m.rows();
        double[] a = m.dup('c').data().asDouble();
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

    static INDArray toNd4j(DMatrixRMaj m) {
        return Nd4j.create(m.data.clone(), new long[] {m.numRows, m.numCols}, DataType.DOUBLE);
    }

    /** Eigenvalues of a symmetric matrix (EJML symmetric QR), sorted descending. The input is not modified. */
    static double[] symmetricEigenvaluesDesc(DMatrixRMaj sym) {
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
     * computed as the similar matrix L^{-1} B L^{-T} with W = L Lᵀ (EJML Cholesky + triangular inverse,
     * ND4J gemm for the two D×D products, EJML symmetric eigenvalues).
     */
    static double[] generalizedEigenvaluesDesc(DMatrixRMaj b, DMatrixRMaj w) {
        int d = w.numRows;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_MT_DDRM.chol(d, true);
        DMatrixRMaj l = w.copy();
        if (!chol.decompose(l)) {
            throw new WorkbenchException("within-class scatter is not positive definite (Cholesky failed); "
                    + "increase delta");
        }
        DMatrixRMaj lower = chol.getT(null);
        TriangularSolver_DDRM.invertLower(lower.data, d);
        // invertLower leaves the strict upper triangle as it was; Cholesky's getT zeroes it already.
        INDArray linv = toNd4j(lower);
        INDArray bb = toNd4j(b);
        INDArray m = Nd4j.gemm(Nd4j.gemm(linv, bb, false, false), linv, false, true);
        return symmetricEigenvaluesDesc(toEjmlSymmetric(m));
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

    static void requireSameShape(List<INDArray> views, String what) {
        for (int v = 1; v < views.size(); v++) {
            WorkbenchException.require(Arrays.equals(views.get(v).shape(), views.get(0).shape()),
                    what + ": view " + v + " has shape " + Arrays.toString(views.get(v).shape())
                            + " but view 0 has " + Arrays.toString(views.get(0).shape()));
        }
    }
}
