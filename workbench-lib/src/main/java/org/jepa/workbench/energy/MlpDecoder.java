package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A learned decoder {@code g(z) = MLP(z)} (or {@code MLP([x, z])} when conditional) from a low-dimensional
 * latent to ℝ² (or ℝ^d, {@link #into(int, int, long, int...)}). Default hidden (32, 32), tanh.
 */
public final class MlpDecoder implements Decoder {
    private final int xDim, zDim, yDim;
    private final Mlp mlp;
    private final Parameters params;

    /** g(z) = MLP(z), z ∈ ℝ^zDim; hidden widths default (32, 32). */
    public static MlpDecoder of(int zDim, long seed, int... hidden) {
        return new MlpDecoder(0, zDim, 2, seed, hidden);
    }

    /** g(z) = MLP(z) into ℝ^yDim (data embedded in a higher ambient dimension), z ∈ ℝ^zDim. */
    public static MlpDecoder into(int yDim, int zDim, long seed, int... hidden) {
        return new MlpDecoder(0, zDim, yDim, seed, hidden);
    }

    /** g(x, z) = MLP([x, z]). */
    public static MlpDecoder conditional(int xDim, int zDim, long seed, int... hidden) {
        return new MlpDecoder(xDim, zDim, 2, seed, hidden);
    }

    private MlpDecoder(int xDim, int zDim, int yDim, long seed, int... hidden) {
        WorkbenchException.require(zDim > 0 && xDim >= 0 && yDim > 0, "MlpDecoder: zDim and yDim must be > 0 and xDim >= 0");
        this.xDim = xDim;
        this.zDim = zDim;
        this.yDim = yDim;
        int[] h = hidden.length == 0 ? new int[] {32, 32} : hidden;
        int[] sizes = new int[h.length + 2];
        sizes[0] = xDim + zDim;
        System.arraycopy(h, 0, sizes, 1, h.length);
        sizes[sizes.length - 1] = yDim;
        mlp = Graphs.tanhMlp(sizes);
        params = Graphs.storeFor(mlp, "decoder", seed);
    }

    @Override
    public String name() {
        return "mlp-g(z" + zDim + (yDim == 2 ? "" : "→" + yDim) + ")";
    }

    @Override
    public int xDim() {
        return xDim;
    }

    @Override
    public int zDim() {
        return zDim;
    }

    @Override
    public int yDim() {
        return yDim;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public SDVariable decode(Graph g, SDVariable x, SDVariable z) {
        return mlp.bind(g, "decoder", true).apply(xDim == 0 ? z : g.sd().concat(1, x, z), true);
    }
}
