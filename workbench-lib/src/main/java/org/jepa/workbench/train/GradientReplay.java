package org.jepa.workbench.train;

import java.util.List;
import java.util.Map;
import org.jepa.workbench.model.QuietStdout;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The same gradient call on one graph, many times, as cheaply as M2.1 allows: the trainer's step and the gradient
 * planner's energy. Each call is {@code sd.calculateGradientsAndOutputs(feeds, outputs, wrt)} with the same names;
 * the first builds SameDiff's gradient function (quietly: it prints a line per op), the second and third are recorded
 * ({@link StepPlan}), and later calls replay the recording without SameDiff's session while the feeds keep their
 * names, shapes and types and the two recordings read the same variable arrays. A {@link StepArena} on the session
 * keeps every op's arrays in place between calls, which the replay needs. Any call that cannot be replayed goes
 * through the session, with the same values.
 *
 * <p>The results are the arena's arrays: they hold until the next call, so copy what you keep. Calls from a thread
 * other than the one that made this object go through the session and are neither recorded nor replayed (the arena
 * belongs to that thread's session). {@link #close} frees the arrays; use nothing from a call after it.
 *
 * <pre>{@code
 * try (GradientReplay calls = GradientReplay.on(sd)) {
 *     for (...) {
 *         GradientReplay.Result r = calls.run(feeds, List.of("loss"), List.of("w"));
 *         w.subi(r.gradients().get("w").mul(lr));
 *     }
 * }
 * }</pre>
 */
public final class GradientReplay implements AutoCloseable {
    /** A call's outputs and gradients, by variable name: arrays valid until the next call. */
    public record Result(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {
    }

    private final SameDiff sd;
    private final long thread = Thread.currentThread().getId();
    private StepArena arena;
    private StepPlan plan, candidate;
    private int recordings;
    private boolean built, replayed;

    private GradientReplay(SameDiff sd, boolean reuse) {
        this.sd = sd;
        // Made before the first call, the arena fills with its outputs, which the second call reuses.
        this.arena = reuse ? StepArena.forGradients(sd) : null;
    }

    /** Calls on {@code sd} with an arena and, from the fourth call, a replay. */
    public static GradientReplay on(SameDiff sd) {
        return new GradientReplay(sd, true);
    }

    /** Calls on {@code sd} through SameDiff's session only: fresh arrays each call, nothing recorded. */
    public static GradientReplay sessionOnly(SameDiff sd) {
        return new GradientReplay(sd, false);
    }

    /** {@code sd.calculateGradientsAndOutputs(feeds, outputs, wrt)}, replayed where it can be. */
    public Result run(Map<String, INDArray> feeds, List<String> outputs, List<String> wrt) {
        boolean own = arena != null && Thread.currentThread().getId() == thread;
        replayed = own && plan != null && plan.accepts(feeds);
        if (replayed) {
            plan.run(feeds);
            return new Result(plan.outputs(), plan.gradients());
        }
        OutAndGrad og;
        if (!own) {
            og = built ? sd.calculateGradientsAndOutputs(feeds, outputs, wrt)
                    : QuietStdout.run(() -> sd.calculateGradientsAndOutputs(feeds, outputs, wrt));
        } else {
            plan = null;
            arena.nextStep();
            if (!built) {
                og = QuietStdout.run(() -> sd.calculateGradientsAndOutputs(feeds, outputs, wrt));
            } else if (recordings < 2) {
                // Two recordings: the plan is used only if the second read the same variable arrays as the first
                // (a graph that swaps them between calls, as LatentTraining does with its codes, cannot be replayed).
                StepPlan.Recorded r = StepPlan.record(sd, feeds, outputs, wrt);
                og = r.result();
                if (++recordings == 1) {
                    candidate = r.plan();
                    if (candidate == null) recordings = 2;
                } else {
                    plan = r.plan() != null && candidate.sameExternalInputs(r.plan()) ? r.plan() : null;
                    candidate = null;
                }
            } else {
                og = sd.calculateGradientsAndOutputs(feeds, outputs, wrt);
            }
        }
        built = true;
        return new Result(og.getOutputs(), og.getGradients());
    }

    /** Whether the last call was replayed: for tests and benchmarks. */
    boolean replaying() {
        return replayed;
    }

    /** Gives the session its memory manager back and frees the arena's arrays. */
    @Override
    public void close() {
        if (arena != null) arena.uninstall();
        arena = null;
        plan = null;
        candidate = null;
        replayed = false;
    }
}
