package org.jepa.workbench.diagnostics;

import org.ejml.data.DMatrixRMaj;

/**
 * First and second moments of a validated double matrix Z [N, D], from ONE gemm: the centred Gram
 * Gc = (Z−μ)ᵀ(Z−μ); the uncentred Gram follows as G = Gc + N μμᵀ (an addition, so no cancellation, unlike
 * the other way round). Package-private.
 */
final class Moments {
    final int n;
    final int d;
    final double[] mean;
    /** (Z−μ)ᵀ(Z−μ), D×D. */
    final DMatrixRMaj centeredGram;
    /** ZᵀZ, D×D. */
    final DMatrixRMaj gram;

    Moments(Linalg.Dense z) {
        this.n = z.n;
        this.d = z.d;
        this.mean = z.columnMeans();
        this.centeredGram = DMatrixRMaj.wrap(d, d, Linalg.centeredGram(z, mean));
        this.gram = centeredGram.copy();
        double[] g = gram.data;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) g[i * d + j] += n * mean[i] * mean[j];
        }
    }

    /** Unbiased (N−1) per-dimension standard deviations; 0 when N = 1. */
    double[] perDimStd() {
        double[] s = new double[d];
        if (n < 2) return s;
        for (int j = 0; j < d; j++) s[j] = Math.sqrt(Math.max(centeredGram.data[j * d + j], 0) / (n - 1));
        return s;
    }

    /** Covariance eigenvalues (divisor N−1), descending, negatives from round-off clamped to 0. */
    double[] covarianceEigenvalues() {
        double[] ev = Linalg.symmetricEigenvaluesDesc(centeredGram);
        double div = Math.max(n - 1, 1);
        for (int i = 0; i < ev.length; i++) ev[i] = Math.max(ev[i], 0) / div;
        return ev;
    }

    /** Singular values of Z (uncentred), descending, length min(N, D): σ_k = sqrt(λ_k(ZᵀZ)). */
    double[] singularValues() {
        double[] ev = Linalg.symmetricEigenvaluesDesc(gram);
        int k = Math.min(n, d);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) s[i] = Math.sqrt(Math.max(ev[i], 0));
        return s;
    }

    /** Pearson correlation matrix; rows/columns of zero-variance dimensions are 0 (diagonal too). */
    double[][] correlation() {
        double[][] r = new double[d][d];
        double[] c = centeredGram.data;
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(Math.max(c[j * d + j], 0));
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double den = sd[i] * sd[j];
                r[i][j] = den > 0 ? Math.max(-1, Math.min(1, c[i * d + j] / den)) : 0.0;
            }
        }
        return r;
    }

}
