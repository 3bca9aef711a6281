package org.jepa.workbench.energy;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An explicit energy that can be added to a SameDiff graph (for contrastive training and gradient checks). */
public interface TrainableEnergy extends Energy {

    /** Adds E to {@code sd}: input [N, dim()] → energies [N]. Parameters come from {@link #params()}. */
    SDVariable energy(SameDiff sd, SDVariable in);

    /** Parameter name → live array (float64). */
    Map<String, INDArray> params();

    /** Number of leading input columns that are conditioning inputs x (never perturbed by negatives). */
    default int conditionDim() {
        return 0;
    }
}
