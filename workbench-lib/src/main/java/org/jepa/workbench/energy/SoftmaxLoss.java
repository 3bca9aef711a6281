package org.jepa.workbench.energy;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Softmax (negative log-likelihood / InfoNCE-style) loss over the data point and its K negatives:
 * <pre>  L = mean_i [ E(yᵢ)/T + log( exp(−E(yᵢ)/T) + Σ_k exp(−E(ȳᵢₖ)/T) ) ]</pre>
 * temperature T > 0 (default 1). Written as a softmax cross-entropy on logits −E/T with the data point as
 * the target class (SameDiff's logSumExp backward is broken in M2.1; softmaxCrossEntropy is gradient-checked).
 * LeCun et al. 2006 §2.2.4 (log loss); van den Oord et al. 2018 (InfoNCE).
 */
public final class SoftmaxLoss implements ContrastiveLoss {
    private final double temperature;

    public SoftmaxLoss(double temperature) {
        Checks.positive(temperature, "softmax temperature");
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable ePos, SDVariable eNeg) {
        SDVariable logits = sd.concat(1, ePos.reshape(-1, 1), eNeg).mul(-1.0 / temperature);
        // one-hot target on column 0, built from the logits' shape so any B, K works
        // (derived from the energies times 0, so the label path carries zero gradient)
        SDVariable labels = sd.concat(1, ePos.reshape(-1, 1).mul(0.0).add(1.0), eNeg.mul(0.0));
        return sd.loss().softmaxCrossEntropy(null, labels, logits, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    }
}
