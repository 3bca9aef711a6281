package org.jepa.workbench.world;

import java.util.Arrays;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** What the sampling planners (CEM, MPPI) share: drawing candidates, ranking, refitting, and the iteration table. */
final class Sampling {
    private Sampling() {
    }

    /** A planner's weights for refitting the Gaussian to one iteration's candidates. */
    interface Weights {
        /**
         * @param e     the candidates' energies
         * @param order indices by energy, lowest first
         * @return one non-negative weight per candidate, or null to stop (nothing usable)
         */
        double[] of(double[] e, Integer[] order);
    }

    /**
     * The loop both sampling planners run: draw {@code samples} sequences from a diagonal Gaussian (candidate 0
     * its mean), score them in one call, keep the best seen, refit mean and deviation (floored at
     * {@code minStd}) to the candidates under {@code weights}, repeat.
     *
     * @param traced how many of the lowest energies the iteration table summarises
     */
    static Plan search(String name, ActionEnergy energy, INDArray start, INDArray goal, double[][] warmStart, Random rng,
                       int samples, int iterations, double initialStd, double minStd, double correlation, int traced, Weights weights) {
        check(energy, warmStart);
        WorkbenchException.require(rng != null, name + ": rng is null");
        double[][] mu = initialMean(energy, warmStart);
        double[][] sigma = new double[mu.length][mu[0].length];
        for (double[] s : sigma) Arrays.fill(s, initialStd);
        double[][] best = copy(mu);
        double bestE = Double.POSITIVE_INFINITY;
        Trace trace = new Trace();
        for (int it = 0; it < iterations; it++) {
            double[][][] c = draw(energy, mu, sigma, correlation, samples, rng);
            double[] e = energy.energies(start, goal, toArray(c));
            Integer[] order = ranking(e);
            if (safe(e[order[0]]) < bestE) {
                bestE = e[order[0]];
                best = copy(c[order[0]]);
            }
            trace.add(it, bestE, e, order, traced);
            double[] w = weights.of(e, order);
            if (w == null) break;
            double total = 0;
            for (double v : w) total += v;
            for (int t = 0; t < mu.length; t++) {
                for (int j = 0; j < mu[0].length; j++) {
                    double m = 0, v = 0;
                    for (int i = 0; i < samples; i++) if (w[i] > 0) m += w[i] * c[i][t][j] / total;
                    for (int i = 0; i < samples; i++) if (w[i] > 0) v += w[i] * (c[i][t][j] - m) * (c[i][t][j] - m) / total;
                    mu[t][j] = m;
                    sigma[t][j] = Math.max(minStd, Math.sqrt(v));
                }
            }
        }
        return new Plan(best, bestE, trace.table(name), (long) samples * iterations);
    }

    static void check(ActionEnergy energy, double[][] warmStart) {
        WorkbenchException.require(energy != null, "planner: energy is null");
        if (warmStart == null) return;
        WorkbenchException.require(warmStart.length == energy.horizon(), "planner: the warm start has " + warmStart.length
                + " steps, the horizon is " + energy.horizon());
        for (double[] a : warmStart) {
            WorkbenchException.require(a != null && a.length == energy.actionWidth(), "planner: warm-start actions must have width "
                    + energy.actionWidth());
            for (double v : a) WorkbenchException.require(Double.isFinite(v), "planner: the warm start is not finite");
        }
    }

    static double[][] initialMean(ActionEnergy energy, double[][] warmStart) {
        double[][] mu = new double[energy.horizon()][energy.actionWidth()];
        if (warmStart != null) for (int h = 0; h < mu.length; h++) mu[h] = warmStart[h].clone();
        return mu;
    }

    /**
     * N candidates mean + std·ε, projected on the admissible ball; candidate 0 is the mean itself. ε is standard
     * normal at every step and, for {@code correlation} ρ > 0, an AR(1) process in time, ε_t = ρ ε_{t−1} + √(1−ρ²) η_t
     * (unit variance, correlation ρ^k k steps apart): smooth candidates that keep a heading for ~1/(1−ρ) steps.
     */
    static double[][][] draw(ActionEnergy energy, double[][] mu, double[][] sigma, double correlation, int n, Random rng) {
        int h = mu.length, a = mu[0].length;
        double[][][] c = new double[n][h][a];
        double fresh = Math.sqrt(1 - correlation * correlation);
        double[] eps = new double[a];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < h; t++) {
                for (int j = 0; j < a; j++) {
                    if (i == 0) {
                        c[i][t][j] = mu[t][j];
                        continue;
                    }
                    double g = rng.nextGaussian();
                    eps[j] = t == 0 ? g : correlation * eps[j] + fresh * g;
                    c[i][t][j] = mu[t][j] + sigma[t][j] * eps[j];
                }
            }
        }
        energy.project(c);
        return c;
    }

    static INDArray toArray(double[][][] c) {
        int n = c.length, h = c[0].length, a = c[0][0].length;
        float[] f = new float[n * h * a];
        int k = 0;
        for (double[][] s : c) for (double[] v : s) for (double x : v) f[k++] = (float) x;
        return Nd4j.create(f, new long[] {n, h, a}, 'c').castTo(DataType.FLOAT);
    }

    /** Indices sorted by energy, lowest first (NaN last). */
    static Integer[] ranking(double[] e) {
        Integer[] idx = new Integer[e.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> Double.compare(safe(e[x]), safe(e[y])));
        return idx;
    }

    static double safe(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    static double[][] copy(double[][] s) {
        double[][] c = new double[s.length][];
        for (int i = 0; i < s.length; i++) c[i] = s[i].clone();
        return c;
    }

    /** Accumulates the per-iteration table. */
    static final class Trace {
        final IntColumn iteration = IntColumn.create("iteration");
        final DoubleColumn best = DoubleColumn.create("best");
        final DoubleColumn eliteMean = DoubleColumn.create("elite_mean");
        final DoubleColumn eliteStd = DoubleColumn.create("elite_std");

        void add(int it, double bestSoFar, double[] e, Integer[] order, int elites) {
            double m = 0, s = 0;
            for (int k = 0; k < elites; k++) m += safe(e[order[k]]) / elites;
            for (int k = 0; k < elites; k++) s += (safe(e[order[k]]) - m) * (safe(e[order[k]]) - m) / elites;
            iteration.append(it);
            best.append(bestSoFar);
            eliteMean.append(m);
            eliteStd.append(Math.sqrt(s));
        }

        Table table(String planner) {
            return Table.create(planner + " iterations", iteration, best, eliteMean, eliteStd);
        }
    }
}
