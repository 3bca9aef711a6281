package org.jepa.workbench.energy;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A contrastive loss functional on energies: pushes E down on data and up on negatives
 * (LeCun et al. 2006, "A tutorial on energy-based learning"). One per file: {@link HingeLoss},
 * {@link SquareSquareLoss}, {@link SoftmaxLoss}.
 */
public interface ContrastiveLoss {
    String name();

    /**
     * @param ePos energies of the B data points, [B]
     * @param eNeg energies of their K negatives each, [B, K] (row i belongs to data point i)
     * @return scalar loss
     */
    SDVariable loss(SameDiff sd, SDVariable ePos, SDVariable eNeg);

    static ContrastiveLoss hinge(double margin) {
        return new HingeLoss(margin);
    }

    static ContrastiveLoss squareSquare(double margin) {
        return new SquareSquareLoss(margin);
    }

    static ContrastiveLoss softmax(double temperature) {
        return new SoftmaxLoss(temperature);
    }
}
