package org.jepa.workbench.world;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model-predictive path integral control (Williams et al. 2017), as TD-MPC and EB-JEPA run it: sample
 * action sequences around a mean, weight each by exp(−(E − E_min)/λ), and move the mean and the deviation
 * to the weighted mean and deviation. Unlike CEM, every candidate counts, in proportion to its weight.
 * λ is relative: λ = temperature × (mean energy − lowest energy) of the iteration, so the same setting
 * works whatever the energy's scale. Candidate 0 is the current mean; the plan is the lowest-energy
 * sequence seen.
 *
 * <p>Defaults: 200 samples, 10 iterations, initial standard deviation 1.5, temperature 0.1, deviation
 * floor 0.05, noise uncorrelated in time ({@link #correlation} 0). The iteration table's elites are the best tenth
 * of the samples.
 */
public final class Mppi implements Planner {
    private final int samples, iterations;
    private final double initialStd, temperature, minStd, correlation;

    private Mppi(int samples, int iterations, double initialStd, double temperature, double minStd, double correlation) {
        WorkbenchException.require(samples >= 2, "Mppi: samples must be >= 2, got " + samples);
        WorkbenchException.require(iterations >= 1, "Mppi: iterations must be >= 1, got " + iterations);
        WorkbenchException.require(initialStd > 0 && minStd >= 0 && minStd <= initialStd, "Mppi: need initialStd > 0 and 0 <= minStd <= initialStd");
        WorkbenchException.require(correlation >= 0 && correlation < 1, "Mppi: correlation must be in [0, 1) (0: independent steps), got " + correlation);
        WorkbenchException.require(temperature > 0 && Double.isFinite(temperature), "Mppi: temperature must be > 0, got " + temperature);
        this.samples = samples;
        this.iterations = iterations;
        this.initialStd = initialStd;
        this.temperature = temperature;
        this.minStd = minStd;
        this.correlation = correlation;
    }

    public static Mppi defaults() {
        return new Mppi(200, 10, 1.5, 0.1, 0.05, 0);
    }

    public Mppi samples(int n) {
        return new Mppi(n, iterations, initialStd, temperature, minStd, correlation);
    }

    public Mppi iterations(int n) {
        return new Mppi(samples, n, initialStd, temperature, minStd, correlation);
    }

    public Mppi initialStd(double s) {
        return new Mppi(samples, iterations, s, temperature, Math.min(minStd, s), correlation);
    }

    public Mppi temperature(double t) {
        return new Mppi(samples, iterations, initialStd, t, minStd, correlation);
    }

    /** Copy whose candidates' noise is correlated in time with coefficient {@code rho}, as {@link Cem#correlation}. */
    public Mppi correlation(double rho) {
        return new Mppi(samples, iterations, initialStd, temperature, minStd, rho);
    }

    @Override
    public String name() {
        return "mppi";
    }

    @Override
    public Plan plan(ActionEnergy energy, INDArray start, INDArray goal, double[][] warmStart, Random rng) {
        return Sampling.search(name(), energy, start, goal, warmStart, rng, samples, iterations, initialStd, minStd, correlation,
                Math.max(1, samples / 10), (e, order) -> {
                    double min = Sampling.safe(e[order[0]]), mean = 0;
                    int finite = 0;
                    for (double v : e) if (Double.isFinite(v)) {
                        mean += v;
                        finite++;
                    }
                    if (finite == 0) return null;   // every candidate non-finite: keep what we have
                    mean /= finite;
                    double lambda = Math.max(temperature * (mean - min), 1e-12);
                    double[] w = new double[e.length];
                    for (int i = 0; i < e.length; i++) w[i] = Double.isFinite(e[i]) ? Math.exp(-(e[i] - min) / lambda) : 0;
                    return w;
                });
    }

    @Override
    public String toString() {
        return "Mppi(" + samples + " samples, " + iterations + " iterations, std " + initialStd + ", temperature " + temperature
                + (correlation == 0 ? "" : ", correlation " + correlation) + ")";
    }
}
