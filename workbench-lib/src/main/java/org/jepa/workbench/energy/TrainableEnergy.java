package org.jepa.workbench.energy;

import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/** An explicit energy that can be added to a graph (for contrastive training and gradient checks). */
public interface TrainableEnergy extends Energy {

    /** Adds E to {@code g} (a graph over {@link #parameters()}): input [N, dim()] → energies [N]. */
    SDVariable energy(Graph g, SDVariable in);

    /** The model's float64 parameters (live arrays, shared by every graph of the model). */
    Parameters parameters();

    /** Number of leading input columns that are conditioning inputs x (never perturbed by negatives). */
    default int conditionDim() {
        return 0;
    }
}
