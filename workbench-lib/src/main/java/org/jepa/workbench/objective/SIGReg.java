package org.jepa.workbench.objective;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LeJEPA's objective (Balestriero, LeCun, arXiv 2511.08544) as a preset: an invariance cost plus the
 * SIGReg regularizer {@link IsotropicGaussian}. With two views, as in LeJEPA's minimal recipe (which
 * applies SIGReg to every view's embeddings and averages, and uses the squared distance to the mean of
 * the views as its prediction loss):
 * <pre>
 *   invariance = (1 − λ) · (1/(2·B·D)) Σ_{v∈{a,b}} Σ_n Σ_d (z^v_nd − z̄_nd)²,  z̄ = (za + zb)/2
 *              = (1 − λ) · ¼ · MSE(za, zb)
 *   sigreg     = λ · ½ [ SIGReg(za) + SIGReg(zb) ]   (the same directions for both views)
 * </pre>
 *
 * <p>Defaults (MINIMAL.md): λ = 0.02, K = 256 directions, 17 knots, t_max = 3. Name {@code "sigreg"};
 * terms {@code "invariance"}, {@code "sigreg"}. Needs a batch of at least 2.
 */
public final class SIGReg implements Objective {

    public static final String NAME = "sigreg";
    public static final String INVARIANCE = InvarianceOnly.INVARIANCE;
    public static final String SIGREG = IsotropicGaussian.NAME;

    private final double lambda;
    private final IsotropicGaussian sigreg;

    private SIGReg(double lambda, IsotropicGaussian sigreg) {
        org.jepa.workbench.WorkbenchException.require(Double.isFinite(lambda) && lambda >= 0 && lambda <= 1,
                NAME + ": hyper-parameter 'lambda' must be in [0, 1] (loss = (1 − λ)·invariance + λ·SIGReg), got " + lambda);
        this.lambda = lambda;
        this.sigreg = sigreg.weight(lambda);
    }

    /** λ = 0.02, 256 directions, 17 knots on [0, 3]. */
    public static SIGReg defaults() {
        return new SIGReg(0.02, IsotropicGaussian.defaults());
    }

    /** Copy with λ in [0, 1]: loss = (1 − λ)·invariance + λ·SIGReg. */
    public SIGReg lambda(double l) {
        return new SIGReg(l, sigreg);
    }

    /** Copy with K {@code ≥ 1} random directions per step (drops any {@link #fixedDirections}). */
    public SIGReg directions(int k) {
        return new SIGReg(lambda, sigreg.directions(k));
    }

    /** Copy with an odd number {@code ≥ 3} of quadrature knots on [0, t_max]. */
    public SIGReg knots(int n) {
        return new SIGReg(lambda, sigreg.knots(n));
    }

    /** Copy with the upper end {@code > 0} of the integration range [0, t_max]. */
    public SIGReg tMax(double t) {
        return new SIGReg(lambda, sigreg.tMax(t));
    }

    /** Copy with fixed [D, K] directions instead of fresh ones each step (evaluation, gradient checks). */
    public SIGReg fixedDirections(INDArray directionsDxK) {
        return new SIGReg(lambda, sigreg.fixedDirections(directionsDxK));
    }

    public double lambda() {
        return lambda;
    }

    public int directions() {
        return sigreg.directions();
    }

    public int knots() {
        return sigreg.knots();
    }

    public double tMax() {
        return sigreg.tMax();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PredictionCost cost() {
        return InvarianceOnly.defaults().weight(0.25 * (1 - lambda));
    }

    @Override
    public List<Regularizer> regularizers() {
        return List.of(sigreg);
    }

    @Override
    public String toString() {
        return "SIGReg(lambda=" + lambda + ", directions=" + directions() + ", knots=" + knots() + ", tMax=" + tMax() + ")";
    }
}
