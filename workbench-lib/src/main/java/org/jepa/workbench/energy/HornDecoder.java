package org.jepa.workbench.energy;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditional "horn" decoder (NYU practicum): {@code g(x, z) = f(x) ⊙ [cos z, sin z]} with an MLP
 * {@code f: ℝ → ℝ²} (hidden (32, 32), tanh) that learns the semi-axes ρ(x) of the ellipse at each x.
 * With {@link LatentVariableEnergy} this gives {@code E(x, y, z) = ‖y − f(x) ⊙ g(z)‖²}.
 */
public final class HornDecoder implements Decoder {
    private final Mlp f;

    public HornDecoder(long seed, int... hidden) {
        int[] h = hidden.length == 0 ? new int[] {32, 32} : hidden;
        int[] sizes = new int[h.length + 2];
        sizes[0] = 1;
        System.arraycopy(h, 0, sizes, 1, h.length);
        sizes[sizes.length - 1] = 2;
        f = new Mlp("horn" + System.identityHashCode(this), seed, sizes);
    }

    @Override
    public String name() {
        return "horn-f(x)*g(z)";
    }

    @Override
    public int xDim() {
        return 1;
    }

    @Override
    public int zDim() {
        return 1;
    }

    @Override
    public Map<String, INDArray> params() {
        return f.params();
    }

    @Override
    public SDVariable decode(SameDiff sd, SDVariable x, SDVariable z) {
        return f.apply(sd, x).mul(sd.concat(1, sd.math().cos(z), sd.math().sin(z)));
    }
}
