package org.jepa.workbench.energy;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The generator g(x, z) → ŷ ∈ ℝ² of a latent-variable energy {@link LatentVariableEnergy}. */
public interface Decoder {
    String name();

    /** Conditioning dimension (0 when g depends on z only). */
    int xDim();

    /** Latent dimension. */
    int zDim();

    /** Parameter name → live float64 array. */
    Map<String, INDArray> params();

    /**
     * Adds g to {@code sd}.
     *
     * @param x conditioning [N, xDim], or {@code null} when {@link #xDim()} is 0
     * @param z latents [N, zDim]
     * @return [N, 2]
     */
    SDVariable decode(SameDiff sd, SDVariable x, SDVariable z);
}
