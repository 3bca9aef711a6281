package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Invariance only: the mean squared error between the two views, with nothing against collapse.
 *
 * <pre>
 *   L = w · (1/(B·D)) Σ_n Σ_d (za_nd − zb_nd)²
 * </pre>
 *
 * <p>This is the baseline that must collapse: a constant encoder reaches its minimum, 0. It is the
 * invariance term of VICReg (Bardes, Ponce, LeCun, ICLR 2022) with the regularisers removed, and is
 * kept for demonstrations of collapse.
 *
 * <p>Defaults: weight {@code w = 1}. Name {@code "none"}; term {@code "invariance"}. Works for any batch
 * size ≥ 1 and any rank (the mean is over all elements).
 */
public final class InvarianceOnly implements PredictionCost {

    /** Name used in history tables and by {@link Objectives#byName}. */
    public static final String NAME = "none";
    /** Term name: weighted mean squared error between views. */
    public static final String INVARIANCE = "invariance";

    private final double weight;

    private InvarianceOnly(double weight) {
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** Weight 1. */
    public static InvarianceOnly defaults() {
        return new InvarianceOnly(1.0);
    }

    /** Copy with weight {@code w ≥ 0} on the invariance term. */
    public InvarianceOnly weight(double w) {
        return new InvarianceOnly(w);
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
        SDVariable inv = Terms.mse(sd, za, zb).mul(weight);
        return Terms.ordered(INVARIANCE, Terms.named(sd, inv, NAME + "_" + INVARIANCE));
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, INVARIANCE, 1, batchSize, dim);
    }

    @Override
    public String toString() {
        return "InvarianceOnly(weight=" + weight + ")";
    }
}
