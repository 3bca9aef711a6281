package org.jepa.workbench.energy;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Hinge (margin) loss: {@code L = mean_{i,k} max(0, m + E(yᵢ) − E(ȳᵢₖ))}, margin m > 0 (default 1).
 * Zero once every negative sits at least m above its data point (LeCun et al. 2006, §2.2.3).
 */
public final class HingeLoss implements ContrastiveLoss {
    private final double margin;

    public HingeLoss(double margin) {
        Checks.positive(margin, "hinge margin");
        this.margin = margin;
    }

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable ePos, SDVariable eNeg) {
        SDVariable d = ePos.reshape(-1, 1).sub(eNeg).add(margin);
        return sd.nn().relu(d, 0).mean();
    }
}
