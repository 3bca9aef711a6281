package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * InfoNCE in its NT-Xent form (normalized temperature-scaled cross entropy; Chen, Kornblith, Norouzi,
 * Hinton, "A Simple Framework for Contrastive Learning of Visual Representations" (SimCLR), ICML 2020,
 * arXiv 2002.05709; InfoNCE: van den Oord, Li, Vinyals 2018, arXiv 1807.03748).
 *
 * <p>Stack the views, z = [za; zb] of shape [2B, D], normalise each row, u_i = z_i / ‖z_i‖, and let
 * s_ij = u_iᵀu_j / τ. Sample i's positive is the other view of the same sample, p(i) = (i + B) mod 2B;
 * the other 2B − 2 embeddings in the batch are its negatives:
 * <pre>
 *   L = w · (1/(2B)) Σ_i [ −s_{i,p(i)} + log Σ_{j≠i} exp(s_ij) ]
 * </pre>
 * The log-sum-exp is evaluated as m_i + log Σ_{j≠i} exp(s_ij − m_i) with m_i = max_{j≠i} s_ij (the
 * shift cancels exactly, also in the gradient); the diagonal j = i is removed by subtracting 1e9 from
 * s_ii, so exp underflows to 0. (SameDiff M2.1's logSumExp backward and logSoftmax are broken.)
 * Normalisation uses ‖z‖ = sqrt(Σ z² + 1e-24), i.e. it only differs from z/‖z‖ for ‖z‖ below 1e-12.
 *
 * <p>Defaults: τ = 0.1, weight w = 1. τ = 0.1 is SimCLR's best value with large ImageNet batches (their
 * Table 5) and is also MoCo v2's; lightly's NTXentLoss defaults to 0.5, which SimCLR used for CIFAR-10
 * — with small batches 0.2–0.5 is often better. Name {@code "infonce"}; term {@code "contrastive"}.
 * Needs a batch of at least 2 (with B = 1 there is no negative and the loss is identically 0).
 */
public final class InfoNCE implements PredictionCost {

    public static final String NAME = "infonce";
    public static final String CONTRASTIVE = "contrastive";

    /** Subtracted from the self-similarity so that it drops out of the softmax. */
    static final double SELF_MASK = 1e9;
    static final double NORM_EPS = 1e-12;
    /** Smallest accepted τ: 1/τ stays far below {@link #SELF_MASK} and within float32 precision. */
    public static final double MIN_TEMPERATURE = 1e-3;

    private final double temperature;
    private final double weight;

    private InfoNCE(double temperature, double weight) {
        this.temperature = Terms.positive(NAME, "temperature", temperature);
        WorkbenchException.require(temperature >= MIN_TEMPERATURE, NAME + ": temperature " + temperature
                + " is below " + MIN_TEMPERATURE + ": the logits 1/τ would swamp the self-similarity mask and float"
                + " precision (the loss turns meaningless); use τ in [0.05, 1], e.g. 0.1");
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** τ = 0.1, weight 1. */
    public static InfoNCE defaults() {
        return new InfoNCE(0.1, 1.0);
    }

    /** Copy with temperature τ {@code > 0}: smaller τ weighs hard negatives more. */
    public InfoNCE temperature(double tau) {
        return new InfoNCE(tau, weight);
    }

    /** Copy with weight {@code ≥ 0} on the contrastive term. */
    public InfoNCE weight(double w) {
        return new InfoNCE(temperature, w);
    }

    public double temperature() {
        return temperature;
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
        SDVariable ua = Terms.l2Normalize(sd, za, NORM_EPS);
        SDVariable ub = Terms.l2Normalize(sd, zb, NORM_EPS);
        SDVariable u = sd.concat(0, ua, ub);
        SDVariable s = sd.mmul(u, u, false, true, false).div(temperature);
        // eye wants its size as a 1-D array, not a scalar, in M2.1.
        SDVariable eye = sd.math().eye(sd.reshape(sd.sizeAt(u, 0), 1)).castTo(za.dataType());
        SDVariable masked = s.sub(eye.mul(SELF_MASK));
        SDVariable m = sd.max(masked, true, 1);
        SDVariable lse = m.add(sd.math().log(sd.math().exp(masked.sub(m)).sum(true, 1)));
        SDVariable positive = Terms.rowSum(sd, ua.mul(ub), false, za).div(temperature);
        SDVariable loss = lse.mean().sub(positive.mean()).mul(weight);
        return Terms.ordered(CONTRASTIVE, Terms.named(sd, loss, NAME + "_" + CONTRASTIVE));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, CONTRASTIVE, 2, batchSize, dim);
    }

    @Override
    public String toString() {
        return "InfoNCE(temperature=" + temperature + ", weight=" + weight + ")";
    }
}
