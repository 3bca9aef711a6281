package org.jepa.workbench.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.model.QuietStdout;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Op outputs of a training step, reused at the next step instead of allocated afresh: a memory manager for the
 * SameDiff session that computes the {@link Trainer}'s gradients. SameDiff 1.0.0-M2.1's own cache
 * ({@code ArrayCacheMemoryMgr}) hands back only small arrays, so every large activation and gradient of every step
 * was a new off-heap buffer — about a quarter of the MLP step's time, and now and then a stall while javacpp waits
 * for the GC to free memory (ENGINE-NOTES.md). Every array handed out during a step goes back to the pool at
 * {@link #nextStep()}, so nothing of a step (outputs and gradients included) may be kept past the start of the
 * next one; the trainer reads the losses and applies the update within the step. The values computed do not
 * change — the same ops write the same outputs into memory that was used before ({@code TrainerTest} and
 * {@code VideoTrainingTest} check parameters bit for bit against training without it). On the planners' small
 * energy graph (200 candidates × 16 dims) it made no measurable difference, so it is used for training only.
 * Once a call is replayed, the replay tells the arena which arrays it no longer needs ({@link #free}): outputs of
 * the ops it leaves out, and arrays whose memory it shares with another ({@link StepPlan#withSharedMemory}).
 * Package-private.
 */
final class StepArena extends AbstractMemoryMgr {
    private record Key(DataType type, char order, List<Long> shape) {
    }

    private final Map<Key, ArrayDeque<INDArray>> free = new HashMap<>();
    private final List<Map.Entry<Key, INDArray>> used = new ArrayList<>();
    /** The buffers of every array handed out and not freed. */
    private final Set<DataBuffer> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    private long handedOut, reused;
    private SessionMemMgr previous;
    private InferenceSession session;

    /**
     * Installs an arena on {@code sd}'s session for the calling thread, replacing its memory manager; returns the
     * arena, or null when the session does not exist yet (SameDiff creates it at the first execution).
     */
    static StepArena install(SameDiff sd) {
        if (sd == null) return null;
        InferenceSession s = sd.getSessions().get(Thread.currentThread().getId());
        if (s == null) return null;
        StepArena a = new StepArena();
        a.previous = s.getMmgr();
        a.session = s;
        s.setMmgr(a);
        return a;
    }

    /**
     * Installs an arena on the session of {@code sd}'s gradient function for the calling thread, making the function
     * (quietly: SameDiff prints a line per op) and the session first if they do not exist yet, so that the arena
     * serves the first gradient call too.
     */
    static StepArena forGradients(SameDiff sd) {
        if (sd.getFunction("grad") == null) QuietStdout.run(() -> {
            sd.createGradFunction();
            return null;
        });
        SameDiff grad = sd.getFunction("grad");
        grad.getSessions().computeIfAbsent(Thread.currentThread().getId(), id -> new InferenceSession(grad));
        return install(grad);
    }

    /**
     * Installs an arena on {@code sd}'s own session for the calling thread (forward calls: {@code sd.output}), making
     * the session first if it does not exist yet, so that the arena serves the first call too.
     */
    static StepArena forOutputs(SameDiff sd) {
        sd.getSessions().computeIfAbsent(Thread.currentThread().getId(), id -> new InferenceSession(sd));
        return install(sd);
    }

    /**
     * Gives the session its own memory manager back and frees this arena's arrays at once, so nothing of the last
     * step may be used after it. Left to the GC, they outlived the fit until a full collection (their Java wrappers
     * had grown old), and a second fit in the same JVM grew on top of the first: {@code TrainBench}'s peak was
     * 0.85 GB with them, 0.65 GB without (bench/README).
     */
    void uninstall() {
        if (session != null && session.getMmgr() == this) session.setMmgr(previous);
        for (ArrayDeque<INDArray> q : free.values()) for (INDArray a : q) if (!a.wasClosed()) a.close();
        for (Map.Entry<Key, INDArray> e : used) if (!e.getValue().wasClosed()) e.getValue().close();
        free.clear();
        used.clear();
        mine.clear();
    }

    /** Every array handed out since the last call becomes free for the next step. */
    void nextStep() {
        for (Map.Entry<Key, INDArray> e : used) free.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>()).push(e.getValue());
        used.clear();
    }

    /** For tests: writes {@code v} into every free array, as a call that reuses them writes its own values. */
    void scribble(double v) {
        for (ArrayDeque<INDArray> q : free.values()) for (INDArray a : q) if (!a.wasClosed()) a.assign(v);
    }

    /** The buffers this arena handed out and has not freed, a copy. */
    List<DataBuffer> handedOutBuffers() {
        return new ArrayList<>(mine);
    }

    /** Whether {@code buffer} is one this arena handed out (and has not freed). */
    boolean handedOut(DataBuffer buffer) {
        return mine.contains(buffer);
    }

    /**
     * Frees {@code buffer}, one this arena handed out, now: a replay that shares memory ({@link StepPlan#withSharedMemory})
     * no longer uses it. Its arrays are never handed out again.
     */
    void free(DataBuffer buffer) {
        if (!mine.remove(buffer)) throw new IllegalArgumentException("not an array of this arena");
        if (!buffer.wasClosed()) buffer.close();
    }

    /** Arrays handed out so far, and how many of them were reused. */
    long[] counts() {
        return new long[] {handedOut, reused};
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(new Key(dataType, 'c', asList(shape)));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor d) {
        if (d.isEmpty()) return Nd4j.create(d);
        return take(new Key(d.dataType(), d.getOrder(), asList(d.getShape())));
    }

    private INDArray take(Key k) {
        handedOut++;
        ArrayDeque<INDArray> q = free.get(k);
        INDArray a = q == null ? null : q.poll();
        while (a != null && a.wasClosed()) a = q.poll();   // freed for a replay that shares memory
        if (a != null) reused++;
        else {
            long[] shape = k.shape().stream().mapToLong(Long::longValue).toArray();
            a = Nd4j.createUninitializedDetached(k.type(), k.order(), shape);
            mine.add(a.data());
        }
        used.add(Map.entry(k, a));
        return a;
    }

    private static List<Long> asList(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    /** Released arrays stay with the step; they return to the pool at {@link #nextStep()}. */
    @Override
    public void release(INDArray array) {
    }

    @Override
    public void close() {
    }
}
