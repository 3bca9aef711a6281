package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Margin (hinge) contrastive loss with in-batch negatives, after DrLIM (Hadsell, Chopra, LeCun,
 * "Dimensionality Reduction by Learning an Invariant Mapping", CVPR 2006), the energy-based view of
 * contrastive learning: pull positive pairs' energy down, push negatives' energy above a margin.
 *
 * <p>With d_ij = ‖za_i − zb_j‖ (Euclidean distance between sample i's first view and sample j's second
 * view), positives are the B pairs (i, i) and negatives the B(B − 1) ordered pairs (i, j), i ≠ j:
 * <pre>
 *   positive = w⁺ · (1/B)        Σ_i      d_ii²
 *   negative = w⁻ · (1/(B(B−1))) Σ_{i≠j}  max(0, m − d_ij)²
 * </pre>
 * This is DrLIM without its factors ½. Distances of negatives are computed as
 * d_ij = sqrt(max(0, ‖za_i‖² + ‖zb_j‖² − 2 za_i·zb_j) + 1e-12), so the square root has a finite
 * gradient at d = 0; the positive term uses the squared distance directly.
 *
 * <p>Defaults: margin m = 1, w⁺ = w⁻ = 1. Embeddings are used as they are (not normalised), so m is in
 * the embedding's own units. Name {@code "margin"}; terms {@code "positive"}, {@code "negative"}. Needs a
 * batch of at least 2 (negatives come from the batch).
 */
public final class MarginContrastive implements PredictionCost {

    public static final String NAME = "margin";
    public static final String POSITIVE = "positive";
    public static final String NEGATIVE = "negative";
    static final double DIST_EPS = 1e-12;

    private final double margin;
    private final double positiveWeight;
    private final double negativeWeight;

    private MarginContrastive(double margin, double positiveWeight, double negativeWeight) {
        this.margin = Terms.positive(NAME, "margin", margin);
        this.positiveWeight = Terms.nonNegative(NAME, "positiveWeight", positiveWeight);
        this.negativeWeight = Terms.nonNegative(NAME, "negativeWeight", negativeWeight);
    }

    /** Margin 1, both weights 1. */
    public static MarginContrastive defaults() {
        return new MarginContrastive(1.0, 1.0, 1.0);
    }

    /** Copy with margin m {@code > 0}: negatives closer than m are pushed apart. */
    public MarginContrastive margin(double m) {
        return new MarginContrastive(m, positiveWeight, negativeWeight);
    }

    /** Copy with weight {@code ≥ 0} of the positive (pull) term. */
    public MarginContrastive positiveWeight(double w) {
        return new MarginContrastive(margin, w, negativeWeight);
    }

    /** Copy with weight {@code ≥ 0} of the negative (push) term. */
    public MarginContrastive negativeWeight(double w) {
        return new MarginContrastive(margin, positiveWeight, w);
    }

    public double margin() {
        return margin;
    }

    public double positiveWeight() {
        return positiveWeight;
    }

    public double negativeWeight() {
        return negativeWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(Graph g, SDVariable za, SDVariable zb) {
        SameDiff sd = g.sd();
        Terms.requirePair(NAME, za, zb, true);
        SDVariable positive = Terms.rowSum(sd, Terms.square(za.sub(zb)), false, za).mean().mul(positiveWeight);

        SDVariable na = Terms.rowSum(sd, Terms.square(za), true, za);                   // [B,1]
        SDVariable nb = sd.reshape(Terms.rowSum(sd, Terms.square(zb), false, zb), 1, -1);      // [1,B]
        SDVariable dot = sd.mmul(za, zb, false, true, false);                  // [B,B]
        SDVariable sq = sd.nn().relu(na.add(nb).sub(dot.mul(2.0)), 0.0);
        SDVariable dist = sd.math().sqrt(sq.add(DIST_EPS));
        SDVariable hinge = Terms.square(sd.nn().relu(dist.rsub(margin), 0.0));
        // eye wants its size as a 1-D array, not a scalar, in M2.1.
        SDVariable eye = sd.math().eye(sd.reshape(sd.sizeAt(za, 0), 1)).castTo(za.dataType());
        SDVariable b = Terms.rows(sd, za);
        SDVariable negative = hinge.mul(eye.rsub(1.0)).sum().div(b.mul(b.sub(1.0))).mul(negativeWeight);
        return Terms.ordered(
                POSITIVE, Terms.named(sd, positive, NAME + "_" + POSITIVE),
                NEGATIVE, Terms.named(sd, negative, NAME + "_" + NEGATIVE));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, NEGATIVE, 2, batchSize, dim);
    }

    @Override
    public String toString() {
        return "MarginContrastive(margin=" + margin + ", positiveWeight=" + positiveWeight
                + ", negativeWeight=" + negativeWeight + ")";
    }
}
