package org.jepa.workbench.world;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A guardrail against imagined states that no real observation produces: the cost of each imagined latent is
 * how far it lies from the nearest latent of a bank the encoder made from real frames, beyond a tolerance,
 * <pre>
 *   off(ẑ) = w · Σ_t max(0, min_i ‖ẑ_t − b_i‖₂ − τ)
 * </pre>
 * A planner searching a learned model finds the paths where the model is wrong in its favour — an imagined agent
 * that slides through a wall passes through states inside the wall, which the bank has none of. The cost is an
 * energy on the plausibility of states (LeCun 2022: low energy on what the world can produce), learned from data
 * only: it needs no map of the walls.
 *
 * <p>τ defaults to the 95th percentile of the bank's own leave-one-out nearest-neighbour distances: a latent as
 * close to the bank as its members are to each other costs nothing. Cost per call: one [N·H, D] × [D, M] product.
 *
 * <pre>{@code
 * INDArray bank = world.latent(Trajectories.of(env, 1000, 5, 11).framesAndPositions(1000)[0]);   // [5000, D]
 * PlanningObjective.toGoal().guardrail(OffManifold.of(bank).weight(20))
 * }</pre>
 */
public final class OffManifold implements Guardrail {
    /** Largest bank: 200 candidates × H 30 × 20,000 latents is already a 480 MB float matrix per energy call. */
    public static final int MAX_BANK = 20_000;
    private final INDArray bank;       // [M, D], double
    private final double tolerance, weight;

    private OffManifold(INDArray bank, double tolerance, double weight) {
        this.bank = bank;
        this.tolerance = tolerance;
        this.weight = weight;
    }

    /**
     * The guardrail over {@code bank} [M, D] (latents of real frames, M ≥ 2), tolerance from the bank, weight 1.
     */
    public static OffManifold of(INDArray bank) {
        WorkbenchException.require(bank != null && bank.rank() == 2 && bank.rows() >= 2 && bank.columns() >= 1,
                "OffManifold: the bank must be a matrix [M, D] of at least 2 latents, got "
                        + (bank == null ? "null" : Arrays.toString(bank.shape())));
        WorkbenchException.require(bank.rows() <= MAX_BANK, "OffManifold: a bank of " + bank.rows() + " latents would make every energy"
                + " call build a [candidates·horizon, " + bank.rows() + "] distance matrix; use at most " + MAX_BANK
                + " (a random subset of the frames covers the states as well)");
        INDArray b = bank.castTo(DataType.DOUBLE).dup();
        WorkbenchException.require(Double.isFinite(b.sumNumber().doubleValue()), "OffManifold: the bank holds NaN or infinite values");
        return new OffManifold(b, nearestPercentile(b, 0.95), 1);
    }

    /** Copy with tolerance τ ≥ 0 (latent units). */
    public OffManifold tolerance(double tau) {
        WorkbenchException.require(Double.isFinite(tau) && tau >= 0, "OffManifold: tolerance must be >= 0, got " + tau);
        return new OffManifold(bank, tau, weight);
    }

    /** Copy with weight w ≥ 0 (energy per latent unit beyond the tolerance, per step). */
    public OffManifold weight(double w) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "OffManifold: weight must be >= 0, got " + w);
        return new OffManifold(bank, tolerance, w);
    }

    public double tolerance() {
        return tolerance;
    }

    /** Distance from each row of {@code latents} [K, D] to its nearest bank latent (latent units). */
    public double[] distances(INDArray latents) {
        WorkbenchException.require(latents != null && latents.rank() == 2 && latents.columns() == bank.columns(),
                "OffManifold: latents must be [K, " + bank.columns() + "]");
        return nearest(latents.castTo(DataType.DOUBLE), bank, false);
    }

    private static double nearestPercentile(INDArray b, double q) {
        double[] d = nearest(b, b, true);
        Arrays.sort(d);
        return d[(int) Math.min(d.length - 1, Math.floor(q * d.length))];
    }

    /**
     * Nearest-neighbour distance of each row of {@code x} among the rows of {@code b} (skipping the same row when
     * {@code self}), in blocks of rows so that memory stays at a block × M distance matrix.
     */
    private static double[] nearest(INDArray x, INDArray b, boolean self) {
        INDArray bt = b.transpose(), bn = b.mul(b).sum(1).reshape(1, -1);
        int rows = (int) x.rows(), block = 1024;
        double[] out = new double[rows];
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            INDArray xs = x.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all());
            INDArray d2 = xs.mmul(bt).muli(-2).addiColumnVector(xs.mul(xs).sum(1).reshape(-1, 1)).addiRowVector(bn);
            if (self) for (int i = r0; i < r1; i++) d2.putScalar(i - r0, i, Double.POSITIVE_INFINITY);
            INDArray min = d2.min(1);
            for (int i = r0; i < r1; i++) out[i] = Math.sqrt(Math.max(0, min.getDouble(i - r0)));
        }
        return out;
    }

    @Override
    public String name() {
        return "off_manifold";
    }

    @Override
    public SDVariable cost(SameDiff sd, SDVariable predicted, long latentWidth, int horizon) {
        WorkbenchException.require(latentWidth == bank.columns(), "OffManifold: the bank's latents have " + bank.columns()
                + " values, the model's have " + latentWidth);
        DataType dt = predicted.dataType();
        SDVariable bt = sd.constant(sd.generateNewVarName("off_manifold_bank", 0), bank.transpose().castTo(dt).dup('c'));
        SDVariable bn = sd.constant(sd.generateNewVarName("off_manifold_norms", 0),
                bank.mul(bank).sum(1).reshape(1, -1).castTo(dt));
        SDVariable p = sd.reshape(predicted, -1, latentWidth);                                     // [N·H, D]
        SDVariable d2 = p.mmul(bt).mul(-2).add(p.mul(p).sum(true, 1)).add(bn);                    // [N·H, M]
        SDVariable d = sd.math().sqrt(sd.nn().relu(d2.min(1), 0.0).add(1e-12));                   // [N·H]
        SDVariable beyond = sd.nn().relu(d.sub(tolerance), 0.0);
        return sd.reshape(beyond, -1, horizon).sum(1).mul(weight);
    }

    @Override
    public String toString() {
        return String.format("OffManifold(%d latents, tolerance %.3g, weight %.3g)", bank.rows(), tolerance, weight);
    }
}
