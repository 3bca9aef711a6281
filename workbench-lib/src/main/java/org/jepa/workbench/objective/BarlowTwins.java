package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Barlow Twins (Zbontar, Jing, Misra, LeCun, Deny, "Barlow Twins: Self-Supervised Learning via
 * Redundancy Reduction", ICML 2021, arXiv 2103.03230).
 *
 * <p>Standardise each dimension over the batch (batch norm without affine parameters, biased variance,
 * as torch's BatchNorm1d in training mode), then take the D×D cross-correlation:
 * <pre>
 *   â_nd = (za_nd − mean_n za_nd) / sqrt(Var_n(za_d) + ε),   b̂ likewise,   Var biased (1/B)
 *   C_ij = (1/B) Σ_n â_ni b̂_nj
 *   invariance = w · Σ_i (1 − C_ii)²
 *   redundancy = w · λ · Σ_{i≠j} C_ij²
 * </pre>
 *
 * <p>Defaults: λ = 5e-3 (the paper's value, tuned for D = 8192; Tsai et al. 2021 argue for λ ≈ 1/D,
 * set it with {@link #lambda} for small D), ε = 1e-5 (BatchNorm1d's), weight w = 1.
 * Name {@code "barlow"}; terms
 * {@code "invariance"} (on-diagonal) and {@code "redundancy"} (off-diagonal). Needs a batch of at least 2.
 *
 * <p>The off-diagonal sum is computed as Σ_ij C_ij² − Σ_i C_ii², so D need not be known when the graph
 * is built.
 */
public final class BarlowTwins implements PredictionCost {

    public static final String NAME = "barlow";
    public static final String INVARIANCE = "invariance";
    public static final String REDUNDANCY = "redundancy";

    private final double lambda;
    private final double epsilon;
    private final double weight;

    private BarlowTwins(double lambda, double epsilon, double weight) {
        this.lambda = Terms.nonNegative(NAME, "lambda", lambda);
        this.epsilon = Terms.positive(NAME, "epsilon", epsilon);
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** λ = 5e-3, ε = 1e-5, weight 1. */
    public static BarlowTwins defaults() {
        return new BarlowTwins(5e-3, 1e-5, 1.0);
    }

    /** Copy with λ {@code ≥ 0}, the weight of the off-diagonal (redundancy) term relative to the diagonal. */
    public BarlowTwins lambda(double l) {
        return new BarlowTwins(l, epsilon, weight);
    }

    /** Copy with ε {@code > 0} added to the batch variance when standardising. */
    public BarlowTwins epsilon(double e) {
        return new BarlowTwins(lambda, e, weight);
    }

    /** Copy with an overall weight {@code ≥ 0} on both terms. */
    public BarlowTwins weight(double w) {
        return new BarlowTwins(lambda, epsilon, w);
    }

    public double lambda() {
        return lambda;
    }

    public double epsilon() {
        return epsilon;
    }

    public double weight() {
        return weight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(Graph g, SDVariable za, SDVariable zb) {
        SameDiff sd = g.sd();
        Terms.requirePair(NAME, za, zb, true);
        SDVariable a = standardize(sd, za);
        SDVariable b = standardize(sd, zb);
        SDVariable n = Terms.rows(sd, za);
        SDVariable c = sd.mmul(a, b, true, false, false).div(n);
        SDVariable diag = a.mul(b).sum(0).div(n);
        SDVariable onDiag = Terms.square(diag.rsub(1.0)).sum().mul(weight);
        SDVariable offDiag = Terms.square(c).sum().sub(Terms.square(diag).sum()).mul(weight * lambda);
        return Terms.ordered(
                INVARIANCE, Terms.named(sd, onDiag, NAME + "_" + INVARIANCE),
                REDUNDANCY, Terms.named(sd, offDiag, NAME + "_" + REDUNDANCY));
    }

    private SDVariable standardize(SameDiff sd, SDVariable z) {
        SDVariable centred = z.sub(z.mean(true, 0));
        SDVariable std = sd.math().sqrt(Terms.square(centred).mean(true, 0).add(epsilon));
        return centred.div(std);
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, INVARIANCE + "/" + REDUNDANCY, 2, batchSize, dim);
    }

    @Override
    public String toString() {
        return "BarlowTwins(lambda=" + lambda + ", epsilon=" + epsilon + ", weight=" + weight + ")";
    }
}
