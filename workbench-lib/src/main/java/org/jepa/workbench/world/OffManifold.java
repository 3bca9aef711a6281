package org.jepa.workbench.world;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDIndex;
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
 * <p><b>Transitions</b> ({@link #ofTransitions}): the same cost over consecutive pairs (ẑ_{t−1}, ẑ_t), t = 2..H, against
 * a bank of pairs of consecutive real latents [M, 2D]. A wall thinner than one move can be jumped in imagination with
 * both endpoints plausible; the jump itself is a transition no real trajectory makes.
 *
 * <pre>{@code
 * INDArray bank = world.latent(Trajectories.of(env, 1000, 5, 11).framesAndPositions(1000)[0]);   // [5000, D]
 * PlanningObjective.toGoal().guardrail(OffManifold.of(bank).weight(20))
 * PlanningObjective.toGoal().guardrail(OffManifold.ofTransitions(bank, 5).weight(20))           // 4,000 pairs
 * }</pre>
 */
public final class OffManifold implements Guardrail {
    /** Largest bank: 200 candidates × H 30 × 20,000 latents is already a 480 MB float matrix per energy call. */
    public static final int MAX_BANK = 20_000;
    private final INDArray bank;       // [M, D], or [M, 2D] of consecutive pairs; double
    private final boolean transitions;
    private final double tolerance, weight;

    private OffManifold(INDArray bank, boolean transitions, double tolerance, double weight) {
        this.bank = bank;
        this.transitions = transitions;
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
        return checked(bank, false);
    }

    /**
     * The guardrail over transitions: {@code latents} [n·frames, D] are n real trajectories of {@code frames} latents
     * each, trajectory after trajectory (as {@link Trajectories#framesAndPositions} lays out frames); the bank is their
     * n·(frames − 1) consecutive pairs [z_t, z_{t+1}] (at least 2), tolerance from the bank, weight 1.
     */
    public static OffManifold ofTransitions(INDArray latents, int frames) {
        WorkbenchException.require(frames >= 2, "OffManifold: a trajectory needs at least 2 frames to make a transition, got " + frames);
        WorkbenchException.require(latents != null && latents.rank() == 2 && latents.columns() >= 1 && latents.rows() % frames == 0,
                "OffManifold: the latents must be [n·" + frames + ", D], trajectory after trajectory, got "
                        + (latents == null ? "null" : Arrays.toString(latents.shape())));
        long n = latents.rows() / frames, d = latents.columns();
        INDArray z = latents.castTo(DataType.DOUBLE).reshape('c', n, frames, d);
        INDArray from = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, frames - 1), NDArrayIndex.all());
        INDArray to = z.get(NDArrayIndex.all(), NDArrayIndex.interval(1, frames), NDArrayIndex.all());
        INDArray pairs = org.nd4j.linalg.factory.Nd4j.concat(2, from.dup('c'), to.dup('c')).reshape('c', n * (frames - 1), 2 * d);
        WorkbenchException.require(pairs.rows() >= 2, "OffManifold: the bank must hold at least 2 transitions, got " + pairs.rows());
        return checked(pairs, true);
    }

    private static OffManifold checked(INDArray bank, boolean transitions) {
        WorkbenchException.require(bank.rows() <= MAX_BANK, "OffManifold: a bank of " + bank.rows() + (transitions ? " transitions" : " latents")
                + " would make every energy call build a [candidates·horizon, " + bank.rows() + "] distance matrix; use at most " + MAX_BANK
                + " (a random subset of the frames covers the states as well)");
        INDArray b = bank.castTo(DataType.DOUBLE).dup('c');
        WorkbenchException.require(Double.isFinite(b.sumNumber().doubleValue()), "OffManifold: the bank holds NaN or infinite values");
        return new OffManifold(b, transitions, nearestPercentile(b, 0.95), 1);
    }

    /** Copy with tolerance τ ≥ 0 (latent units). */
    public OffManifold tolerance(double tau) {
        WorkbenchException.require(Double.isFinite(tau) && tau >= 0, "OffManifold: tolerance must be >= 0, got " + tau);
        return new OffManifold(bank, transitions, tau, weight);
    }

    /** Copy with weight w ≥ 0 (energy per latent unit beyond the tolerance, per step). */
    public OffManifold weight(double w) {
        WorkbenchException.require(Double.isFinite(w) && w >= 0, "OffManifold: weight must be >= 0, got " + w);
        return new OffManifold(bank, transitions, tolerance, w);
    }

    public double tolerance() {
        return tolerance;
    }

    /**
     * Distance from each row of {@code latents} [K, D] (for a transition bank: pairs [K, 2D]) to its nearest bank
     * row (latent units).
     */
    public double[] distances(INDArray latents) {
        WorkbenchException.require(latents != null && latents.rank() == 2 && latents.columns() == bank.columns(),
                "OffManifold: latents must be [K, " + bank.columns() + "]" + (transitions ? " (pairs of consecutive latents)" : ""));
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
        return transitions ? "off_manifold_transitions" : "off_manifold";
    }

    @Override
    public SDVariable cost(SameDiff sd, SDVariable predicted, long latentWidth, int horizon) {
        long width = transitions ? 2 * latentWidth : latentWidth;
        WorkbenchException.require(width == bank.columns(), "OffManifold: the bank's " + (transitions ? "transitions" : "latents") + " have "
                + bank.columns() + " values, the model's have " + width);
        if (transitions && horizon < 2) return predicted.sum(1, 2).mul(0);     // one imagined step makes no imagined pair
        DataType dt = predicted.dataType();
        SDVariable bt = sd.constant(GraphNames.fresh(sd, "off_manifold_bank"), bank.transpose().castTo(dt).dup('c'));
        SDVariable bn = sd.constant(GraphNames.fresh(sd, "off_manifold_norms"),
                bank.mul(bank).sum(1).reshape(1, -1).castTo(dt));
        int rows = transitions ? horizon - 1 : horizon;
        SDVariable q = predicted;                                                                   // [N, H, D]
        if (transitions) q = sd.concat(2, predicted.get(SDIndex.all(), SDIndex.interval(0, horizon - 1), SDIndex.all()),
                predicted.get(SDIndex.all(), SDIndex.interval(1, horizon), SDIndex.all()));       // [N, H − 1, 2D]
        SDVariable p = sd.reshape(q, -1, width);                                                    // [N·rows, width]
        SDVariable d2 = p.mmul(bt).mul(-2).add(p.mul(p).sum(true, 1)).add(bn);                    // [N·rows, M]
        SDVariable d = sd.math().sqrt(sd.nn().relu(d2.min(1), 0.0).add(1e-12));                   // [N·rows]
        SDVariable beyond = sd.nn().relu(d.sub(tolerance), 0.0);
        return Graph.rowSums(sd, sd.reshape(beyond, -1, rows), rows, false).mul(weight);
    }

    @Override
    public String toString() {
        return String.format("OffManifold(%d %s, tolerance %.3g, weight %.3g)", bank.rows(), transitions ? "transitions" : "latents",
                tolerance, weight);
    }
}
