package org.jepa.workbench.energy;

import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/** The generator g(x, z) → ŷ ∈ ℝ^d (d = {@link #yDim()}, 2 for the toy manifolds) of a latent-variable energy {@link LatentVariableEnergy}. */
public interface Decoder {
    String name();

    /** Conditioning dimension (0 when g depends on z only). */
    int xDim();

    /** Latent dimension. */
    int zDim();

    /** Output (data) dimension d; 2 unless the decoder says otherwise. */
    default int yDim() {
        return 2;
    }

    /** The decoder's float64 parameters (live arrays, shared by every graph that decodes with it). */
    Parameters parameters();

    /**
     * Adds g to {@code g}, a graph over {@link #parameters()}.
     *
     * @param x conditioning [N, xDim], or {@code null} when {@link #xDim()} is 0
     * @param z latents [N, zDim]
     * @return [N, yDim]
     */
    SDVariable decode(Graph g, SDVariable x, SDVariable z);
}
