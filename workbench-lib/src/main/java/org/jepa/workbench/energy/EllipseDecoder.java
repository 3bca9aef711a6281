package org.jepa.workbench.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NYU practicum's parametric ellipse decoder {@code g(z) = [w₁·cos z, w₂·sin z]}, z ∈ ℝ (radians).
 * Two parameters; with w₁ = 2, w₂ = 1.5 it generates the practicum ellipse exactly. A 1-D latent: the
 * model can only put low energy on a closed curve, which is the regularization.
 */
public final class EllipseDecoder implements Decoder {
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final String key;

    /** Decoder with initial semi-axes w₁, w₂ (learnable). */
    public EllipseDecoder(double w1, double w2) {
        WorkbenchException.require(Double.isFinite(w1) && Double.isFinite(w2), "EllipseDecoder: w must be finite");
        key = "ellipse_w" + System.identityHashCode(this);
        params.put(key, Nd4j.createFromArray(new double[][] {{w1, w2}}));
    }

    @Override
    public String name() {
        return "ellipse-g";
    }

    @Override
    public int xDim() {
        return 0;
    }

    @Override
    public int zDim() {
        return 1;
    }

    @Override
    public Map<String, INDArray> params() {
        return params;
    }

    /** Current [w₁, w₂]. */
    public double[] w() {
        return params.get(key).toDoubleVector();
    }

    @Override
    public SDVariable decode(SameDiff sd, SDVariable x, SDVariable z) {
        SDVariable w = Graphs.param(sd, key, params);
        return sd.concat(1, sd.math().cos(z), sd.math().sin(z)).mul(w);
    }
}
