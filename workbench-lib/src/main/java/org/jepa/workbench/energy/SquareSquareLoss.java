package org.jepa.workbench.energy;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Square-square loss: {@code L = mean_i E(yᵢ)² + mean_{i,k} max(0, m − E(ȳᵢₖ))²}, margin m > 0
 * (default 1). Pulls data energy to 0 and pushes negatives above m (LeCun et al. 2006, §6; Hadsell,
 * Chopra & LeCun 2006).
 */
public final class SquareSquareLoss implements ContrastiveLoss {
    private final double margin;

    public SquareSquareLoss(double margin) {
        Checks.positive(margin, "square-square margin");
        this.margin = margin;
    }

    @Override
    public String name() {
        return "square-square";
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable ePos, SDVariable eNeg) {
        SDVariable up = sd.nn().relu(eNeg.rsub(margin), 0);
        return ePos.mul(ePos).mean().add(up.mul(up).mean());
    }
}
