package org.jepa.workbench.energy;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Latent-variable energy (LV-EBM, NYU DLSP practicum 15; LeCun 2022 "A path towards autonomous machine
 * intelligence", §4.7):
 * <pre>  E(x, y, z) = ‖y − g(x, z)‖² + λ·‖z‖₁ </pre>
 * with a decoder g ({@link EllipseDecoder}, {@link MlpDecoder}, {@link HornDecoder}) and an optional
 * L1 sparsity penalty λ (default 0). The latent lives in the box [zMin, zMax] per dimension (default
 * [−π, π]). The energy of y alone is a free energy, {@link #freeEnergy(double...)} (zero temperature,
 * F∞ = min_z E) or {@link #softFreeEnergy(double, double...)} (F_β). Trained without negatives by
 * {@link LatentTrainer}: the low latent dimension, λ and code noise limit the volume of low energy.
 */
public final class LatentVariableEnergy {
    private final Decoder decoder;
    private final double l1;
    private final double[] zMin, zMax;
    private final int gridPerDim;
    private final String name;
    private Graphs.Fn energyFn, decodeFn;

    private LatentVariableEnergy(Builder b) {
        this.decoder = b.decoder;
        this.l1 = b.l1;
        int k = decoder.zDim();
        this.zMin = new double[k];
        this.zMax = new double[k];
        java.util.Arrays.fill(zMin, b.zLo);
        java.util.Arrays.fill(zMax, b.zHi);
        this.gridPerDim = b.grid > 0 ? b.grid : (k == 1 ? 512 : k == 2 ? 48 : 12);
        this.name = b.name != null ? b.name : "lv[" + decoder.name() + (l1 > 0 ? ", L1=" + l1 : "") + "]";
        WorkbenchException.require(Math.pow(gridPerDim, k) <= 200_000,
                "LatentVariableEnergy: z grid of " + gridPerDim + "^" + k + " points is too large; use zDim <= 3");
    }

    public static Builder builder(Decoder decoder) {
        return new Builder(decoder);
    }

    /** Builder: {@code LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).l1(0).zRange(-PI, PI).build()}. */
    public static final class Builder {
        private final Decoder decoder;
        private double l1 = 0, zLo = -Math.PI, zHi = Math.PI;
        private int grid = 0;
        private String name;

        private Builder(Decoder d) {
            WorkbenchException.require(d != null, "LatentVariableEnergy: decoder is null");
            this.decoder = d;
        }

        /** L1 sparsity weight λ ≥ 0 on z (default 0). */
        public Builder l1(double lambda) {
            Checks.nonNegative(lambda, "l1");
            this.l1 = lambda;
            return this;
        }

        /** Box for each latent coordinate (default [−π, π]). */
        public Builder zRange(double lo, double hi) {
            WorkbenchException.require(Double.isFinite(lo) && Double.isFinite(hi) && hi > lo, "zRange needs finite hi > lo");
            zLo = lo;
            zHi = hi;
            return this;
        }

        /** Grid points per latent dimension for free-energy evaluation (default 512 for 1-D z, 48 for 2-D). */
        public Builder grid(int perDim) {
            WorkbenchException.require(perDim >= 2, "grid must be >= 2, got " + perDim);
            grid = perDim;
            return this;
        }

        public Builder name(String n) {
            name = n;
            return this;
        }

        public LatentVariableEnergy build() {
            return new LatentVariableEnergy(this);
        }
    }

    public String name() {
        return name;
    }

    public Decoder decoder() {
        return decoder;
    }

    public double l1() {
        return l1;
    }

    public int zDim() {
        return decoder.zDim();
    }

    public int xDim() {
        return decoder.xDim();
    }

    /** Data dimension d (the decoder's output; 2 for the toy manifolds). */
    public int yDim() {
        return decoder.yDim();
    }

    public double[] zMin() {
        return zMin.clone();
    }

    public double[] zMax() {
        return zMax.clone();
    }

    /** The decoder's parameters (what training changes). */
    public Parameters parameters() {
        return decoder.parameters();
    }

    /** Adds E(x, y, z) to {@code g} (a graph over {@link #parameters()}): x [N, xDim] or null, y [N, yDim], z [N, zDim] → [N]. */
    public SDVariable energy(Graph g, SDVariable x, SDVariable y, SDVariable z) {
        SDVariable d = y.sub(decoder.decode(g, x, z));
        SDVariable e = d.mul(d).sum(1);
        if (l1 > 0) e = e.add(g.sd().math().abs(z).sum(1).mul(l1));
        return e;
    }

    private Graphs.Fn energyFn() {
        if (energyFn == null) {
            if (xDim() == 0)
                energyFn = new Graphs.Fn(parameters(), new String[] {"y", "z"}, new int[] {yDim(), zDim()},
                        (g, in) -> energy(g, null, in.get(0), in.get(1)));
            else
                energyFn = new Graphs.Fn(parameters(), new String[] {"x", "y", "z"}, new int[] {xDim(), yDim(), zDim()},
                        (g, in) -> energy(g, in.get(0), in.get(1), in.get(2)));
        }
        return energyFn;
    }

    private Graphs.Fn decodeFn() {
        if (decodeFn == null) {
            if (xDim() == 0)
                decodeFn = new Graphs.Fn(parameters(), new String[] {"z"}, new int[] {zDim()}, (g, in) -> decoder.decode(g, null, in.get(0)));
            else
                decodeFn = new Graphs.Fn(parameters(), new String[] {"x", "z"}, new int[] {xDim(), zDim()},
                        (g, in) -> decoder.decode(g, in.get(0), in.get(1)));
        }
        return decodeFn;
    }

    private double[][][] inputs(double[][] x, double[][] y, double[][] z) {
        Checks.points(y, yDim(), name + " y");
        Checks.points(z, zDim(), name + " z");
        WorkbenchException.require(z.length == y.length, name + ": " + y.length + " y rows but " + z.length + " z rows");
        if (xDim() == 0) return new double[][][] {y, z};
        Checks.points(x, xDim(), name + " x");
        WorkbenchException.require(x.length == y.length, name + ": x/y row mismatch");
        return new double[][][] {x, y, z};
    }

    /** E(x, y, z) per row; x is ignored (may be null) for unconditional decoders. */
    public double[] energies(double[][] x, double[][] y, double[][] z) {
        return energyFn().eval(inputs(x, y, z));
    }

    /** {∂E/∂y [N][yDim], ∂E/∂z [N][zDim]} per row. */
    public double[][][] gradients(double[][] x, double[][] y, double[][] z) {
        Map<String, double[][]> g = energyFn().gradInputs(inputs(x, y, z), "y", "z");
        return new double[][][] {g.get("y"), g.get("z")};
    }

    /** g(x, z) per row, [N][yDim]. */
    public double[][] decode(double[][] x, double[][] z) {
        Checks.points(z, zDim(), name + " z");
        if (xDim() == 0) return decodeFn().evalMatrix(new double[][][] {z});
        Checks.points(x, xDim(), name + " x");
        return decodeFn().evalMatrix(new double[][][] {x, z});
    }

    /** The latent grid used for free energies, [M][zDim] (uniform, endpoints included, first dim slowest). */
    public double[][] zGrid() {
        return zGrid(gridPerDim);
    }

    double[][] zGrid(int perDim) {
        int k = zDim();
        int m = (int) Math.pow(perDim, k);
        double[][] g = new double[m][k];
        for (int i = 0; i < m; i++) {
            int r = i;
            for (int d = k - 1; d >= 0; d--) {
                int idx = r % perDim;
                r /= perDim;
                g[i][d] = zMin[d] + (zMax[d] - zMin[d]) * idx / (perDim - 1.0);
            }
        }
        return g;
    }

    int gridPerDim() {
        return gridPerDim;
    }

    /** Zero-temperature free energy F∞(y) = min_z E(x, y, z) at fixed x (no x for unconditional decoders). */
    public FreeEnergy freeEnergy(double... x) {
        return new FreeEnergy(this, x, Double.POSITIVE_INFINITY, 0, 0.05);
    }

    /**
     * F_β(y) = −(1/β)·log( (1/|Z|) ∫_Z exp(−β E(x, y, z)) dz ), β > 0 (inverse temperature).
     * Normalised by the latent volume |Z| so that β → 0 gives the mean energy over z and β → ∞ gives F∞.
     */
    public FreeEnergy softFreeEnergy(double beta, double... x) {
        WorkbenchException.require(!Double.isNaN(beta) && beta > 0, "beta must be > 0 (inverse temperature), got " + beta);
        return new FreeEnergy(this, x, beta, 0, 0.05);
    }

    /** z* = argmin_z E(x, y, z) for each y (grid + local refinement), [N][zDim]. */
    public double[][] inferZ(double[] x, double[][] y) {
        return freeEnergy(x == null ? new double[0] : x).argmin(y);
    }
}
