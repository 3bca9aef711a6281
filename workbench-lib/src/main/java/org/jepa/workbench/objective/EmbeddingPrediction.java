package org.jepa.workbench.objective;

import java.util.Locale;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * JEPA's prediction loss: the distance, in embedding space, between a predictor's output and the target
 * encoder's embedding (LeCun, "A Path Towards Autonomous Machine Intelligence", 2022; I-JEPA: Assran et
 * al., CVPR 2023, arXiv 2301.08243, whose code uses smooth-L1; V-JEPA: Bardes et al. 2024, L1).
 *
 * <p>With r = za − zb (za = prediction, zb = target), averaged over all elements (any shape):
 * <pre>
 *   MSE:        prediction = w · mean(r²)
 *   SMOOTH_L1:  prediction = w · mean( |r| &lt; β ? r²/(2β) : |r| − β/2 )     (torch's smooth_l1_loss)
 *   L1:         prediction = w · mean(|r|)
 * </pre>
 * Smooth-L1 is computed as q²/(2β) + (|r| − q) with q = min(|r|, β), which is the same function.
 * The target must carry no gradient (EMA target encoder, or a constant): that is the caller's job.
 *
 * <p>Defaults: MSE, β = 1, weight w = 1. Name and term {@code "prediction"} (the cost of the masked
 * I-JEPA preset and of world models). Any batch ≥ 1.
 * Nothing here prevents collapse: pair it with an EMA target, or with VICReg/SIGReg terms.
 */
public final class EmbeddingPrediction implements PredictionCost {

    public static final String NAME = "prediction";
    public static final String PREDICTION = "prediction";

    /** Distance between prediction and target. */
    public enum Distance { MSE, SMOOTH_L1, L1 }

    private final Distance distance;
    private final double beta;
    private final double weight;

    private EmbeddingPrediction(Distance distance, double beta, double weight) {
        WorkbenchException.require(distance != null, NAME + ": hyper-parameter 'distance' must not be null");
        this.distance = distance;
        this.beta = Terms.positive(NAME, "beta", beta);
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** MSE, β = 1 (used by SMOOTH_L1 only), weight 1. */
    public static EmbeddingPrediction defaults() {
        return new EmbeddingPrediction(Distance.MSE, 1.0, 1.0);
    }

    /** Copy with the given distance. */
    public EmbeddingPrediction distance(Distance d) {
        return new EmbeddingPrediction(d, beta, weight);
    }

    /** Copy with the distance named "mse", "smooth_l1" (or "smoothl1", "huber") or "l1". */
    public EmbeddingPrediction distance(String name) {
        WorkbenchException.require(name != null, NAME + ": distance name must not be null");
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "_");
        Distance d = switch (n) {
            case "mse", "l2" -> Distance.MSE;
            case "smooth_l1", "smoothl1", "huber" -> Distance.SMOOTH_L1;
            case "l1", "mae" -> Distance.L1;
            default -> throw new WorkbenchException(NAME + ": unknown distance '" + name + "', expected mse, smooth_l1 or l1");
        };
        return distance(d);
    }

    /** Copy with β {@code > 0}, where smooth-L1 switches from quadratic to linear. */
    public EmbeddingPrediction beta(double b) {
        return new EmbeddingPrediction(distance, b, weight);
    }

    /** Copy with weight {@code ≥ 0}. */
    public EmbeddingPrediction weight(double w) {
        return new EmbeddingPrediction(distance, beta, w);
    }

    public Distance distance() {
        return distance;
    }

    public double beta() {
        return beta;
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
        Terms.requirePair(NAME, za, zb, false);
        SDVariable r = za.sub(zb);
        SDVariable perElement = switch (distance) {
            case MSE -> Terms.square(r);
            case L1 -> sd.math().abs(r);
            case SMOOTH_L1 -> {
                SDVariable abs = sd.math().abs(r);
                SDVariable q = sd.nn().relu(abs.rsub(beta), 0.0).rsub(beta); // min(|r|, β)
                yield Terms.square(q).div(2 * beta).add(abs.sub(q));
            }
        };
        SDVariable loss = perElement.mean().mul(weight);
        return Terms.ordered(PREDICTION, Terms.named(sd, loss, NAME + "_" + PREDICTION));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, PREDICTION, 1, batchSize, dim);
    }

    @Override
    public String toString() {
        return "EmbeddingPrediction(distance=" + distance + ", beta=" + beta + ", weight=" + weight + ")";
    }
}
