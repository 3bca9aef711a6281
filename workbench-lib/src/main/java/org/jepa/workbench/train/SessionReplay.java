package org.jepa.workbench.train;

import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.jepa.workbench.model.QuietStdout;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The same call on one graph, many times, as cheaply as M2.1 allows: the trainer's gradient step, the gradient
 * planner's energy gradient, the sampling planners' energies. SameDiff's session spends 50–200 µs of bookkeeping per
 * op where the op itself costs 1–2 µs (bench/README, {@code OpOverheadBench}). Each call is
 * {@code sd.calculateGradientsAndOutputs(feeds, outputs, wrt)} ({@link #gradients}) or {@code sd.output(feeds,
 * outputs)} ({@link #outputs}). The first builds SameDiff's functions (quietly: the gradient function prints a line
 * per op), the second and third are recorded ({@link StepPlan}), and later calls replay the recording without the
 * session while they ask for the same names with feeds of the same shapes and types, and the two recordings read
 * the same variable arrays. A {@link StepArena} on the session keeps every op's arrays in place between calls,
 * which the replay needs; the replay then shares memory between arrays that are never alive together and gives
 * back what it does not use ({@link StepPlan#withSharedMemory}: 112 → 45 MB of op outputs in the reference MLP step). Another call (other shapes, other outputs) goes through the session and the recording
 * stays for the calls it fits; two such calls in a row start a new pair of recordings, up to {@value #REPLANS} times
 * (a caller that changes at every call would otherwise pay for recordings at every call). Any call that is not
 * replayed goes through the session, with the same values.
 *
 * <p>The results are the arena's arrays: they hold until the next call, so copy what you keep. Calls from a thread
 * other than the one that made this object go through the session and are neither recorded nor replayed (the arena
 * belongs to that thread's session). {@link #close} frees the arrays; use nothing from a call after it.
 *
 * <pre>{@code
 * try (SessionReplay calls = SessionReplay.gradients(sd)) {
 *     for (...) {
 *         SessionReplay.Result r = calls.run(feeds, List.of("loss"), List.of("w"));
 *         w.subi(r.gradients().get("w").mul(lr));
 *     }
 * }
 * }</pre>
 */
public final class SessionReplay implements AutoCloseable {
    /** New pairs of recordings after the first, for feeds of another shape; then the session only. */
    static final int REPLANS = 8;

    /** A call's outputs and gradients, by variable name: arrays valid until the next call. */
    public record Result(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {
    }

    private final SameDiff sd;
    private final boolean gradients;
    private final long thread = Thread.currentThread().getId();
    private StepArena arena;
    private StepPlan plan, candidate;
    private int recordings, replans, misses;
    private boolean built, replayed;
    private ObjLongConsumer<String> opTimer;

    private SessionReplay(SameDiff sd, boolean gradients, boolean reuse) {
        this.sd = sd;
        this.gradients = gradients;
        // Made before the first call, the arena fills with its outputs, which the second call reuses.
        this.arena = !reuse ? null : gradients ? StepArena.forGradients(sd) : StepArena.forOutputs(sd);
    }

    /** Gradient calls on {@code sd} with an arena and, from the fourth call, a replay. */
    public static SessionReplay gradients(SameDiff sd) {
        return new SessionReplay(sd, true, true);
    }

    /** Forward calls ({@code sd.output}) on {@code sd} with an arena and, from the fourth call, a replay. */
    public static SessionReplay outputs(SameDiff sd) {
        return new SessionReplay(sd, false, true);
    }

    /** Gradient calls on {@code sd} through SameDiff's session only: fresh arrays each call, nothing recorded. */
    public static SessionReplay sessionOnly(SameDiff sd) {
        return new SessionReplay(sd, true, false);
    }

    /** {@code sd.output(feeds, outputs)}, replayed where it can be; for {@link #outputs} replays. */
    public Map<String, INDArray> run(Map<String, INDArray> feeds, List<String> outputs) {
        if (gradients) throw new IllegalStateException("this replay makes gradient calls: use run(feeds, outputs, wrt)");
        return call(feeds, outputs, List.of()).outputs();
    }

    /** {@code sd.calculateGradientsAndOutputs(feeds, outputs, wrt)}, replayed where it can be. */
    public Result run(Map<String, INDArray> feeds, List<String> outputs, List<String> wrt) {
        if (!gradients || wrt.isEmpty()) throw new IllegalStateException("gradient calls need a gradient replay and variables to differentiate by");
        return call(feeds, outputs, wrt);
    }

    private Result call(Map<String, INDArray> feeds, List<String> outputs, List<String> wrt) {
        boolean own = arena != null && Thread.currentThread().getId() == thread;
        replayed = own && plan != null && plan.accepts(feeds, outputs, wrt);
        if (replayed) {
            misses = 0;
            plan.run(feeds, opTimer);
            return new Result(plan.outputs(), plan.gradients());
        }
        OutAndGrad og;
        if (!own) {
            og = built ? StepPlan.call(sd, feeds, outputs, wrt) : QuietStdout.run(() -> StepPlan.call(sd, feeds, outputs, wrt));
        } else {
            // A call the plan does not fit goes through the session and the plan stays: the next fitting call replays
            // (an occasional other call, as a planner's one-candidate check). A second such call in a row means the
            // calls changed: record anew.
            if (plan != null && ++misses >= 2 && replans < REPLANS) {
                replans++;
                plan = null;
                recordings = 0;
                misses = 0;
            }
            arena.nextStep();
            if (!built) {
                og = QuietStdout.run(() -> StepPlan.call(sd, feeds, outputs, wrt));
            } else if (plan == null && recordings < 2) {
                // Two recordings: the plan is used only if the second read the same variable arrays as the first
                // (a graph that swaps them between calls, as LatentTraining does with its codes, cannot be replayed).
                StepPlan.Recorded r = StepPlan.record(sd, feeds, outputs, wrt);
                og = r.result();
                if (++recordings == 1) {
                    candidate = r.plan();
                    if (candidate == null) recordings = 2;
                } else {
                    plan = r.plan() != null && candidate.sameExternalInputs(r.plan()) ? r.plan().withSharedMemory(arena) : null;
                    candidate = null;
                }
            } else {
                og = StepPlan.call(sd, feeds, outputs, wrt);
            }
        }
        built = true;
        return new Result(og.getOutputs(), og.getGradients());
    }

    /**
     * For profiling: each replayed op's wall time (ns) goes to {@code timer}, keyed by the op's name and input
     * shapes, and the copy of the feeds into the recording as "(feeds)"; calls through the session are not timed.
     * {@code null} stops it. The timing itself costs ~0.1 µs per op.
     */
    public SessionReplay timeOps(ObjLongConsumer<String> timer) {
        this.opTimer = timer;
        return this;
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
