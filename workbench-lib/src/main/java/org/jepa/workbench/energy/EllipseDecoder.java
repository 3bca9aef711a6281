package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NYU practicum's parametric ellipse decoder {@code g(z) = [w₁·cos z, w₂·sin z]}, z ∈ ℝ (radians).
 * Two parameters; with w₁ = 2, w₂ = 1.5 it generates the practicum ellipse exactly. A 1-D latent: the
 * model can only put low energy on a closed curve, which is the regularization.
 */
public final class EllipseDecoder implements Decoder {
    private static final String W = "ellipse/w";
    private final Parameters params = new Parameters(DataType.DOUBLE, 0);

    /** Decoder with initial semi-axes w₁, w₂ (learnable). */
    public EllipseDecoder(double w1, double w2) {
        WorkbenchException.require(Double.isFinite(w1) && Double.isFinite(w2), "EllipseDecoder: w must be finite");
        new Graph(params).param(W, () -> Nd4j.createFromArray(new double[][] {{w1, w2}}), true);
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
    public Parameters parameters() {
        return params;
    }

    /** Current [w₁, w₂]. */
    public double[] w() {
        return params.get(W).toDoubleVector();
    }

    @Override
    public SDVariable decode(Graph g, SDVariable x, SDVariable z) {
        SameDiff sd = g.sd();
        SDVariable w = g.param(W, () -> {
            throw new IllegalStateException("ellipse parameters are created by the constructor");
        }, true);
        return sd.concat(1, sd.math().cos(z), sd.math().sin(z)).mul(w);
    }
}
