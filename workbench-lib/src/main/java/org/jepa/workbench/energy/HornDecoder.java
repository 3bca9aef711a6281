package org.jepa.workbench.energy;

import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Conditional "horn" decoder (NYU practicum): {@code g(x, z) = f(x) ⊙ [cos z, sin z]} with an MLP
 * {@code f: ℝ → ℝ²} (hidden (32, 32), tanh) that learns the semi-axes ρ(x) of the ellipse at each x.
 * With {@link LatentVariableEnergy} this gives {@code E(x, y, z) = ‖y − f(x) ⊙ g(z)‖²}.
 */
public final class HornDecoder implements Decoder {
    private final Mlp f;
    private final Parameters params;

    public HornDecoder(long seed, int... hidden) {
        int[] h = hidden.length == 0 ? new int[] {32, 32} : hidden;
        int[] sizes = new int[h.length + 2];
        sizes[0] = 1;
        System.arraycopy(h, 0, sizes, 1, h.length);
        sizes[sizes.length - 1] = 2;
        f = Graphs.tanhMlp(sizes);
        params = Graphs.storeFor(f, "horn", seed);
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
    public Parameters parameters() {
        return params;
    }

    @Override
    public SDVariable decode(Graph g, SDVariable x, SDVariable z) {
        SameDiff sd = g.sd();
        return f.bind(g, "horn", true).apply(x, true).mul(sd.concat(1, sd.math().cos(z), sd.math().sin(z)));
    }
}
