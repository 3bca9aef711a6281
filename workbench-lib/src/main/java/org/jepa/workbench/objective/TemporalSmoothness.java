package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Temporal smoothness: pulls the embeddings of consecutive frames together, so that a small move in the
 * world is a small move in the latent (PLDM, Sobal et al., arXiv 2502.14819, {@code sim_coeff_t}; EB-JEPA's
 * {@code L_time-sim}, arXiv 2602.03604). With frames z_0 … z_{T−1}, each [B, D]:
 * <pre>
 *   temporal_smoothness = δ · (1/(T−1)) Σ_t mean_{b,d} (z_{t+1} − z_t)²
 * </pre>
 * Default δ = 0.742 (PLDM's coefficient, on this same per-element mean). On its own it is a collapse
 * force — the constant map is perfectly smooth — so it goes with {@link Variance} and {@link Covariance}.
 * Name and term {@code "temporal_smoothness"}. Needs at least 2 frames.
 *
 * <pre>{@code
 * Jepa.builder()....regularizer(TemporalSmoothness.defaults().weight(1))
 * }</pre>
 */
public final class TemporalSmoothness implements Regularizer {

    public static final String NAME = "temporal_smoothness";

    private final double weight;

    private TemporalSmoothness(double weight) {
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** δ = 0.742. */
    public static TemporalSmoothness defaults() {
        return new TemporalSmoothness(0.742);
    }

    /** Copy with weight δ {@code ≥ 0}. */
    public TemporalSmoothness weight(double w) {
        return new TemporalSmoothness(w);
    }

    public double weight() {
        return weight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(Graph g, Embeddings z) {
        int t = z.frames().size();
        WorkbenchException.require(t >= 2, NAME + ": needs a sequence of at least 2 frames, got " + t
                + "; train on Sequences or Trajectories windows, not on single frames");
        SameDiff sd = g.sd();
        // Folded into one [(T−1)·B, D] difference: its mean is the mean over t of the per-step means.
        SDVariable d = Terms.mse(sd, Terms.foldFrames(sd, z.frames().subList(1, t)), Terms.foldFrames(sd, z.frames().subList(0, t - 1)));
        return Terms.ordered(NAME, g.named(d.mul(weight), NAME));
    }

    @Override
    public String toString() {
        return "TemporalSmoothness(weight=" + weight + ")";
    }
}
