package org.jepa.workbench.world;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cross-entropy method (Rubinstein 1999; the planner of PlaNet, TD-MPC and EB-JEPA): sample action
 * sequences from a diagonal Gaussian, keep the lowest-energy elites, refit the Gaussian to them, repeat.
 * Candidate 0 of every iteration is the current mean, so the mean's energy is always known; the plan is
 * the lowest-energy sequence seen.
 *
 * <p>Defaults: 200 samples, 20 elites, 10 iterations, initial standard deviation 1.5 per action component
 * (EB-JEPA's var_scale; it uses 20 iterations), a floor of 0.05 on the refitted deviation, noise uncorrelated in
 * time ({@link #correlation} 0).
 *
 * <pre>{@code
 * Plan p = Cem.defaults().samples(300).plan(energy, z0, zGoal, null, new Random(1));
 * }</pre>
 */
public final class Cem implements Planner {
    private final int samples, elites, iterations;
    private final double initialStd, minStd, correlation;

    private Cem(int samples, int elites, int iterations, double initialStd, double minStd, double correlation) {
        WorkbenchException.require(samples >= 2, "Cem: samples must be >= 2, got " + samples);
        WorkbenchException.require(elites >= 1 && elites < samples, "Cem: elites must be in [1, samples), got " + elites);
        WorkbenchException.require(iterations >= 1, "Cem: iterations must be >= 1, got " + iterations);
        WorkbenchException.require(initialStd > 0 && minStd >= 0 && minStd <= initialStd, "Cem: need initialStd > 0 and 0 <= minStd <= initialStd");
        WorkbenchException.require(correlation >= 0 && correlation < 1, "Cem: correlation must be in [0, 1) (0: independent steps), got " + correlation);
        this.samples = samples;
        this.elites = elites;
        this.iterations = iterations;
        this.initialStd = initialStd;
        this.minStd = minStd;
        this.correlation = correlation;
    }

    public static Cem defaults() {
        return new Cem(200, 20, 10, 1.5, 0.05, 0);
    }

    public Cem samples(int n) {
        return new Cem(n, Math.min(elites, n - 1), iterations, initialStd, minStd, correlation);
    }

    public Cem elites(int k) {
        return new Cem(samples, k, iterations, initialStd, minStd, correlation);
    }

    public Cem iterations(int n) {
        return new Cem(samples, elites, n, initialStd, minStd, correlation);
    }

    public Cem initialStd(double s) {
        return new Cem(samples, elites, iterations, s, Math.min(minStd, s), correlation);
    }

    /**
     * Copy whose candidates' noise is correlated in time: ε_t = ρ ε_{t−1} + √(1−ρ²) η_t, so a candidate keeps a heading
     * for about 1/(1−ρ) steps instead of jittering step by step (the idea of iCEM's coloured noise, Pinneri et al.
     * 2020). 0 (the default) draws every step independently.
     */
    public Cem correlation(double rho) {
        return new Cem(samples, elites, iterations, initialStd, minStd, rho);
    }

    @Override
    public String name() {
        return "cem";
    }

    @Override
    public Plan plan(ActionEnergy energy, INDArray start, INDArray goal, double[][] warmStart, Random rng) {
        return Sampling.search(name(), energy, start, goal, warmStart, rng, samples, iterations, initialStd, minStd, correlation, elites,
                (e, order) -> {
                    double[] w = new double[e.length];
                    for (int k = 0; k < elites; k++) w[order[k]] = 1;      // the elites, equally
                    return w;
                });
    }

    @Override
    public String toString() {
        return "Cem(" + samples + " samples, " + elites + " elites, " + iterations + " iterations, std " + initialStd
                + (correlation == 0 ? "" : ", correlation " + correlation) + ")";
    }
}
