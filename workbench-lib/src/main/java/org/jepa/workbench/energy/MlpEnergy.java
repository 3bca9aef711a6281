package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Explicit energy: an MLP maps the input to a scalar, {@code E(y) = MLP(y)}, or, with conditioning
 * inputs, {@code E(x, y) = MLP([x, y])}. Trained with {@link ContrastiveTrainer}.
 *
 * <p>Rows of the input are {@code [x₁..x_c, y₁..y_d]} (c = {@link #conditionDim()}, 0 when unconditional).
 * {@link #at(double...)} fixes x and gives an {@link Energy} over y alone (for landscapes and inference).
 * Default architecture: hidden (64, 64), tanh, float64.
 */
public final class MlpEnergy implements Energy, TrainableEnergy {
    private static final String PREFIX = "energy";
    private final String name;
    private final int conditionDim, yDim;
    private final Mlp mlp;
    private final Parameters params;
    private Graphs.Fn fn;

    private MlpEnergy(String name, int conditionDim, int yDim, int[] hidden, long seed) {
        this.name = name;
        this.conditionDim = conditionDim;
        this.yDim = yDim;
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = conditionDim + yDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 1;
        this.mlp = Graphs.tanhMlp(sizes);
        this.params = Graphs.storeFor(mlp, PREFIX, seed);
    }

    /** Unconditional E(y), y ∈ ℝ^yDim. */
    public static MlpEnergy of(int yDim, long seed, int... hidden) {
        return conditional(0, yDim, seed, hidden);
    }

    /** Conditional E(x, y). */
    public static MlpEnergy conditional(int xDim, int yDim, long seed, int... hidden) {
        WorkbenchException.require(xDim >= 0 && yDim > 0, "MlpEnergy: need xDim >= 0 and yDim > 0");
        int[] h = hidden.length == 0 ? new int[] {64, 64} : hidden;
        return new MlpEnergy(xDim == 0 ? "mlp" : "mlp-cond", xDim, yDim, h, seed);
    }

    /** Same model under another display name. */
    public MlpEnergy named(String newName) {
        return new MlpEnergy(this, newName);
    }

    private MlpEnergy(MlpEnergy src, String newName) {
        this.name = newName;
        this.conditionDim = src.conditionDim;
        this.yDim = src.yDim;
        this.mlp = src.mlp;
        this.params = src.params;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dim() {
        return conditionDim + yDim;
    }

    public int conditionDim() {
        return conditionDim;
    }

    public int yDim() {
        return yDim;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    /** Adds E to {@code g}: {@code in} is [N, c+d], returns [N]. */
    @Override
    public SDVariable energy(Graph g, SDVariable in) {
        return mlp.bind(g, PREFIX, true).apply(in, true).reshape(-1);
    }

    private Graphs.Fn fn() {
        if (fn == null) fn = new Graphs.Fn(params, new String[] {"v"}, new int[] {dim()}, (g, in) -> energy(g, in.get(0)));
        return fn;
    }

    @Override
    public double[] energies(double[][] v) {
        Checks.points(v, dim(), name);
        return fn().eval(new double[][][] {v});
    }

    @Override
    public double[][] gradients(double[][] v) {
        Checks.points(v, dim(), name);
        return fn().gradInputs(new double[][][] {v}, "v").get("v");
    }

    /** E(x, ·) as an energy over y (x fixed); for an unconditional model, {@code at()} is this model. */
    public Energy at(double... x) {
        WorkbenchException.require(x.length == conditionDim, name + ".at: expected " + conditionDim + " x values, got " + x.length);
        if (conditionDim == 0) return this;
        double[] xf = x.clone();
        MlpEnergy self = this;
        return new Energy() {
            public String name() {
                return self.name + " | x=" + java.util.Arrays.toString(xf);
            }

            public int dim() {
                return yDim;
            }

            private double[][] join(double[][] y) {
                Checks.points(y, yDim, name());
                double[][] v = new double[y.length][conditionDim + yDim];
                for (int i = 0; i < y.length; i++) {
                    System.arraycopy(xf, 0, v[i], 0, conditionDim);
                    System.arraycopy(y[i], 0, v[i], conditionDim, yDim);
                }
                return v;
            }

            public double[] energies(double[][] y) {
                return self.energies(join(y));
            }

            public double[][] gradients(double[][] y) {
                double[][] g = self.gradients(join(y));
                double[][] r = new double[g.length][yDim];
                for (int i = 0; i < g.length; i++) System.arraycopy(g[i], conditionDim, r[i], 0, yDim);
                return r;
            }
        };
    }
}
