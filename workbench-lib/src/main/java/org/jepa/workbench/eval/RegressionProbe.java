package org.jepa.workbench.eval;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Finite;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear regression probe: how much of a continuous quantity (a world model's agent position, in pixels)
 * a representation holds linearly. Ridge regression in closed form on standardised features,
 * W = (XᵀX + λ·n·I)⁻¹ Xᵀ(Y − ȳ), solved by Cholesky (EJML). Default λ = 1e-4.
 *
 * <pre>{@code
 * RegressionProbe probe = RegressionProbe.fit(model.latent(trainFrames), trainXy);   // [N, D], [N, 2]
 * probe.rmse(model.latent(testFrames), testXy);                                    // pixels
 * probe.r2(model.latent(testFrames), testXy);                                      // per output, 1 = perfect
 * INDArray xy = probe.predict(latents);                                             // [M, 2]
 * }</pre>
 */
public final class RegressionProbe {
    private final double[] mean, std, yMean;
    private final DMatrixRMaj w;   // [D, K]

    private RegressionProbe(double[] mean, double[] std, double[] yMean, DMatrixRMaj w) {
        this.mean = mean;
        this.std = std;
        this.yMean = yMean;
        this.w = w;
    }

    /** Fits with λ = 1e-4. features [N, D], targets [N, K]. */
    public static RegressionProbe fit(INDArray features, INDArray targets) {
        return fit(features, targets, 1e-4);
    }

    /**
     * Fits the probe.
     *
     * @param features [N, D], N ≥ 2
     * @param targets  [N, K]
     * @param lambda   ridge strength ≥ 0, relative to N (scale-free on standardised features)
     */
    public static RegressionProbe fit(INDArray features, INDArray targets, double lambda) {
        check(features, targets, -1);
        WorkbenchException.require(Double.isFinite(lambda) && lambda >= 0, "RegressionProbe: lambda must be >= 0, got " + lambda);
        int n = (int) features.rows(), d = (int) features.columns(), k = (int) targets.columns();
        double[][] x = features.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = targets.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] mean = new double[d], std = new double[d], yMean = new double[k];
        for (double[] r : x) for (int j = 0; j < d; j++) mean[j] += r[j] / n;
        for (double[] r : x) for (int j = 0; j < d; j++) std[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) std[j] = std[j] > 1e-24 ? Math.sqrt(std[j]) : 1.0;   // a constant feature stays 0
        for (double[] r : y) for (int j = 0; j < k; j++) yMean[j] += r[j] / n;
        DMatrixRMaj xs = standardise(x, mean, std);
        DMatrixRMaj yc = new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) yc.set(i, j, y[i][j] - yMean[j]);
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(xs, gram);
        for (int j = 0; j < d; j++) gram.add(j, j, lambda * n + 1e-12 * n);
        DMatrixRMaj rhs = new DMatrixRMaj(d, k);
        CommonOps_DDRM.multTransA(xs, yc, rhs);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(d);
        WorkbenchException.require(solver.setA(gram), "RegressionProbe: the features' Gram matrix is singular; use lambda > 0");
        DMatrixRMaj w = new DMatrixRMaj(d, k);
        solver.solve(rhs, w);
        return new RegressionProbe(mean, std, yMean, w);
    }

    /** Predicted targets [M, K] for features [M, D]. */
    public INDArray predict(INDArray features) {
        check(features, null, mean.length);
        DMatrixRMaj xs = standardise(features.castTo(DataType.DOUBLE).toDoubleMatrix(), mean, std);
        DMatrixRMaj out = new DMatrixRMaj(xs.numRows, w.numCols);
        CommonOps_DDRM.mult(xs, w, out);
        for (int i = 0; i < out.numRows; i++) for (int j = 0; j < out.numCols; j++) out.add(i, j, yMean[j]);
        return Nd4j.create(out.data, new long[] {out.numRows, out.numCols}, DataType.DOUBLE);
    }

    /** Root mean squared error over all outputs, in the targets' units; for K = 2 positions, per coordinate. */
    public double rmse(INDArray features, INDArray targets) {
        check(features, targets, mean.length);
        INDArray err = predict(features).sub(targets.castTo(DataType.DOUBLE));
        return Math.sqrt(err.mul(err).meanNumber().doubleValue());
    }

    /** Coefficient of determination per output, 1 − SSE/SST (1 perfect, 0 no better than the mean). */
    public double[] r2(INDArray features, INDArray targets) {
        check(features, targets, mean.length);
        double[][] p = predict(features).toDoubleMatrix();
        double[][] y = targets.castTo(DataType.DOUBLE).toDoubleMatrix();
        int k = y[0].length;
        double[] r2 = new double[k];
        for (int j = 0; j < k; j++) {
            double m = 0;
            for (double[] r : y) m += r[j] / y.length;
            double sse = 0, sst = 0;
            for (int i = 0; i < y.length; i++) {
                sse += (p[i][j] - y[i][j]) * (p[i][j] - y[i][j]);
                sst += (y[i][j] - m) * (y[i][j] - m);
            }
            r2[j] = sst == 0 ? Double.NaN : 1 - sse / sst;
        }
        return r2;
    }

    /** The probe as an affine map on raw (unstandardised) features: weights [D, K] and bias [K], for graphs. */
    public INDArray[] affine() {
        int d = mean.length, k = w.numCols;
        double[][] a = new double[d][k];
        double[] b = yMean.clone();
        for (int i = 0; i < d; i++) for (int j = 0; j < k; j++) {
            a[i][j] = w.get(i, j) / std[i];
            b[j] -= mean[i] * a[i][j];
        }
        return new INDArray[] {Nd4j.createFromArray(a), Nd4j.createFromArray(b)};
    }

    /** Input width D. */
    public int inputWidth() {
        return mean.length;
    }

    /** Output width K. */
    public int outputWidth() {
        return w.numCols;
    }

    private static DMatrixRMaj standardise(double[][] x, double[] mean, double[] std) {
        DMatrixRMaj m = new DMatrixRMaj(x.length, mean.length);
        for (int i = 0; i < x.length; i++) for (int j = 0; j < mean.length; j++) m.set(i, j, (x[i][j] - mean[j]) / std[j]);
        return m;
    }

    private static void check(INDArray features, INDArray targets, int width) {
        WorkbenchException.require(features != null && features.rank() == 2 && features.rows() >= 1,
                "RegressionProbe: features must be [N, D], got " + (features == null ? "null" : Arrays.toString(features.shape())));
        WorkbenchException.require(width < 0 || features.columns() == width, "RegressionProbe: the probe was fitted on "
                + width + " features, got " + features.columns());
        Finite.require(features, "RegressionProbe features");
        if (targets == null) return;
        WorkbenchException.require(targets.rank() == 2 && targets.rows() == features.rows(), "RegressionProbe: targets must be [N, K]"
                + " with N = " + features.rows() + ", got " + Arrays.toString(targets.shape()));
        WorkbenchException.require(width >= 0 || features.rows() >= 2, "RegressionProbe: fitting needs at least 2 rows, got " + features.rows());
        Finite.require(targets, "RegressionProbe targets");
    }

    @Override
    public String toString() {
        return "RegressionProbe(" + mean.length + " → " + w.numCols + ")";
    }
}
