package org.jepa.workbench.objective;

import java.util.List;

/**
 * VICReg: Variance-Invariance-Covariance Regularization (Bardes, Ponce, LeCun, "VICReg: Variance-
 * Invariance-Covariance Regularization for Self-Supervised Learning", ICLR 2022, arXiv 2105.04906) — a
 * preset of three parts: the cost {@link InvarianceOnly} and the regularizers {@link Variance} and
 * {@link Covariance}.
 *
 * <p>For embeddings za, zb of shape [B, D]:
 * <pre>
 *   invariance  = λ · (1/(B·D)) Σ_n Σ_d (za_nd − zb_nd)²
 *   variance    = μ · ½ [ v(za) + v(zb) ],   v(z) = (1/D) Σ_d max(0, γ − sqrt(Var_d(z) + ε))
 *   covariance  = ν · [ c(za) + c(zb) ],     c(z) = (1/D) Σ_{i≠j} C(z)_ij²
 *   Var_d(z) = (1/(B−1)) Σ_n (z_nd − z̄_d)²            (unbiased, as torch.var in the paper)
 *   C(z)     = (1/(B−1)) (z − z̄)ᵀ (z − z̄)             (D×D covariance)
 * </pre>
 * The loss is the sum of the three terms; each term already carries its weight.
 *
 * <p>Defaults, as in the paper and its official code: λ (invariance) = 25, μ (variance) = 25,
 * ν (covariance) = 1, γ = 1, ε = 1e-4. Term names {@code "invariance"}, {@code "variance"},
 * {@code "covariance"}. Needs a batch of at least 2 (variance and covariance are batch statistics).
 *
 * <pre>{@code
 * Jepa model = Jepa.siamese(Mlp.of(784, 256, 64), VICReg.defaults().varianceWeight(3)).seed(1).build();
 * }</pre>
 */
public final class VICReg implements Objective {

    public static final String NAME = "vicreg";
    public static final String INVARIANCE = InvarianceOnly.INVARIANCE;
    public static final String VARIANCE = Variance.NAME;
    public static final String COVARIANCE = Covariance.NAME;

    private final InvarianceOnly invariance;
    private final Variance variance;
    private final Covariance covariance;

    private VICReg(InvarianceOnly invariance, Variance variance, Covariance covariance) {
        this.invariance = invariance;
        this.variance = variance;
        this.covariance = covariance;
    }

    /** The paper's settings: weights 25/25/1, γ = 1, ε = 1e-4. */
    public static VICReg defaults() {
        return new VICReg(InvarianceOnly.defaults().weight(25), Variance.defaults(), Covariance.defaults());
    }

    /** Copy with λ, the weight of the invariance (MSE) term, {@code ≥ 0}. */
    public VICReg invarianceWeight(double w) {
        Terms.nonNegative(NAME, "invarianceWeight", w);
        return new VICReg(invariance.weight(w), variance, covariance);
    }

    /** Copy with μ, the weight of the variance hinge, {@code ≥ 0}. */
    public VICReg varianceWeight(double w) {
        Terms.nonNegative(NAME, "varianceWeight", w);
        return new VICReg(invariance, variance.weight(w), covariance);
    }

    /** Copy with ν, the weight of the covariance term, {@code ≥ 0}. */
    public VICReg covarianceWeight(double w) {
        Terms.nonNegative(NAME, "covarianceWeight", w);
        return new VICReg(invariance, variance, covariance.weight(w));
    }

    /** Copy with γ, the target standard deviation per dimension, {@code > 0}. */
    public VICReg gamma(double g) {
        Terms.positive(NAME, "gamma", g);
        return new VICReg(invariance, variance.gamma(g), covariance);
    }

    /** Copy with ε, added to the variance inside the square root for stability, {@code > 0}. */
    public VICReg epsilon(double e) {
        Terms.positive(NAME, "epsilon", e);
        return new VICReg(invariance, variance.epsilon(e), covariance);
    }

    public double invarianceWeight() {
        return invariance.weight();
    }

    public double varianceWeight() {
        return variance.weight();
    }

    public double covarianceWeight() {
        return covariance.weight();
    }

    public double gamma() {
        return variance.gamma();
    }

    public double epsilon() {
        return variance.epsilon();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PredictionCost cost() {
        return invariance;
    }

    @Override
    public List<Regularizer> regularizers() {
        return List.of(variance, covariance);
    }

    @Override
    public String toString() {
        return "VICReg(invarianceWeight=" + invarianceWeight() + ", varianceWeight=" + varianceWeight()
                + ", covarianceWeight=" + covarianceWeight() + ", gamma=" + gamma() + ", epsilon=" + epsilon() + ")";
    }
}
