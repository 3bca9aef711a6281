package org.jepa.workbench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjLongConsumer;
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
import org.nd4j.linalg.api.ops.TransformOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A gradient or forward call on a SameDiff graph replayed op by op from one recorded call, without SameDiff's session.
 * The session spends 50–200 µs of bookkeeping per op where the op's own call costs 1–2 µs (bench/README,
 * {@code OpOverheadBench}), which was a third of the reference MLP step's gradient call. The recording keeps each
 * executed op with the arrays it read and wrote and the arguments it ran with; it runs on copies of the feeds, and a
 * replay writes the new feeds into those copies and runs the needed ops ({@link #needed}) on the same arrays in the
 * same order, less the ones that only copy or repeat ({@link #copiesLeftOut}, {@link #broadcastsAsRows},
 * {@link #repeatsLeftOut}), with some reductions done in Java in libnd4j's order ({@link #reductionsInJava}), so the
 * values are the session's, bit for bit ({@code TrainerTest}, {@code SessionReplayTest},
 * {@code VideoTrainingTest} and {@code PlanningTest} compare against the session). It needs the arrays to stay put —
 * the {@link StepArena}'s, and parameters updated in place — and feeds of the recorded shapes. {@link SessionReplay}
 * records two calls and replays only when the second ran the same ops on the same variable arrays as the first
 * ({@link #sameExternalInputs}); {@link #accepts} checks each call before a replay; and {@link #record} returns
 * null where it cannot be sure (a listener on the graph, a random op, a feed or result that no recorded op touches),
 * and the session stays. Once a plan is accepted, {@link #withSharedMemory} lets op outputs that are never alive
 * together share memory and gives the arena back what the replay does not use. Package-private.
 */
final class StepPlan {
    /**
     * One recorded op: what it is, the context it is replayed with, and the arrays it read and wrote; {@code direct},
     * when not null, is run instead of the op ({@link Direct}).
     */
    private record Call(DifferentialFunction fn, OpContext ctx, INDArray[] in, INDArray[] out, Direct direct) {
        Call(DifferentialFunction fn, OpContext ctx, INDArray[] in, INDArray[] out) {
            this(fn, ctx, in, out, null);
        }
    }

    /**
     * What a replay runs in Java instead of an op, on the arrays it was made for: a copy as memory copies
     * ({@link #movesAsCopies}), reductions ({@link #reductionsInJava}).
     */
    private interface Direct extends Runnable {
        /** The same on {@code c}'s arrays, made anew where {@link #withSharedMemory} moved them. */
        Direct on(Call c);

        /** How it runs, for {@link #ops} and the op timer: "copies", "row by row", "in Java". */
        String how();
    }

    /**
     * Ops whose outputs depend on their inputs' shapes only, not their values: in a replay (same shapes) they write
     * what they wrote when recorded ({@link #fixedLeftOut}).
     */
    private static final Set<String> SHAPE_ONLY = Set.of("size_at", "shape_of", "shapes_of", "rank", "size", "zeroslike",
            "zeros_as", "ones_as", "oneslike");

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
                OpContext c = withArguments(ctx);
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
        Set<DataBuffer> results = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray a : result.getOutputs().values()) results.add(root(a));
        for (INDArray a : result.getGradients().values()) results.add(root(a));
        // Needed ops, less those that only copy or repeat; then needed again: of a multiply_bp split in two, one product
        // may go nowhere (a ReLU mask's gradient).
        Set<INDArray> made = Collections.newSetFromMap(new IdentityHashMap<>());   // the plan's copies of fixed values
        List<Call> needed = needed(reductionsInJava(movesAsCopies(fixedLeftOut(repeatsLeftOut(broadcastsAsRows(copiesLeftOut(
                needed(calls, results), results, fed), results), results), results, fed, made)), made), results);
        List<List<INDArray>> neededExternal = new ArrayList<>();
        for (Call c : needed) {
            List<INDArray> ext = new ArrayList<>();
            for (INDArray in : c.in()) if (!written.contains(in) && !fed.contains(in) && !made.contains(in)) ext.add(in);
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
    private static List<Call> needed(List<Call> calls, Set<DataBuffer> results) {
        Set<DataBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(results);
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
     * The gradients of same-shape adds, subtracts and products without their copies. libnd4j's {@code add_bp(x, y, dz)} for x and
     * y of one shape assigns dz to both outputs, and {@code subtract_bp} assigns dz and writes −dz: two passes over
     * memory (a [256, 1024] float copy is 50–100 µs) that only copy. Here later ops read dz itself where they read
     * a copy, and {@code subtract_bp} becomes the one {@code neg} it runs for −dz — the same bits; {@code multiply_bp}
     * becomes its products where that saves (see below); an {@code add} of a {@code zeroslike} is its other operand
     * (x + 0 is x, except that a −0 becomes +0: as in {@link #broadcastsAsRows}, only a zero's sign can differ).
     * Only where it is sure to be the same: dz and the outputs of one shape, type and layout, whole buffers, the outputs written by this
     * op only and dz by at most one op (so it holds its value for every later reader), and no output a result.
     */
    private static List<Call> copiesLeftOut(List<Call> calls, Set<DataBuffer> results, Set<INDArray> fed) {
        Map<DataBuffer, Integer> writes = writeCounts(calls);
        for (INDArray f : fed) writes.merge(root(f), 1, Integer::sum);
        Set<DataBuffer> read = Collections.newSetFromMap(new IdentityHashMap<>());
        read.addAll(results);
        for (Call c : calls) for (INDArray in : c.in()) read.add(root(in));
        Set<INDArray> onesRows = onesProducts(calls).keySet();
        Set<INDArray> zeros = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Call c : calls) if (c.fn().opName().equals("zeroslike") && c.out().length == 1) zeros.add(c.out()[0]);
        Map<INDArray, INDArray> alias = new IdentityHashMap<>();
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            c = withInputs(c, alias);
            String name = c.fn().opName();
            if (name.equals("add") && c.in().length == 2 && c.out().length == 1 && (zeros.contains(c.in()[0]) != zeros.contains(c.in()[1]))) {
                // x + zeros (a ReLU written x · step(x): step's gradient is zeroslike, added to x's): x itself. The
                // value is x's; only a −0 in x would have become +0.
                INDArray x = zeros.contains(c.in()[0]) ? c.in()[1] : c.in()[0], o = c.out()[0];
                if (sameLayout(c.in()[0], o) && sameLayout(c.in()[1], o) && whole(x) && writes.getOrDefault(root(x), 0) <= 1
                        && whole(o) && writes.getOrDefault(root(o), 0) == 1 && !results.contains(root(o))) {
                    alias.put(o, x);
                    continue;
                }
            }
            if ((name.equals("add_bp") || name.equals("subtract_bp")) && c.in().length == 3 && c.out().length == 2) {
                INDArray dz = c.in()[2];
                boolean same = sameLayout(c.in()[0], dz) && sameLayout(c.in()[1], dz);
                same &= whole(dz) && writes.getOrDefault(root(dz), 0) <= 1;   // an op's result, a feed, or a constant
                for (INDArray a : c.out()) same &= sameLayout(a, dz) && whole(a) && writes.getOrDefault(root(a), 0) == 1;
                same &= !results.contains(root(c.out()[0])) && !results.contains(root(c.out()[1]));
                if (same) {
                    alias.put(c.out()[0], dz);
                    if (name.equals("add_bp")) {
                        alias.put(c.out()[1], dz);
                    } else {
                        out.add(legacy(new Negative(dz, c.out()[1]), dz, c.out()[1]));
                    }
                    continue;
                }
            }
            if (name.equals("multiply_bp") && c.in().length == 3 && c.out().length == 2) {
                // dL/dx = dz ⊙ y and dL/dy = dz ⊙ x, each one exact product per element: as two multiplies, the same
                // bits. Split where it saves: x ⊙ x needs one multiply, an output nothing reads none (a ReLU mask's
                // gradient), and a multiply can read a broadcast row (broadcastsAsRows). Otherwise multiply_bp's one
                // pass over dz is the faster (measured on the ConvNet's [256, 32, 28, 28]).
                INDArray x = c.in()[0], y = c.in()[1], dz = c.in()[2];
                boolean same = sameLayout(x, dz) && sameLayout(y, dz);
                same &= x == y || !read.contains(root(c.out()[0])) || !read.contains(root(c.out()[1]))
                        || onesRows.contains(x) || onesRows.contains(y);
                for (INDArray a : c.out()) {
                    same &= sameLayout(a, dz) && whole(a) && writes.getOrDefault(root(a), 0) == 1 && !results.contains(root(a));
                }
                if (same) {
                    out.add(custom(new MulOp(), c.out()[0], dz, y));
                    if (x == y) alias.put(c.out()[1], c.out()[0]);
                    else out.add(custom(new MulOp(), c.out()[1], dz, x));
                    continue;
                }
            }
            out.add(c);
        }
        return out;
    }

    /**
     * An op that repeats an earlier one of the call — same op, same input arrays, same arguments — writes the same
     * values: SameDiff's gradient of {@code exp} runs {@code exp} again on the same input ([512, 512] in InfoNCE,
     * 0.6 ms). The repeat is not run, and its readers read the first one's outputs. Only custom ops (all their
     * arguments are in the context) and legacy transforms without extra arguments; inputs written by at most one op of
     * the call, neither op writing into its own input, and outputs of one layout, whole, written once, no result.
     */
    private static List<Call> repeatsLeftOut(List<Call> calls, Set<DataBuffer> results) {
        Map<DataBuffer, Integer> writes = writeCounts(calls);
        Map<String, List<Call>> earlier = new java.util.HashMap<>();
        Map<INDArray, INDArray> alias = new IdentityHashMap<>();
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            c = withInputs(c, alias);
            String key = repeatKey(c, writes, results);
            Call first = null;
            if (key != null) {
                for (Call e : earlier.getOrDefault(key, List.of())) {
                    boolean same = e.in().length == c.in().length && e.out().length == c.out().length;
                    for (int i = 0; same && i < c.in().length; i++) same = e.in()[i] == c.in()[i];
                    for (int i = 0; same && i < c.out().length; i++) same = sameLayout(e.out()[i], c.out()[i]);
                    if (same) {
                        first = e;
                        break;
                    }
                }
                if (first == null) earlier.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            }
            if (first != null) {
                for (int i = 0; i < c.out().length; i++) alias.put(c.out()[i], first.out()[i]);
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /** The op and its arguments, when {@code c} may be left out as a repeat or stand for one; else null. */
    private static String repeatKey(Call c, Map<DataBuffer, Integer> writes, Set<DataBuffer> results) {
        boolean pure = c.fn() instanceof CustomOp || (c.fn() instanceof TransformOp t && (t.extraArgs() == null || t.extraArgs().length == 0));
        if (!pure) return null;
        for (INDArray in : c.in()) {
            if (writes.getOrDefault(root(in), 0) > 1) return null;
            for (INDArray o : c.out()) if (root(o) == root(in)) return null;
        }
        for (INDArray o : c.out()) if (!whole(o) || writes.getOrDefault(root(o), 0) != 1 || results.contains(root(o))) return null;
        OpContext x = c.ctx();
        return c.fn().getClass().getName() + x.getIArguments() + x.getTArguments() + x.getBArguments() + x.getDArguments();
    }

    /**
     * Values fixed by the call's shapes, computed once. The model derives some arrays from the batch's shape alone:
     * the column of ones of batch norm and of the biases ({@code size_at}, {@code concat}, {@code fill}), InfoNCE's
     * self-mask ({@code eye}, {@code cast}, a scalar product on [2B, 2B]) — 47 ops of the VICReg MLP step, 36 of
     * InfoNCE's, most of them 5–15 µs of call overhead, the mask 0.3 ms. A replay has the recorded shapes ({@link #accepts}), so such an op
     * writes the values it wrote when recorded. An op is left out when it reads only shapes ({@link #SHAPE_ONLY}),
     * or only arrays that ops left out wrote and integer or boolean arrays that no op writes and no feed is (literals
     * such as a shape's trailing 1; a parameter, even a frozen one updated in place, is floating point). Its outputs
     * must be whole, written by it alone, and no result. Readers read copies of the recorded values made outside the
     * arena: a call that goes through the session between replays may reuse the arena's arrays.
     */
    private static List<Call> fixedLeftOut(List<Call> calls, Set<DataBuffer> results, Set<INDArray> fed, Set<INDArray> made) {
        Map<DataBuffer, Integer> writes = writeCounts(calls);
        Set<DataBuffer> fedRoots = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray f : fed) fedRoots.add(root(f));
        Set<DataBuffer> fixed = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Call> left = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Call c : calls) {
            boolean fold = c.direct() == null;
            for (INDArray o : c.out()) fold &= whole(o) && writes.getOrDefault(root(o), 0) == 1 && !results.contains(root(o));
            if (fold && !SHAPE_ONLY.contains(c.fn().opName())) {
                for (INDArray in : c.in()) {
                    DataBuffer r = root(in);
                    boolean literal = !writes.containsKey(r) && !fedRoots.contains(r)
                            && (in.dataType().isIntType() || in.dataType() == DataType.BOOL);
                    fold &= literal || fixed.contains(r);
                }
            }
            if (!fold) continue;
            left.add(c);
            for (INDArray o : c.out()) fixed.add(root(o));
        }
        if (left.isEmpty()) return calls;
        Map<INDArray, INDArray> kept = new IdentityHashMap<>();
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (left.contains(c)) continue;
            for (INDArray in : c.in()) if (fixed.contains(root(in)) && !kept.containsKey(in)) kept.put(in, in.dup(in.ordering()));
            out.add(withInputs(c, kept));
        }
        made.addAll(kept.values());
        return out;
    }

    /**
     * Reductions in Java where they give the op's bits. M2.1 spends far more on some reductions than the
     * arithmetic needs (thread start-up, strided index loops, a zero fill and a scatter): the reference MLP step's
     * batch norm has 24 column sums onesᵀ · x on [256, 1024] (90–100 µs each; a Java loop adding the rows in order
     * takes ~50 µs), the objectives' batch means and row norms are {@code reduce_sum} / {@code reduce_mean} over one
     * dimension (150–400 µs on [256, 256]), and InfoNCE's stable log-sum-exp takes a row maximum whose gradient,
     * {@code reduce_max_bp}, costs 0.6–0.8 ms on [512, 512] (here ~0.2 ms); the gradient of a sum or mean (copies of
     * dz) costs 0.1–0.25 ms. See {@link ColumnSums}, {@link RowSums} (also totals), {@link SumGradient}
     * and {@link RowMaxGradient} for what each computes and in which order. libnd4j's reductions add in index order, as
     * these do; M2.1's product does so on this CPU for 1,024 float columns, not for 64 or 256 columns, nor in double
     * past 256 rows, and a total only up to about a thousand values. So nothing is assumed: each replaces the op only
     * where it writes what the op writes bit for bit ({@link #agrees}; input and output written once in the call, so
     * they still hold the recorded values). A product onesᵀ · x qualifies only when its [B, 1] first operand is all
     * ones and the replay does not write it (a fill computed once, {@link #fixedLeftOut}).
     */
    private static List<Call> reductionsInJava(List<Call> calls, Set<INDArray> made) {
        Map<DataBuffer, Integer> writes = writeCounts(calls);
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            Direct d = null;
            if (c.direct() == null && c.out().length == 1) {
                d = ColumnSums.of(c, made);
                if (d == null) d = RowSums.of(c);
                if (d == null) d = SumGradient.of(c);
                if (d == null) d = RowMaxGradient.of(c);
            }
            boolean unchanged = d != null && writes.getOrDefault(root(c.out()[0]), 0) == 1;
            for (int i = 0; unchanged && i < c.in().length; i++) unchanged = writes.getOrDefault(root(c.in()[i]), 0) <= 1;
            out.add(unchanged && agrees(c, d) ? new Call(c.fn(), c.ctx(), c.in(), c.out(), d) : c);
        }
        return out;
    }

    /**
     * Whether {@code d} writes what {@code c}'s op writes, bit for bit: on the recorded call's inputs (the op's recorded
     * output), and on made-up inputs of the same shapes with full mantissas, run through the op — recorded values alone
     * can hide a different order of additions (a gradient that is all zeros on the recorded step sums to zero in
     * any order). The made-up values come from a fixed seed, outside ND4J's generator, so training's random numbers
     * stay as they were; a [B, 1] column of ones stays ones.
     */
    private static boolean agrees(Call c, Direct d) {
        if (!sameBits(d, c, c.in(), c.out()[0])) return false;
        java.util.Random random = new java.util.Random(20261206L);
        INDArray[] in = c.in().clone();
        List<INDArray> made = new ArrayList<>();
        try {
            for (int i = 0; i < in.length; i++) {
                boolean ones = c.fn() instanceof Mmul && i == 0;
                if (ones || !in[i].dataType().isFPType()) continue;
                INDArray v = Nd4j.create(in[i].dataType(), in[i].shape(), in[i].ordering());
                made.add(v);
                java.nio.ByteBuffer b = v.data().asNio().order(java.nio.ByteOrder.nativeOrder());
                for (int k = 0; k < v.length(); k++) {
                    double g = random.nextGaussian() * Math.PI;
                    if (v.dataType() == DataType.FLOAT) b.putFloat(4 * k, (float) g);
                    else if (v.dataType() == DataType.DOUBLE) b.putDouble(8 * k, g);
                    else v.putScalar(k, g);
                }
                in[i] = v;
            }
            INDArray expected = Nd4j.create(c.out()[0].dataType(), c.out()[0].shape(), c.out()[0].ordering());
            made.add(expected);
            OpContext m = withArguments(c.ctx());
            m.setInputArrays(in);
            m.setOutputArrays(expected);
            if (c.fn() instanceof CustomOp op) {
                Nd4j.getExecutioner().exec(op, m);
            } else {
                // A legacy op keeps arrays in its own fields, which the replay needs as they are.
                Op op = (Op) c.fn();
                INDArray x = op.x(), y = op.y(), z = op.z();
                try {
                    Nd4j.getExecutioner().exec(op, m);
                } finally {
                    op.setX(x);
                    op.setY(y);
                    op.setZ(z);
                }
            }
            return sameBits(d, c, in, expected);
        } finally {
            made.forEach(INDArray::close);   // up to a few MB per op, which would otherwise wait for a collection
        }
    }

    /** Whether {@code d}, on {@code c}'s arrays with inputs {@code in}, writes {@code expected}'s bits (into a scratch array). */
    private static boolean sameBits(Direct d, Call c, INDArray[] in, INDArray expected) {
        INDArray scratch = Nd4j.create(expected.dataType(), expected.shape(), expected.ordering());
        d.on(new Call(c.fn(), c.ctx(), in, new INDArray[] {scratch})).run();
        boolean same = Arrays.equals(scratch.data().asBytes(), expected.data().asBytes());
        scratch.close();
        return same;
    }

    /** Float or double, c-order, whole, rank 2. */
    private static boolean plainMatrix(INDArray a) {
        return a.rank() == 2 && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && plainC(a, a);
    }

    /** Whether {@code c} is a legacy {@code reduce_sum} or {@code reduce_mean} of one input over exactly {@code dim}. */
    private static boolean sumOver(Call c, int dim) {
        return legacySum(c) && Arrays.equals(c.fn().getDimensions(), new int[] {dim});
    }

    /** Whether {@code c} is a legacy {@code reduce_sum} or {@code reduce_mean} of one input. */
    private static boolean legacySum(Call c) {
        String name = c.fn().opName();
        return c.in().length == 1 && (name.equals("reduce_sum") || name.equals("reduce_mean")) && !(c.fn() instanceof CustomOp)
                && c.fn() instanceof Op;
    }

    /**
     * Column sums z[j] = x[0, j] + x[1, j] + … + x[B−1, j] of a [B, D] x, added in that order from +0 (then divided
     * by B for a mean), one row at a time: each row is copied into a Java array, where the additions run as vector
     * instructions across j. For {@code reduce_sum} / {@code reduce_mean} over dimension 0, and onesᵀ · x.
     */
    private static final class ColumnSums implements Direct {
        private final boolean mean;
        private final int rows, cols;
        private final java.nio.FloatBuffer fx, fz;
        private final java.nio.DoubleBuffer dx, dz;
        private final float[] frow, fsum;
        private final double[] drow, dsum;

        private ColumnSums(INDArray x, INDArray z, boolean mean) {
            this.mean = mean;
            this.rows = (int) x.rows();
            this.cols = (int) x.columns();
            boolean f = x.dataType() == DataType.FLOAT;
            fx = f ? floats(x) : null;
            fz = f ? floats(z) : null;
            dx = f ? null : doubles(x);
            dz = f ? null : doubles(z);
            frow = f ? new float[cols] : null;
            fsum = f ? new float[cols] : null;
            drow = f ? null : new double[cols];
            dsum = f ? null : new double[cols];
        }

        /**
         * For a column sum of a whole c-order float or double [B, D] x (the last input) into a whole array of D
         * values: {@code reduce_sum} or {@code reduce_mean} over dimension 0, or onesᵀ · x (a transposed [B, 1]
         * first operand of ones in {@code made}, α 1, β 0); else null.
         */
        static ColumnSums of(Call c, Set<INDArray> made) {
            INDArray x = c.in()[c.in().length - 1], z = c.out()[0];
            if (!plainMatrix(x) || x.rows() == 0 || !whole(z) || z.dataType() != x.dataType() || z.length() != x.columns()) return null;
            if (sumOver(c, 0)) return new ColumnSums(x, z, c.fn().opName().equals("reduce_mean"));
            if (!(c.fn() instanceof Mmul) || c.in().length != 2) return null;
            INDArray ones = c.in()[0];
            List<Long> ia = c.ctx().getIArguments();
            boolean transposedOnly = !ia.isEmpty() && ia.get(0) == 1 && ia.stream().skip(1).allMatch(v -> v == 0);
            boolean plain = c.ctx().getTArguments().isEmpty() || c.ctx().getTArguments().equals(List.of(1.0, 0.0));
            boolean isOnes = made.contains(ones) && ones.rank() == 2 && ones.columns() == 1 && ones.rows() == x.rows()
                    && ones.dataType() == x.dataType();
            for (long i = 0; isOnes && i < ones.length(); i++) isOnes = ones.getDouble(i) == 1.0;
            return transposedOnly && plain && isOnes && z.rank() == 2 && z.rows() == 1 ? new ColumnSums(x, z, false) : null;
        }

        @Override
        public void run() {
            if (fx != null) {
                Arrays.fill(fsum, 0f);
                for (int i = 0; i < rows; i++) {
                    fx.get(i * cols, frow, 0, cols);
                    for (int j = 0; j < cols; j++) fsum[j] += frow[j];
                }
                if (mean) for (int j = 0; j < cols; j++) fsum[j] /= rows;
                fz.put(0, fsum, 0, cols);
            } else {
                Arrays.fill(dsum, 0.0);
                for (int i = 0; i < rows; i++) {
                    dx.get(i * cols, drow, 0, cols);
                    for (int j = 0; j < cols; j++) dsum[j] += drow[j];
                }
                if (mean) for (int j = 0; j < cols; j++) dsum[j] /= rows;
                dz.put(0, dsum, 0, cols);
            }
        }

        @Override
        public Direct on(Call c) {
            return new ColumnSums(c.in()[c.in().length - 1], c.out()[0], mean);
        }

        @Override
        public String how() {
            return "row by row";
        }
    }

    /**
     * Row sums z[i] = x[i, 0] + x[i, 1] + … + x[i, C−1] of an [R, C] x, added in that order from +0 (then divided by C
     * for a mean): {@code reduce_sum} / {@code reduce_mean} over dimension 1, or over all of x as one row. Eight rows at
     * a time, so that eight chains of dependent additions overlap.
     */
    private static final class RowSums implements Direct {
        private static final int BLOCK = 8;
        private final boolean mean;
        private final int rows, cols;
        private final java.nio.FloatBuffer fx, fz;
        private final java.nio.DoubleBuffer dx, dz;
        private final float[] fblock, fsum;
        private final double[] dblock, dsum;

        private RowSums(INDArray x, INDArray z, int rows, int cols, boolean mean) {
            this.mean = mean;
            this.rows = rows;
            this.cols = cols;
            boolean f = x.dataType() == DataType.FLOAT;
            fx = f ? floats(x) : null;
            fz = f ? floats(z) : null;
            dx = f ? null : doubles(x);
            dz = f ? null : doubles(z);
            fblock = f ? new float[BLOCK * cols] : null;
            fsum = f ? new float[rows] : null;
            dblock = f ? null : new double[BLOCK * cols];
            dsum = f ? null : new double[rows];
        }

        /**
         * For a legacy {@code reduce_sum} or {@code reduce_mean} of a whole c-order float or double x into a whole
         * array of its type: over dimension 1 of an [R, C] x, or over every dimension (one row of all the values;
         * libnd4j adds those in order up to about a thousand values, and in blocks beyond, which the check turns
         * away); else null.
         */
        static RowSums of(Call c) {
            if (!legacySum(c)) return null;
            INDArray x = c.in()[0], z = c.out()[0];
            boolean typed = x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE;
            if (!typed || x.length() == 0 || !plainC(x, x) || !whole(z) || z.dataType() != x.dataType()) return null;
            boolean mean = c.fn().opName().equals("reduce_mean");
            int[] dims = c.fn().getDimensions();   // ND4J writes "all" as none or as {Integer.MAX_VALUE}
            boolean all = dims == null || dims.length == 0 || Arrays.equals(dims, new int[] {Integer.MAX_VALUE});
            if (dims != null && dims.length == x.rank() && x.rank() > 0) {
                all = true;
                for (int d = 0; d < dims.length; d++) all &= dims[d] == d;
            }
            if (all && z.length() == 1) return new RowSums(x, z, 1, (int) x.length(), mean);
            if (sumOver(c, 1) && x.rank() == 2 && z.length() == x.rows()) return new RowSums(x, z, (int) x.rows(), (int) x.columns(), mean);
            return null;
        }

        @Override
        public void run() {
            if (fx != null) {
                for (int i0 = 0; i0 < rows; i0 += BLOCK) {
                    int n = Math.min(BLOCK, rows - i0);
                    fx.get(i0 * cols, fblock, 0, n * cols);
                    if (n == BLOCK) {
                        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                        for (int j = 0; j < cols; j++) {
                            s0 += fblock[j];
                            s1 += fblock[cols + j];
                            s2 += fblock[2 * cols + j];
                            s3 += fblock[3 * cols + j];
                            s4 += fblock[4 * cols + j];
                            s5 += fblock[5 * cols + j];
                            s6 += fblock[6 * cols + j];
                            s7 += fblock[7 * cols + j];
                        }
                        fsum[i0] = s0;
                        fsum[i0 + 1] = s1;
                        fsum[i0 + 2] = s2;
                        fsum[i0 + 3] = s3;
                        fsum[i0 + 4] = s4;
                        fsum[i0 + 5] = s5;
                        fsum[i0 + 6] = s6;
                        fsum[i0 + 7] = s7;
                    } else {
                        for (int r = 0; r < n; r++) {
                            float q = 0;
                            for (int j = 0; j < cols; j++) q += fblock[r * cols + j];
                            fsum[i0 + r] = q;
                        }
                    }
                }
                if (mean) for (int i = 0; i < rows; i++) fsum[i] /= cols;
                fz.put(0, fsum, 0, rows);
            } else {
                for (int i = 0; i < rows; i += BLOCK) {
                    int n = Math.min(BLOCK, rows - i);
                    dx.get(i * cols, dblock, 0, n * cols);
                    for (int r = 0; r < n; r++) {
                        double q = 0;
                        for (int j = 0; j < cols; j++) q += dblock[r * cols + j];
                        dsum[i + r] = q;
                    }
                }
                if (mean) for (int i = 0; i < rows; i++) dsum[i] /= cols;
                dz.put(0, dsum, 0, rows);
            }
        }

        @Override
        public Direct on(Call c) {
            return new RowSums(c.in()[0], c.out()[0], rows, cols, mean);
        }

        @Override
        public String how() {
            return "in Java";
        }
    }

    /**
     * The gradient of a sum or mean, {@code reduce_sum_bp} / {@code reduce_mean_bp}: dz spread over the shape of x —
     * everywhere for a total, along each row for a sum over dimension 1 of an [R, C] x, down each column for dimension
     * 0 — divided by the number of values summed for a mean. Copies (and one division per value of dz).
     */
    private static final class SumGradient implements Direct {
        private final boolean mean;
        private final int dim, rows, cols;   // dim -1: a total; x seen as [rows, cols]
        private final java.nio.FloatBuffer fdz, fz;
        private final java.nio.DoubleBuffer ddz, dzz;
        private final float[] frow;
        private final double[] drow;

        private SumGradient(INDArray x, INDArray dz, INDArray z, int dim, boolean mean) {
            this.mean = mean;
            this.dim = dim;
            this.rows = dim < 0 ? 1 : (int) x.rows();
            this.cols = dim < 0 ? (int) x.length() : (int) x.columns();
            boolean f = x.dataType() == DataType.FLOAT;
            fdz = f ? floats(dz) : null;
            fz = f ? floats(z) : null;
            ddz = f ? null : doubles(dz);
            dzz = f ? null : doubles(z);
            frow = f ? new float[cols] : null;
            drow = f ? null : new double[cols];
        }

        /** For {@code reduce_sum_bp} / {@code reduce_mean_bp}(x, dz) of a total, or over one dimension of a rank-2 x, into a whole c-order z like x; else null. */
        static SumGradient of(Call c) {
            String name = c.fn().opName();
            if (c.in().length != 2 || !(name.equals("reduce_sum_bp") || name.equals("reduce_mean_bp"))) return null;
            INDArray x = c.in()[0], dz = c.in()[1], z = c.out()[0];
            boolean typed = (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && dz.dataType() == x.dataType();
            if (!typed || x.length() == 0 || !plainC(z, x) || !Arrays.equals(z.shape(), x.shape()) || !whole(dz)) return null;
            List<Long> dims = c.ctx().getIArguments();
            boolean mean = name.equals("reduce_mean_bp");
            if (dz.length() == 1 && (dims.isEmpty() || dims.size() == x.rank())) return new SumGradient(x, dz, z, -1, mean);
            if (x.rank() != 2 || dims.size() != 1) return null;
            int d = (int) (long) dims.get(0);
            if (d < 0) d += 2;
            if (d == 1 && dz.length() == x.rows()) return new SumGradient(x, dz, z, 1, mean);
            if (d == 0 && dz.length() == x.columns()) return new SumGradient(x, dz, z, 0, mean);
            return null;
        }

        @Override
        public void run() {
            if (fz != null) {
                if (dim == 0) {
                    for (int j = 0; j < cols; j++) frow[j] = mean ? fdz.get(j) / rows : fdz.get(j);
                }
                for (int i = 0; i < rows; i++) {
                    if (dim != 0) Arrays.fill(frow, mean ? fdz.get(dim < 0 ? 0 : i) / cols : fdz.get(dim < 0 ? 0 : i));
                    fz.put(i * cols, frow, 0, cols);
                }
            } else {
                if (dim == 0) {
                    for (int j = 0; j < cols; j++) drow[j] = mean ? ddz.get(j) / rows : ddz.get(j);
                }
                for (int i = 0; i < rows; i++) {
                    if (dim != 0) Arrays.fill(drow, mean ? ddz.get(dim < 0 ? 0 : i) / cols : ddz.get(dim < 0 ? 0 : i));
                    dzz.put(i * cols, drow, 0, cols);
                }
            }
        }

        @Override
        public Direct on(Call c) {
            return new SumGradient(c.in()[0], c.in()[1], c.out()[0], dim, mean);
        }

        @Override
        public String how() {
            return "in Java";
        }
    }

    /**
     * The gradient of a row maximum, {@code reduce_max_bp} over dimension 1 of an [R, C] x: z = 0 except
     * z[i, argmax_j x[i, j]] = dz[i]. The values are copies, so the bits are the same where the position is: libnd4j's
     * index reduction keeps the first of equal maxima and, like the strict comparison here, never moves to a NaN.
     */
    private static final class RowMaxGradient implements Direct {
        private final int rows, cols;
        private final java.nio.FloatBuffer fx, fdz, fz;
        private final java.nio.DoubleBuffer dx, ddz, dzz;
        private final float[] frow, fzero;
        private final double[] drow, dzero;

        private RowMaxGradient(INDArray x, INDArray dz, INDArray z) {
            this.rows = (int) x.rows();
            this.cols = (int) x.columns();
            boolean f = x.dataType() == DataType.FLOAT;
            fx = f ? floats(x) : null;
            fdz = f ? floats(dz) : null;
            fz = f ? floats(z) : null;
            dx = f ? null : doubles(x);
            ddz = f ? null : doubles(dz);
            dzz = f ? null : doubles(z);
            frow = f ? new float[cols] : null;
            fzero = f ? new float[cols] : null;
            drow = f ? null : new double[cols];
            dzero = f ? null : new double[cols];
        }

        /** For {@code reduce_max_bp(x, dz)} over dimension 1 of a whole c-order float or double [R, C] x into a whole z; else null. */
        static RowMaxGradient of(Call c) {
            if (!c.fn().opName().equals("reduce_max_bp") || c.in().length != 2) return null;
            INDArray x = c.in()[0], dz = c.in()[1], z = c.out()[0];
            List<Long> dims = c.ctx().getIArguments();
            boolean rowWise = dims.equals(List.of(1L)) || dims.equals(List.of(-1L));
            if (!rowWise || !plainMatrix(x) || x.columns() == 0 || dz.dataType() != x.dataType() || !plainC(z, x)
                    || !Arrays.equals(z.shape(), x.shape()) || !whole(dz) || dz.length() != x.rows()) {
                return null;
            }
            return new RowMaxGradient(x, dz, z);
        }

        @Override
        public void run() {
            for (int i = 0; i < rows; i++) {
                int at = i * cols, best = 0;
                if (fx != null) {
                    fx.get(at, frow, 0, cols);
                    float m = frow[0];
                    for (int j = 1; j < cols; j++) {
                        if (frow[j] > m) {
                            m = frow[j];
                            best = j;
                        }
                    }
                    fz.put(at, fzero, 0, cols);
                    fz.put(at + best, fdz.get(i));
                } else {
                    dx.get(at, drow, 0, cols);
                    double m = drow[0];
                    for (int j = 1; j < cols; j++) {
                        if (drow[j] > m) {
                            m = drow[j];
                            best = j;
                        }
                    }
                    dzz.put(at, dzero, 0, cols);
                    dzz.put(at + best, ddz.get(i));
                }
            }
        }

        @Override
        public Direct on(Call c) {
            return new RowMaxGradient(c.in()[0], c.in()[1], c.out()[0]);
        }

        @Override
        public String how() {
            return "row by row";
        }
    }

    private static java.nio.FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static java.nio.DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /**
     * {@code unstack} and {@code concat} of c-order arrays as memory copies. libnd4j's strided copy loops take
     * 0.35–0.45 ms to split a [256, 2, 784] float batch into its two views, a row-by-row memory copy 0.04 ms
     * (measured alone); the ops only move values, so the bits are the same. Only whole arrays of one data type
     * with c-order strides, and a constant axis; any other call is replayed as recorded.
     */
    private static List<Call> movesAsCopies(List<Call> calls) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            Direct copy = c.direct() == null ? blockCopies(c) : null;
            out.add(copy == null ? c : new Call(c.fn(), c.ctx(), c.in(), c.out(), copy));
        }
        return out;
    }

    /** The copies that do what {@code c} does, when it is an {@code unstack} or {@code concat} they can do; else null. */
    private static Direct blockCopies(Call c) {
        String name = c.fn().opName();
        if (!name.equals("unstack") && !name.equals("concat")) return null;
        if (c.ctx().getIArguments().isEmpty() || c.ctx().getBArguments().contains(true)) return null;
        INDArray first = c.in().length > 0 ? c.in()[0] : null;
        if (first == null || first.rank() == 0) return null;
        for (INDArray a : c.in()) if (!plainC(a, first)) return null;
        for (INDArray a : c.out()) if (!plainC(a, first)) return null;
        int rank = first.rank();
        int axis = (int) (long) c.ctx().getIArguments().get(0);
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return null;
        long width = first.dataType().width();
        List<BlockCopy> copies = new ArrayList<>();
        if (name.equals("unstack")) {
            if (c.in().length != 1 || c.out().length != first.size(axis)) return null;
            long inner = inner(first, axis), outer = first.length() / (first.size(axis) * inner);
            for (int t = 0; t < c.out().length; t++) {
                INDArray o = c.out()[t];
                if (o.length() != outer * inner) return null;
                copies.add(BlockCopy.of(first, o, width, outer, inner, first.size(axis) * inner, inner, t * inner, 0));
            }
        } else {
            if (c.out().length != 1) return null;
            INDArray z = c.out()[0];
            if (z.rank() != rank) return null;
            long inner = inner(z, axis), outer = z.length() / (z.size(axis) * inner), at = 0;
            for (INDArray x : c.in()) {
                if (x.rank() != rank || inner(x, axis) != inner || x.length() != outer * x.size(axis) * inner) return null;
                long block = x.size(axis) * inner;
                copies.add(BlockCopy.of(x, z, width, outer, block, block, z.size(axis) * inner, 0, at * inner));
                at += x.size(axis);
            }
            if (at != z.size(axis)) return null;
        }
        return new BlockCopies(copies);
    }

    /** An {@code unstack} or {@code concat} as memory copies. */
    private record BlockCopies(List<BlockCopy> copies) implements Direct {
        @Override
        public void run() {
            copies.forEach(BlockCopy::run);
        }

        @Override
        public Direct on(Call c) {
            return blockCopies(c);
        }

        @Override
        public String how() {
            return "copies";
        }
    }

    /**
     * {@code blocks} runs of {@code bytes} bytes from {@code from} to {@code to}, the k-th starting {@code fromStart +
     * k · fromStride} and {@code toStart + k · toStride} bytes in; one copy where the runs are back to back on both sides.
     */
    private record BlockCopy(java.nio.ByteBuffer from, java.nio.ByteBuffer to, long blocks, int bytes, long fromStride,
                             long toStride, long fromStart, long toStart) {
        /** In elements of {@code width} bytes: whole c-order arrays, so element offsets are buffer offsets. */
        static BlockCopy of(INDArray from, INDArray to, long width, long blocks, long block, long fromStride, long toStride,
                            long fromStart, long toStart) {
            return new BlockCopy(from.data().asNio(), to.data().asNio(), blocks, (int) (block * width), fromStride * width,
                    toStride * width, fromStart * width, toStart * width);
        }

        void run() {
            if (bytes == fromStride && bytes == toStride) {
                to.put((int) toStart, from, (int) fromStart, (int) (blocks * bytes));
                return;
            }
            for (long k = 0; k < blocks; k++) to.put((int) (toStart + k * toStride), from, (int) (fromStart + k * fromStride), bytes);
        }
    }

    /** A whole array in c order with c-order strides, of {@code like}'s data type, under 2 GB. */
    private static boolean plainC(INDArray a, INDArray like) {
        return whole(a) && a.ordering() == 'c' && a.dataType() == like.dataType() && !a.isEmpty()
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c')) && a.length() * a.dataType().width() < Integer.MAX_VALUE;
    }

    /** Elements after {@code axis}: the length of one block along it. */
    private static long inner(INDArray a, int axis) {
        long n = 1;
        for (int d = axis + 1; d < a.rank(); d++) n *= a.size(d);
        return n;
    }

    /** A custom op reading {@code in} and writing {@code z}, with its context. */
    private static Call custom(CustomOp op, INDArray z, INDArray... in) {
        OpContext m = Nd4j.getExecutioner().buildContext();
        m.setInputArrays(in);
        m.setOutputArrays(z);
        return new Call((DifferentialFunction) op, m, in, new INDArray[] {z});
    }

    /**
     * Broadcasts without their products. The model writes a row broadcast over the batch as ones · row ([B, 1] ·
     * [1, D]), a product whose gradient is a fast column sum, where libnd4j's gradient of a broadcast add is a slow
     * reduction (Norm.columnMean). Forward, that product costs ~100 µs on [256, 1024] for what a broadcast add
     * reads for free. Where every op that reads ones · row is an {@code add}, {@code subtract} or {@code multiply}
     * with a same-shape operand, it reads the row instead (libnd4j broadcasts it) and the product is not run: each
     * element is x ± 1·row[j] or x · (1·row[j]), the same value — the bits can differ only in the sign of a zero (a −0
     * in the row is +0 in the product), which no test or sum here can see. The ones must come from a {@code fill} with 1 in the same call.
     */
    private static List<Call> broadcastsAsRows(List<Call> calls, Set<DataBuffer> results) {
        Map<DataBuffer, Integer> writes = writeCounts(calls);
        Map<INDArray, List<Call>> readers = new IdentityHashMap<>();
        for (Call c : calls) for (INDArray in : c.in()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(c);
        Map<INDArray, INDArray> row = new IdentityHashMap<>();
        for (Map.Entry<INDArray, INDArray> e : onesProducts(calls).entrySet()) {
            INDArray t = e.getKey(), r = e.getValue();
            if (results.contains(root(t)) || writes.getOrDefault(root(t), 0) != 1 || writes.getOrDefault(root(r), 0) > 1) continue;
            boolean onlyAdds = true;
            for (Call reader : readers.getOrDefault(t, List.of())) {
                String name = reader.fn().opName();
                onlyAdds &= (name.equals("add") || name.equals("subtract") || name.equals("multiply")) && reader.in().length == 2
                        && (reader.in()[0] == t) != (reader.in()[1] == t)
                        && Arrays.equals((reader.in()[0] == t ? reader.in()[1] : reader.in()[0]).shape(), t.shape());
            }
            if (onlyAdds) row.put(t, r);
        }
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.out().length == 1 && row.containsKey(c.out()[0])) continue;
            out.add(withInputs(c, row));
        }
        return out;
    }

    /**
     * The products ones · row in {@code calls}, each [B, D] result with its row [1, D]: plain matmuls (no transposes,
     * α 1, β 0) of a [B, 1] column that a {@code fill} with 1 wrote in the same call, into a whole array.
     */
    private static Map<INDArray, INDArray> onesProducts(List<Call> calls) {
        Set<INDArray> ones = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<INDArray, INDArray> products = new IdentityHashMap<>();
        for (Call c : calls) {
            if (c.fn().opName().equals("fill") && c.out().length == 1 && c.ctx().getTArguments().equals(List.of(1.0))) ones.add(c.out()[0]);
            if (!(c.fn() instanceof Mmul) || c.in().length != 2 || c.out().length != 1 || !ones.contains(c.in()[0])) continue;
            INDArray t = c.out()[0], r = c.in()[1];
            boolean plain = c.ctx().getIArguments().stream().allMatch(v -> v == 0)
                    && (c.ctx().getTArguments().isEmpty() || c.ctx().getTArguments().equals(List.of(1.0, 0.0)));
            if (plain && c.in()[0].rank() == 2 && c.in()[0].columns() == 1 && r.rank() == 2 && r.rows() == 1 && t.rank() == 2
                    && t.dataType() == r.dataType() && whole(t)) {
                products.put(t, r);
            }
        }
        return products;
    }

    private static Map<DataBuffer, Integer> writeCounts(List<Call> calls) {
        Map<DataBuffer, Integer> writes = new IdentityHashMap<>();
        for (Call c : calls) for (INDArray o : c.out()) writes.merge(root(o), 1, Integer::sum);
        return writes;
    }

    /** Same shape, data type, order and strides. */
    private static boolean sameLayout(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && a.ordering() == b.ordering() && Arrays.equals(a.shape(), b.shape())
                && Arrays.equals(a.stride(), b.stride());
    }

    /** An array that is all of its buffer, not a view into a larger one. */
    private static boolean whole(INDArray a) {
        return a.data().originalDataBuffer() == null && a.offset() == 0 && a.length() == a.data().length();
    }

    /** {@code c} reading {@code alias.get(a)} wherever it read a mapped array {@code a}: a new context, same arguments. */
    private static Call withInputs(Call c, Map<INDArray, INDArray> alias) {
        INDArray[] in = mapped(c.in(), alias);
        if (in == null) return c;
        if (c.direct() != null) throw new IllegalStateException("a direct call reads the arrays it was made for");
        return withArrays(c, in, c.out());
    }

    /** {@code arrays} with each mapped array replaced by {@code alias.get(a)}; null when none is mapped. */
    private static INDArray[] mapped(INDArray[] arrays, Map<INDArray, INDArray> alias) {
        INDArray[] out = null;
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = alias.get(arrays[i]);
            if (a == null) continue;
            if (out == null) out = arrays.clone();
            out[i] = a;
        }
        return out;
    }

    /** {@code c}'s op and arguments on other arrays: a new context. */
    private static Call withArrays(Call c, INDArray[] in, INDArray[] out) {
        OpContext m = withArguments(c.ctx());
        m.setInputArrays(in);
        m.setOutputArrays(out);
        return new Call(c.fn(), m, in, out);
    }

    /**
     * The arrays a legacy (not custom) op holds in its own x/y/z fields, which libnd4j's executioner checks are not
     * freed even where it reads the context's arrays; none for a custom op.
     */
    private static INDArray[] legacyFields(Call c) {
        if (!(c.fn() instanceof Op op) || c.fn() instanceof CustomOp) return new INDArray[0];
        return java.util.stream.Stream.of(op.x(), op.y(), op.z()).filter(java.util.Objects::nonNull).toArray(INDArray[]::new);
    }

    /** A new context with {@code from}'s integer, float, boolean and data-type arguments, and no arrays yet. */
    private static OpContext withArguments(OpContext from) {
        OpContext m = Nd4j.getExecutioner().buildContext();
        m.setIArguments(from.getIArguments().stream().mapToLong(Long::longValue).toArray());
        m.setTArguments(from.getTArguments().stream().mapToDouble(Double::doubleValue).toArray());
        boolean[] b = new boolean[from.getBArguments().size()];
        for (int i = 0; i < b.length; i++) b[i] = from.getBArguments().get(i);
        m.setBArguments(b);
        if (!from.getDArguments().isEmpty()) m.setDArguments(from.getDArguments().toArray(new DataType[0]));
        return m;
    }

    /** A legacy (non-custom) op from x into z, with its context. */
    private static Call legacy(Op op, INDArray x, INDArray z) {
        OpContext m = Nd4j.getExecutioner().buildContext();
        m.setInputArrays(x);
        m.setOutputArrays(z);
        return new Call((DifferentialFunction) op, m, new INDArray[] {x}, new INDArray[] {z});
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

    /**
     * This plan with op outputs that are never alive at the same time on the same memory. The arena keeps one array
     * per op output for the whole call, forward activations and backward temporaries alike — 180 MB for the reference
     * MLP's VICReg step, most of it arrays read once, soon after they are written. Here an array is alive from the op
     * that first writes it to the last op that reads it; an array whose life starts after another's (of the same
     * data type and length) has ended takes that array's memory, and its own goes back ({@code arena} frees it and
     * never hands it out again). The ops run in the same order on the same values, so the bits are the session's.
     * Only memory the arena handed out, all of it whole arrays (no views), first written before it is read, and no
     * result, feed or variable: results must hold until the next call, the rest outlives it.
     */
    StepPlan withSharedMemory(StepArena arena) {
        Set<DataBuffer> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray a : outputs.values()) excluded.add(root(a));
        for (INDArray a : gradients.values()) excluded.add(root(a));
        for (INDArray a : feeds.values()) excluded.add(root(a));
        for (List<INDArray> ext : external) for (INDArray a : ext) excluded.add(root(a));
        Map<DataBuffer, Integer> first = new IdentityHashMap<>(), last = new IdentityHashMap<>();
        Map<DataBuffer, Set<INDArray>> on = new IdentityHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            for (INDArray a : c.in()) {
                DataBuffer r = root(a);
                if (!first.containsKey(r)) excluded.add(r);   // read before any op of the call writes it: it carries a value in
                last.put(r, i);
                on.computeIfAbsent(r, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(a);
            }
            for (INDArray a : c.out()) {
                DataBuffer r = root(a);
                first.putIfAbsent(r, i);
                last.put(r, i);
                on.computeIfAbsent(r, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(a);
            }
        }
        // A legacy op also holds its arrays in its own fields, which libnd4j's executioner checks are not freed: they
        // move with the rest.
        for (Call c : calls) for (INDArray a : legacyFields(c)) if (on.containsKey(root(a))) on.get(root(a)).add(a);
        List<DataBuffer> candidates = new ArrayList<>();
        for (DataBuffer r : first.keySet()) {
            if (excluded.contains(r) || !arena.handedOut(r)) continue;
            boolean whole = true;
            for (INDArray a : on.get(r)) whole &= whole(a);
            if (whole) candidates.add(r);
        }
        candidates.sort(java.util.Comparator.comparingInt(first::get));
        // First fit: each array takes the memory of an earlier one of its type and length whose last reader ran before
        // its first writer (strictly: an op never reads and writes the same memory through two arrays).
        Map<String, List<DataBuffer>> hosts = new java.util.HashMap<>();
        Map<DataBuffer, Integer> busyUntil = new IdentityHashMap<>();
        Map<DataBuffer, DataBuffer> host = new IdentityHashMap<>();
        for (DataBuffer r : candidates) {
            List<DataBuffer> same = hosts.computeIfAbsent(r.dataType() + " " + r.length(), k -> new ArrayList<>());
            DataBuffer h = null;
            for (DataBuffer x : same) {
                if (busyUntil.get(x) < first.get(r)) {
                    h = x;
                    break;
                }
            }
            if (h == null) {
                same.add(r);
                h = r;
            } else {
                host.put(r, h);
            }
            busyUntil.put(h, last.get(r));
        }
        Map<INDArray, INDArray> moved = new IdentityHashMap<>();
        for (Map.Entry<DataBuffer, DataBuffer> e : host.entrySet()) {
            for (INDArray a : on.get(e.getKey())) moved.put(a, Nd4j.create(e.getValue(), a.shape(), a.stride(), 0, a.ordering()));
        }
        List<Call> shared = new ArrayList<>();
        for (Call c : calls) {
            INDArray[] in = mapped(c.in(), moved), out = mapped(c.out(), moved);
            if (in == null && out == null) {
                shared.add(c);
                continue;
            }
            Call n = withArrays(c, in == null ? c.in() : in, out == null ? c.out() : out);
            // A direct call was made for the old arrays.
            shared.add(c.direct() == null ? n : new Call(n.fn(), n.ctx(), n.in(), n.out(), c.direct().on(n)));
        }
        for (Call c : calls) {
            if (legacyFields(c).length == 0) continue;   // (a field may move where the context's arrays did not)
            Op op = (Op) c.fn();
            if (op.x() != null && moved.containsKey(op.x())) op.setX(moved.get(op.x()));
            if (op.y() != null && moved.containsKey(op.y())) op.setY(moved.get(op.y()));
            if (op.z() != null && moved.containsKey(op.z())) op.setZ(moved.get(op.z()));
        }
        // The guests' own memory goes back, and so does every array of the arena that no replayed op touches (outputs
        // of the ops the replay leaves out): a call through the session would take fresh ones.
        Set<DataBuffer> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(on.keySet());
        keep.addAll(excluded);
        keep.removeAll(host.keySet());
        // A legacy op's fields may still hold an array its context no longer reads (an earlier pass made it read
        // another): that memory stays, or the executioner's check would fail.
        for (Call c : shared) for (INDArray a : legacyFields(c)) if (!host.containsKey(root(a))) keep.add(root(a));
        for (DataBuffer r : arena.handedOutBuffers()) if (!keep.contains(r)) arena.free(r);
        return new StepPlan(shared, external, feeds, outputNames, wrtNames, outputs, gradients, recorded);
    }

    /** Bytes of the memory the replayed ops write, results included, each buffer once. */
    long opBytes() {
        Set<DataBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        for (Call c : calls) for (INDArray a : c.out()) if (seen.add(root(a))) bytes += root(a).length() * root(a).getElementSize();
        return bytes;
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
        run(next, null);
    }

    /**
     * As {@link #run(Map)}, and when {@code timer} is not null it is told each op's wall time in ns, keyed by the op's
     * name and its input shapes ("matmul [256, 784] [784, 1024]"), and the feeds' copy as "(feeds)".
     */
    void run(Map<String, INDArray> next, ObjLongConsumer<String> timer) {
        long t = timer == null ? 0 : System.nanoTime();
        for (Map.Entry<String, INDArray> e : next.entrySet()) {
            INDArray r = feeds.get(e.getKey());
            if (r != e.getValue()) r.assign(e.getValue());
        }
        if (timer != null) timer.accept("(feeds)", System.nanoTime() - t);
        for (Call c : calls) {
            if (timer != null) t = System.nanoTime();
            if (c.direct() != null) c.direct().run();
            else if (c.fn() instanceof CustomOp op) Nd4j.getExecutioner().exec(op, c.ctx());
            else Nd4j.getExecutioner().exec((Op) c.fn(), c.ctx());
            if (timer != null) timer.accept(key(c), System.nanoTime() - t);
        }
    }

    private static String key(Call c) {
        StringBuilder k = new StringBuilder(c.fn().opName());
        for (INDArray in : c.in()) k.append(' ').append(Arrays.toString(in.shape()));
        return c.direct() == null ? k.toString() : k.append(" (").append(c.direct().how()).append(')').toString();
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

    /** Ops the session ran in the recorded call; {@code recorded() - size()} were not needed, or only copied. */
    int recorded() {
        return recorded;
    }

    /** The names of the ops replayed, in order. */
    List<String> ops() {
        List<String> names = new ArrayList<>();
        for (Call c : calls) {
            names.add(c.direct() == null ? c.fn().opName() : c.fn().opName() + " (" + c.direct().how() + ")");
        }
        return names;
    }
}
