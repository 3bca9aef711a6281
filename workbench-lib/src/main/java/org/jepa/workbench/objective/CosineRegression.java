package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Normalised regression of a prediction onto a target, as in BYOL (Grill et al., "Bootstrap Your Own
 * Latent", NeurIPS 2020, arXiv 2006.07733) and, up to a constant, SimSiam (Chen, He, "Exploring Simple
 * Siamese Representation Learning", CVPR 2021, arXiv 2011.10566, which uses −cos).
 * <pre>
 *   regression = w · (1/B) Σ_n ( 2 − 2 · za_nᵀ zb_n / (‖za_n‖ ‖zb_n‖) )  =  w · (1/B) Σ_n ‖ẑa_n − ẑb_n‖²
 * </pre>
 * with ẑ = z/‖z‖ (computed as z / sqrt(Σz² + 1e-24)). {@code za} is the online network's prediction and
 * {@code zb} the target; the target must carry no gradient — the caller supplies it as a constant or an
 * EMA network's output (BYOL) or a stop-gradient copy (SimSiam). BYOL symmetrises by also swapping the
 * views; that is the caller's choice too (add the objective twice).
 *
 * <p>Defaults: weight w = 1. Name {@code "cosine"} (the cost of the BYOL and SimSiam presets); term
 * {@code "regression"}. Any batch size ≥ 1.
 * Range per sample: 0 (same direction) to 4 (opposite).
 */
public final class CosineRegression implements PredictionCost {

    public static final String NAME = "cosine";
    public static final String REGRESSION = "regression";

    private final double weight;

    private CosineRegression(double weight) {
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** Weight 1. */
    public static CosineRegression defaults() {
        return new CosineRegression(1.0);
    }

    /** Copy with weight {@code ≥ 0}. */
    public CosineRegression weight(double w) {
        return new CosineRegression(w);
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
        SDVariable ua = Terms.l2Normalize(sd, za, InfoNCE.NORM_EPS);
        SDVariable ub = Terms.l2Normalize(sd, zb, InfoNCE.NORM_EPS);
        SDVariable cos = Terms.rowSum(sd, ua.mul(ub), false, za);
        SDVariable loss = cos.mul(-2.0).add(2.0).mean().mul(weight);
        return Terms.ordered(REGRESSION, Terms.named(sd, loss, NAME + "_" + REGRESSION));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, REGRESSION, 1, batchSize, dim);
    }

    @Override
    public String toString() {
        return "CosineRegression(weight=" + weight + ")";
    }
}
