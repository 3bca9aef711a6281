package org.jepa.workbench.objective;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * VICReg: Variance-Invariance-Covariance Regularization (Bardes, Ponce, LeCun, "VICReg: Variance-
 * Invariance-Covariance Regularization for Self-Supervised Learning", ICLR 2022, arXiv 2105.04906).
 *
 * <p>For embeddings za, zb of shape [B, D]:
 * <pre>
 *   invariance  = λ · (1/(B·D)) Σ_n Σ_d (za_nd − zb_nd)²
 *   variance    = μ · ½ [ v(za) + v(zb) ],   v(z) = (1/D) Σ_d max(0, γ − sqrt(Var_d(z) + ε))
 *   covariance  = ν · [ c(za) + c(zb) ],     c(z) = (1/D) Σ_{i≠j} C(z)_ij²
 *   Var_d(z) = (1/(B−1)) Σ_n (z_nd − z̄_d)²            (unbiased, as torch.var in the paper)
 *   C(z)     = (1/(B−1)) (z − z̄)ᵀ (z − z̄)             (D×D covariance)
 * </pre>
 * The loss is the sum of the three terms; each term in {@link #terms} already carries its weight.
 *
 * <p>Defaults, as in the paper and its official code: λ (invariance) = 25, μ (variance) = 25,
 * ν (covariance) = 1, γ = 1, ε = 1e-4. Term names {@code "invariance"}, {@code "variance"},
 * {@code "covariance"}. Needs a batch of at least 2 (variance and covariance are batch statistics).
 *
 * <p>Implementation note: the off-diagonal sum is computed as Σ_ij C_ij² − Σ_d Var_d², which needs no
 * D×D mask, so the dimension need not be known when the graph is built.
 */
public final class VICReg implements Objective {

    public static final String NAME = "vicreg";
    public static final String INVARIANCE = "invariance";
    public static final String VARIANCE = "variance";
    public static final String COVARIANCE = "covariance";

    private final double invarianceWeight;
    private final double varianceWeight;
    private final double covarianceWeight;
    private final double gamma;
    private final double epsilon;

    private VICReg(double inv, double var, double cov, double gamma, double epsilon) {
        this.invarianceWeight = Terms.nonNegative(NAME, "invarianceWeight", inv);
        this.varianceWeight = Terms.nonNegative(NAME, "varianceWeight", var);
        this.covarianceWeight = Terms.nonNegative(NAME, "covarianceWeight", cov);
        this.gamma = Terms.positive(NAME, "gamma", gamma);
        this.epsilon = Terms.positive(NAME, "epsilon", epsilon);
    }

    /** The paper's settings: weights 25/25/1, γ = 1, ε = 1e-4. */
    public static VICReg defaults() {
        return new VICReg(25, 25, 1, 1.0, 1e-4);
    }

    /** Copy with λ, the weight of the invariance (MSE) term, {@code ≥ 0}. */
    public VICReg invarianceWeight(double w) {
        return new VICReg(w, varianceWeight, covarianceWeight, gamma, epsilon);
    }

    /** Copy with μ, the weight of the variance hinge, {@code ≥ 0}. */
    public VICReg varianceWeight(double w) {
        return new VICReg(invarianceWeight, w, covarianceWeight, gamma, epsilon);
    }

    /** Copy with ν, the weight of the covariance term, {@code ≥ 0}. */
    public VICReg covarianceWeight(double w) {
        return new VICReg(invarianceWeight, varianceWeight, w, gamma, epsilon);
    }

    /** Copy with γ, the target standard deviation per dimension, {@code > 0}. */
    public VICReg gamma(double g) {
        return new VICReg(invarianceWeight, varianceWeight, covarianceWeight, g, epsilon);
    }

    /** Copy with ε, added to the variance inside the square root for stability, {@code > 0}. */
    public VICReg epsilon(double e) {
        return new VICReg(invarianceWeight, varianceWeight, covarianceWeight, gamma, e);
    }

    public double invarianceWeight() {
        return invarianceWeight;
    }

    public double varianceWeight() {
        return varianceWeight;
    }

    public double covarianceWeight() {
        return covarianceWeight;
    }

    public double gamma() {
        return gamma;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb) {
        Terms.requirePair(NAME, za, zb, true);
        SDVariable inv = Terms.mse(sd, za, zb).mul(invarianceWeight);
        SDVariable zaC = centred(za);
        SDVariable zbC = centred(zb);
        SDVariable varA = variance(sd, za, zaC);
        SDVariable varB = variance(sd, zb, zbC);
        SDVariable var = varianceHinge(sd, varA).add(varianceHinge(sd, varB)).mul(0.5 * varianceWeight);
        SDVariable cov = offDiagonalCov(sd, zaC, varA).add(offDiagonalCov(sd, zbC, varB)).mul(covarianceWeight);
        return Terms.ordered(
                INVARIANCE, Terms.named(sd, inv, NAME + "_" + INVARIANCE),
                VARIANCE, Terms.named(sd, var, NAME + "_" + VARIANCE),
                COVARIANCE, Terms.named(sd, cov, NAME + "_" + COVARIANCE));
    }

    /** z minus its batch mean, [B, D]. */
    private static SDVariable centred(SDVariable z) {
        return z.sub(z.mean(true, 0));
    }

    /**
     * Unbiased variance per dimension, [D], written out: SameDiff M2.1's variance op has a backward pass
     * that scales by the float32 constant 2f/(B−1), so its gradient is off by ~5e-8 (relative) even in
     * double precision (found by ObjectiveTorchParityTest against PyTorch).
     */
    private static SDVariable variance(SameDiff sd, SDVariable z, SDVariable zc) {
        return sd.math().square(zc).sum(0).div(Terms.rows(sd, z).sub(1.0));
    }

    /** (1/D) Σ_d relu(γ − sqrt(Var_d + ε)). */
    private SDVariable varianceHinge(SameDiff sd, SDVariable variance) {
        SDVariable std = sd.math().sqrt(variance.add(epsilon));
        return sd.nn().relu(std.rsub(gamma), 0.0).mean();
    }

    /** (1/D) Σ_{i≠j} C_ij² with C = zcᵀzc/(B−1) the unbiased D×D covariance, whose diagonal is {@code variance}. */
    private static SDVariable offDiagonalCov(SameDiff sd, SDVariable zc, SDVariable variance) {
        SDVariable c = sd.mmul(zc, zc, true, false, false).div(Terms.rows(sd, zc).sub(1.0));
        SDVariable dim = Terms.rows(sd, c);
        SDVariable off = sd.math().square(c).sum().sub(sd.math().square(variance).sum());
        return off.div(dim);
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, VARIANCE + "/" + COVARIANCE, 2, batchSize, dim);
    }

    @Override
    public String toString() {
        return "VICReg(invarianceWeight=" + invarianceWeight + ", varianceWeight=" + varianceWeight
                + ", covarianceWeight=" + covarianceWeight + ", gamma=" + gamma + ", epsilon=" + epsilon + ")";
    }
}
