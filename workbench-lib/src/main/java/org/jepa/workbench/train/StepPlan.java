package org.jepa.workbench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A gradient or forward call on a SameDiff graph replayed op by op from one recorded call, without SameDiff's session.
 * The session spends 50–200 µs of bookkeeping per op where the op's own call costs 1–2 µs (bench/README,
 * {@code OpOverheadBench}), which was a third of the reference MLP step's gradient call. The recording keeps each
 * executed op with the arrays it read and wrote and the arguments it ran with; it runs on copies of the feeds, and a
 * replay writes the new feeds into those copies and runs the needed ops ({@link #needed}) on the same arrays in the
 * same order, so the values are the session's, bit for bit ({@code TrainerTest}, {@code SessionReplayTest},
 * {@code VideoTrainingTest} and {@code PlanningTest} compare against the session). It needs the arrays to stay put —
 * the {@link StepArena}'s, and parameters updated in place — and feeds of the recorded shapes. {@link SessionReplay}
 * records two calls and replays only when the second ran the same ops on the same variable arrays as the first
 * ({@link #sameExternalInputs}); {@link #accepts} checks each call before a replay; and {@link #record} returns
 * null where it cannot be sure (a listener on the graph, a random op, a feed or result that no recorded op touches),
 * and the session stays. Package-private.
 */
final class StepPlan {
    /** One recorded op: what it is, the context it is replayed with, and the arrays it read and wrote. */
    private record Call(DifferentialFunction fn, OpContext ctx, INDArray[] in, INDArray[] out) {
    }

    /** Per recorded op, the arrays it read that no recorded op wrote and no feed is: variables, constants. */
    private final List<List<INDArray>> external;

    private final List<Call> calls;
    private final Map<String, INDArray> feeds;
    private final Map<String, INDArray> outputs;
    private final Map<String, INDArray> gradients;

    /** Ops the session ran in the recorded call, before {@link #needed} dropped those whose results nothing reads. */
    private final int recorded;

    /** The names the recorded call asked for: its outputs, and the variables it differentiated by. */
    private final List<String> outputNames, wrtNames;

    private StepPlan(List<Call> calls, List<List<INDArray>> external, Map<String, INDArray> feeds, List<String> outputNames,
                     List<String> wrtNames, Map<String, INDArray> outputs, Map<String, INDArray> gradients, int recorded) {
        this.calls = calls;
        this.outputNames = outputNames;
        this.wrtNames = wrtNames;
        this.recorded = recorded;
        this.external = external;
        this.feeds = feeds;
        this.outputs = outputs;
        this.gradients = gradients;
    }

    /** The result of the recorded call, and the plan (null when the call cannot be replayed safely). */
    record Recorded(OutAndGrad result, StepPlan plan) {
    }

    /** Runs the call ({@link #call}) once through the session, on copies of the feeds, and records it. */
    static Recorded record(SameDiff sd, Map<String, INDArray> feeds, List<String> outputs, List<String> wrt) {
        if (!sd.getListeners().isEmpty()) return new Recorded(call(sd, feeds, outputs, wrt), null);
        // The replay writes each batch into the recorded feed arrays: they must be the plan's own, never the caller's
        // (a data source's cached batch, a planner's goal latent).
        Map<String, INDArray> own = new LinkedHashMap<>();
        feeds.forEach((k, v) -> own.put(k, v.dup()));
        feeds = own;
        List<Call> calls = new ArrayList<>();
        boolean[] unsafe = {false};
        Listener recorder = new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] out) {
                DifferentialFunction fn = op.getOp();
                if (ctx == null || !(fn instanceof CustomOp || fn instanceof Op) || fn.getClass().getName().contains(".random.")) {
                    unsafe[0] = true;
                    return;
                }
                OpContext c = Nd4j.getExecutioner().buildContext();
                c.setIArguments(ctx.getIArguments().stream().mapToLong(Long::longValue).toArray());
                c.setTArguments(ctx.getTArguments().stream().mapToDouble(Double::doubleValue).toArray());
                boolean[] b = new boolean[ctx.getBArguments().size()];
                for (int i = 0; i < b.length; i++) b[i] = ctx.getBArguments().get(i);
                c.setBArguments(b);
                if (!ctx.getDArguments().isEmpty()) c.setDArguments(ctx.getDArguments().toArray(new DataType[0]));
                INDArray[] in = ctx.getInputArrays().toArray(new INDArray[0]);
                c.setInputArrays(in);
                c.setOutputArrays(out.clone());
                calls.add(new Call(fn, c, in, out.clone()));
            }
        };
        OutAndGrad result;
        sd.addListeners(recorder);
        try {
            result = call(sd, feeds, outputs, wrt);
        } finally {
            List<Listener> rest = new ArrayList<>(sd.getListeners());
            rest.remove(recorder);
            sd.setListeners(rest);
        }
        if (unsafe[0]) return new Recorded(result, null);
        Set<INDArray> read = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<INDArray> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Call c : calls) {
            read.addAll(Arrays.asList(c.in()));
            written.addAll(Arrays.asList(c.out()));
        }
        Set<INDArray> fed = Collections.newSetFromMap(new IdentityHashMap<>());
        fed.addAll(feeds.values());
        // A feed the ops do not read directly, or a result they do not write, would go stale in a replay.
        for (INDArray f : feeds.values()) if (!read.contains(f)) return new Recorded(result, null);
        for (INDArray o : result.getOutputs().values()) if (!written.contains(o)) return new Recorded(result, null);
        for (INDArray g : result.getGradients().values()) if (!written.contains(g)) return new Recorded(result, null);
        List<Call> needed = needed(calls, result);
        List<List<INDArray>> neededExternal = new ArrayList<>();
        for (Call c : needed) {
            List<INDArray> ext = new ArrayList<>();
            for (INDArray in : c.in()) if (!written.contains(in) && !fed.contains(in)) ext.add(in);
            neededExternal.add(ext);
        }
        return new Recorded(result, new StepPlan(needed, neededExternal, new LinkedHashMap<>(feeds), List.copyOf(outputs),
                List.copyOf(wrt), result.getOutputs(), result.getGradients(), calls.size()));
    }

    /**
     * The recorded ops that the results depend on, in order. SameDiff's gradient function computes every output of a
     * backward op, also those nothing reads: {@code matmul_bp} of a first layer computes the gradient with respect to
     * the input batch, half of that layer's backward FLOPs. A backward walk from the results keeps an op when one
     * of its outputs is read later or is a result; a {@code matmul_bp} whose input gradient is not read becomes the
     * one {@code matmul} it runs internally for the weight gradient (same arguments, so the same bits). Arrays are
     * compared by the buffer they live in, so an op that writes into a view of a needed array is kept.
     */
    private static List<Call> needed(List<Call> calls, OutAndGrad result) {
        Set<DataBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray a : result.getOutputs().values()) live.add(root(a));
        for (INDArray a : result.getGradients().values()) live.add(root(a));
        List<Call> kept = new ArrayList<>();
        for (int i = calls.size() - 1; i >= 0; i--) {
            Call c = calls.get(i);
            boolean[] used = new boolean[c.out().length];
            boolean any = false;
            for (int k = 0; k < used.length; k++) any |= used[k] = live.contains(root(c.out()[k]));
            if (!any) continue;
            if (used.length == 2 && !used[0] && c.in().length == 3 && "matmul_bp".equals(c.fn().opName())
                    && !c.in()[2].isScalar()) {
                c = weightGradientOnly(c);
            }
            for (INDArray in : c.in()) live.add(root(in));
            kept.add(c);
        }
        Collections.reverse(kept);
        return kept;
    }

    /**
     * {@code matmul_bp(x, y, dz)} reduced to its second product, {@code dL/dy = matmul(x, dz)} with transposes
     * (¬tX, tZ, tY) and the same α, β — the call libnd4j's {@code matmul_bp} makes for that output.
     */
    private static Call weightGradientOnly(Call c) {
        List<Long> ia = c.ctx().getIArguments();
        List<Double> ta = c.ctx().getTArguments();
        long tX = ia.size() > 0 ? ia.get(0) : 0, tY = ia.size() > 1 ? ia.get(1) : 0, tZ = ia.size() > 2 ? ia.get(2) : 0;
        double alpha = ta.size() > 0 ? ta.get(0) : 1.0, beta = ta.size() > 1 ? ta.get(1) : 0.0;
        INDArray[] in = {c.in()[0], c.in()[2]};
        INDArray[] out = {c.out()[1]};
        OpContext m = Nd4j.getExecutioner().buildContext();
        m.setIArguments(tX == 0 ? 1 : 0, tZ, tY);
        m.setTArguments(alpha, beta);
        m.setInputArrays(in);
        m.setOutputArrays(out);
        return new Call(new Mmul(), m, in, out);
    }

    private static DataBuffer root(INDArray a) {
        DataBuffer d = a.data();
        return d.originalDataBuffer() != null ? d.originalDataBuffer() : d;
    }

    /** The session's call: gradients and outputs, or only the outputs when {@code wrt} is empty. */
    static OutAndGrad call(SameDiff sd, Map<String, INDArray> feeds, List<String> outputs, List<String> wrt) {
        if (!wrt.isEmpty()) return sd.calculateGradientsAndOutputs(feeds, outputs, wrt);
        return new OutAndGrad(sd.output(feeds, outputs), Map.of());
    }

    /** Whether a call for {@code outputs} and {@code wrt} on {@code next} is the recorded one: same names, shapes and data types. */
    boolean accepts(Map<String, INDArray> next, List<String> outputs, List<String> wrt) {
        if (!outputs.equals(outputNames) || !wrt.equals(wrtNames)) return false;
        return accepts(next);
    }

    /** Whether {@code next} has the recorded feeds' names, shapes and data types. */
    boolean accepts(Map<String, INDArray> next) {
        if (!next.keySet().equals(feeds.keySet())) return false;
        for (Map.Entry<String, INDArray> e : next.entrySet()) {
            INDArray r = feeds.get(e.getKey());
            if (r.dataType() != e.getValue().dataType() || !Arrays.equals(r.shape(), e.getValue().shape())) return false;
        }
        return true;
    }

    /** Writes {@code next} into the recorded feed arrays and replays the call; the results are in {@link #outputs()} and {@link #gradients()}. */
    void run(Map<String, INDArray> next) {
        for (Map.Entry<String, INDArray> e : next.entrySet()) {
            INDArray r = feeds.get(e.getKey());
            if (r != e.getValue()) r.assign(e.getValue());
        }
        for (Call c : calls) {
            if (c.fn() instanceof CustomOp op) Nd4j.getExecutioner().exec(op, c.ctx());
            else Nd4j.getExecutioner().exec((Op) c.fn(), c.ctx());
        }
    }

    Map<String, INDArray> outputs() {
        return outputs;
    }

    Map<String, INDArray> gradients() {
        return gradients;
    }

    /**
     * Whether {@code later}, recorded from a later call, ran the same ops on the same variable and constant arrays as
     * this one. A graph whose session hands its ops other arrays at each call (a variable given a new array of another
     * shape, as {@code LatentTraining} does with its codes) fails this, and must not be replayed.
     */
    boolean sameExternalInputs(StepPlan later) {
        if (later.calls.size() != calls.size()) return false;
        for (int i = 0; i < calls.size(); i++) {
            if (!calls.get(i).fn().opName().equals(later.calls.get(i).fn().opName())) return false;
            List<INDArray> a = external.get(i), b = later.external.get(i);
            if (a.size() != b.size()) return false;
            for (int k = 0; k < a.size(); k++) if (a.get(k) != b.get(k)) return false;
        }
        return true;
    }

    /** Ops replayed per call. */
    int size() {
        return calls.size();
    }

    /** Ops the session ran in the recorded call; {@code recorded() - size()} were not needed for the results. */
    int recorded() {
        return recorded;
    }

    /** The names of the ops replayed, in order. */
    List<String> ops() {
        List<String> names = new ArrayList<>();
        for (Call c : calls) names.add(c.fn().opName());
        return names;
    }
}
