package org.jepa.workbench.objective;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Inverse dynamics: a head g reads the action back from two consecutive embeddings, so the latent must
 * keep what the action changed — in Two Rooms, the agent's position, which a wall-and-door encoder would
 * otherwise drop (Sobal et al. 2022; EB-JEPA's ablation: without it 1 % success, the latent collapses onto
 * the wall). With frames z_0 … z_{T−1} [B, D] and actions a_0 … a_{T−2} [B, A]:
 * <pre>
 *   inverse_dynamics = ω · (1/(T−1)) Σ_t mean_{b,i} (g([z_t, z_{t+1}]) − a_t)²_i
 * </pre>
 * The head is trained with the model (its parameters live under {@code regularizer/inverse_dynamics}) and is
 * not used for prediction or planning. Default ω = 1.072 (PLDM's {@code idm_coeff}) and no default head:
 * give one of input 2D and output A, e.g. {@code Mlp.of(2 * 32, 256, 2)}. Name and term
 * {@code "inverse_dynamics"}. Needs actions (an action-conditioned model).
 *
 * <pre>{@code
 * Jepa.builder()....regularizer(InverseDynamics.of(Mlp.of(2 * 32, 256, 2)))
 * }</pre>
 */
public final class InverseDynamics implements Regularizer {

    public static final String NAME = "inverse_dynamics";
    /** Parameter prefix of the head. */
    public static final String PREFIX = "regularizer/inverse_dynamics";

    private final Module head;
    private final double weight;

    private InverseDynamics(Module head, double weight) {
        WorkbenchException.require(head != null, NAME + ": the head module is null; give one of input 2·D and output A,"
                + " e.g. Mlp.of(2 * 32, 256, 2)");
        this.head = head;
        this.weight = Terms.nonNegative(NAME, "weight", weight);
    }

    /** Inverse dynamics through {@code head} ([z_t, z_{t+1}] of width 2D → action of width A), ω = 1.072. */
    public static InverseDynamics of(Module head) {
        return new InverseDynamics(head, 1.072);
    }

    /** Copy with weight ω {@code ≥ 0}. */
    public InverseDynamics weight(double w) {
        return new InverseDynamics(head, w);
    }

    public double weight() {
        return weight;
    }

    public Module head() {
        return head;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(Graph g, Embeddings z) {
        WorkbenchException.require(!z.actions().isEmpty(), NAME + ": needs the actions between frames; use it in an"
                + " action-conditioned model trained on sequences with actions");
        WorkbenchException.require(head.inputWidth() == 2 * z.dim(), NAME + ": the head takes " + head.inputWidth()
                + " inputs but [z_t, z_{t+1}] has 2 × " + z.dim() + " = " + 2 * z.dim());
        long a = Terms.knownLastDim(z.actions().get(0));
        WorkbenchException.require(a < 0 || head.outputWidth() == a, NAME + ": the head outputs " + head.outputWidth()
                + " values but the actions have width " + a);
        SameDiff sd = g.sd();
        Module.Bound h = head.bind(g, PREFIX, true);
        int t = z.frames().size();
        // All steps folded into one [(T−1)·B, ·] batch: one pass through the head; the mean over it is the
        // mean over t of the per-step means, since every step has B rows.
        SDVariable from = Terms.foldFrames(sd, z.frames().subList(0, t - 1));
        SDVariable to = Terms.foldFrames(sd, z.frames().subList(1, t));
        SDVariable act = Terms.foldFrames(sd, z.actions());
        SDVariable mse = Terms.mse(sd, h.apply(sd.concat(1, from, to), true), act);
        return Terms.ordered(NAME, g.named(mse.mul(weight), NAME));
    }

    @Override
    public String toString() {
        return "InverseDynamics(head=" + head + ", weight=" + weight + ")";
    }
}
