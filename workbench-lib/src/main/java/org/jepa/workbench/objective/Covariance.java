package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Covariance penalty: decorrelates the embedding dimensions, so the variance cannot be spent on a few
 * directions (dimensional collapse). VICReg's covariance term (Bardes, Ponce, LeCun, ICLR 2022,
 * arXiv 2105.04906), also used by EB-JEPA's world models (arXiv 2602.03604).
 * <pre>
 *   C(z)       = (1/(B−1)) (z − z̄)ᵀ (z − z̄)          (D×D, unbiased)
 *   c(z)       = (1/D) Σ_{i≠j} C(z)_ij²                  (PER_DIMENSION, VICReg's normalisation)
 *              = (1/(D(D−1))) Σ_{i≠j} C(z)_ij²           (PER_PAIR, EB-JEPA's)
 *   covariance = ν · Σ_t c(z_t)   (SUM over frames, as VICReg's code does for its two views)
 *              = ν · (1/T) Σ_t c(z_t)   (MEAN, as EB-JEPA does over time)
 * </pre>
 * Defaults: ν = 1, PER_DIMENSION, SUM (VICReg). Name and term {@code "covariance"}. Needs a batch of 2.
 * The off-diagonal sum is Σ_ij C_ij² − Σ_d Var_d², so D need not be known when the graph is built.
 */
public final class Covariance implements Regularizer {

    public static final String NAME = "covariance";

    /** How the squared off-diagonal entries are normalised. */
    public enum Normalization { PER_DIMENSION, PER_PAIR }

    /** How frames (views, time steps) are combined. */
    public enum Reduction { SUM, MEAN }

    private final double weight;
    private final Normalization normalization;
    private final Reduction reduction;

    private Covariance(double weight, Normalization normalization, Reduction reduction) {
        this.weight = Terms.nonNegative(NAME, "weight", weight);
        org.jepa.workbench.WorkbenchException.require(normalization != null && reduction != null,
                NAME + ": normalization and reduction must not be null");
        this.normalization = normalization;
        this.reduction = reduction;
    }

    /** ν = 1, per-dimension normalisation, summed over frames (VICReg). */
    public static Covariance defaults() {
        return new Covariance(1, Normalization.PER_DIMENSION, Reduction.SUM);
    }

    /** Copy with weight ν {@code ≥ 0}. */
    public Covariance weight(double w) {
        return new Covariance(w, normalization, reduction);
    }

    /** Copy with another normalisation of the off-diagonal sum. */
    public Covariance normalization(Normalization n) {
        return new Covariance(weight, n, reduction);
    }

    /** Copy that combines frames by {@code r}. */
    public Covariance reduction(Reduction r) {
        return new Covariance(weight, normalization, r);
    }

    public double weight() {
        return weight;
    }

    public Normalization normalization() {
        return normalization;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(Graph g, Embeddings z) {
        SameDiff sd = g.sd();
        SDVariable sum = Terms.sumOverFrames(z, f -> offDiagonal(g, f));
        SDVariable c = sum.mul(reduction == Reduction.SUM ? weight : weight / z.frames().size());
        return Terms.ordered(NAME, g.named(c, NAME));
    }

    private SDVariable offDiagonal(Graph g, SDVariable z) {
        SameDiff sd = g.sd();
        SDVariable zc = Terms.centred(g, z);
        SDVariable variance = Terms.unbiasedVariance(g, z);
        SDVariable c = sd.mmul(zc, zc, true, false, false).div(Terms.rows(sd, zc).sub(1.0));
        SDVariable dim = Terms.rows(sd, c);
        SDVariable off = Terms.square(c).sum().sub(Terms.square(variance).sum());
        return normalization == Normalization.PER_DIMENSION ? off.div(dim) : off.div(dim.mul(dim.sub(1.0)));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, NAME, 2, batchSize, dim);
        org.jepa.workbench.WorkbenchException.require(normalization != Normalization.PER_PAIR || dim >= 2,
                NAME + ": per-pair normalisation needs D >= 2, got " + dim);
    }

    @Override
    public String toString() {
        return "Covariance(weight=" + weight + ", " + normalization + ", " + reduction + ")";
    }
}
