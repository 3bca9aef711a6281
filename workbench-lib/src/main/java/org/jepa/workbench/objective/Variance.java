package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Variance hinge: keeps every embedding dimension spread over the batch, so the encoder cannot map all
 * inputs to one point (VICReg's variance term: Bardes, Ponce, LeCun, ICLR 2022, arXiv 2105.04906; the
 * same term regularizes EB-JEPA's world models, arXiv 2602.03604).
 * <pre>
 *   v(z)     = (1/D) Σ_d max(0, γ − sqrt(Var_d(z) + ε)),   Var_d(z) = (1/(B−1)) Σ_n (z_nd − z̄_d)²
 *   variance = μ · (1/T) Σ_t v(z_t)           (mean over the frames or views the model passes)
 * </pre>
 * Defaults: μ = 25, γ = 1, ε = 1e-4 (VICReg's). Name and term {@code "variance"}. Needs a batch of 2.
 *
 * <pre>{@code
 * Jepa.builder().encoder(enc).cost(InvarianceOnly.defaults())
 *     .regularizer(Variance.defaults().weight(16)).regularizer(Covariance.defaults().weight(8))
 * }</pre>
 */
public final class Variance implements Regularizer {

    public static final String NAME = "variance";

    private final double weight;
    private final double gamma;
    private final double epsilon;

    private Variance(double weight, double gamma, double epsilon) {
        this.weight = Terms.nonNegative(NAME, "weight", weight);
        this.gamma = Terms.positive(NAME, "gamma", gamma);
        this.epsilon = Terms.positive(NAME, "epsilon", epsilon);
    }

    /** μ = 25, γ = 1, ε = 1e-4. */
    public static Variance defaults() {
        return new Variance(25, 1.0, 1e-4);
    }

    /** Copy with weight μ {@code ≥ 0}. */
    public Variance weight(double w) {
        return new Variance(w, gamma, epsilon);
    }

    /** Copy with γ {@code > 0}, the target standard deviation per dimension. */
    public Variance gamma(double g) {
        return new Variance(weight, g, epsilon);
    }

    /** Copy with ε {@code > 0}, added to the variance inside the square root. */
    public Variance epsilon(double e) {
        return new Variance(weight, gamma, e);
    }

    public double weight() {
        return weight;
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
    public Map<String, SDVariable> terms(Graph g, Embeddings z) {
        SameDiff sd = g.sd();
        SDVariable v = Terms.sumOverFrames(z, f -> hinge(sd, Terms.unbiasedVariance(g, f)))
                .mul(weight / z.frames().size());
        return Terms.ordered(NAME, g.named(v, NAME));
    }

    /** (1/D) Σ_d relu(γ − sqrt(Var_d + ε)). */
    private SDVariable hinge(SameDiff sd, SDVariable variance) {
        SDVariable std = sd.math().sqrt(variance.add(epsilon));
        return sd.nn().relu(std.rsub(gamma), 0.0).mean();
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, NAME, 2, batchSize, dim);
    }

    @Override
    public String toString() {
        return "Variance(weight=" + weight + ", gamma=" + gamma + ", epsilon=" + epsilon + ")";
    }
}
