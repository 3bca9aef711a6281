package org.jepa.workbench.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One SameDiff graph over a {@link Parameters} store, plus what running it needs beyond the arrays:
 * which batch statistics feed which running statistics (batch norm), and which inputs are drawn fresh
 * at every training step (e.g. SIGReg's random directions). Modules, prediction costs and regularizers
 * build into a Graph; the trainer, the inference code and the planners run it.
 *
 * <p>A model builds several graphs over one store (training, inference, planning): they share the
 * weights, not the graph, because SameDiff graphs are static and each use has its own inputs.
 */
public final class Graph {
    private final SameDiff sd;
    private final Parameters params;
    private final List<String[]> bnStats = new ArrayList<>();
    private final Map<String, Function<Random, INDArray>> stepInputs = new LinkedHashMap<>();
    private final Map<String, SDVariable> derived = new java.util.HashMap<>();
    private boolean frozen;

    /** A new graph over {@code params}. */
    public Graph(Parameters params) {
        this(SameDiff.create(), params);
    }

    /**
     * A graph over {@code params} in which every parameter is a constant: the model is fixed, and only
     * variables the caller adds get gradients (a planner's action sequence). Every parameter it binds must
     * already exist: a frozen graph creates none.
     */
    public static Graph frozen(Parameters params) {
        Graph g = new Graph(params);
        g.frozen = true;
        return g;
    }

    /** A graph in {@code sd} over {@code params}. */
    public Graph(SameDiff sd, Parameters params) {
        WorkbenchException.require(sd != null && params != null, "Graph: SameDiff and parameters are required");
        this.sd = sd;
        this.params = params;
    }

    /** A graph in {@code sd} over a fresh store with initialisation seed {@code seed}. */
    public Graph(SameDiff sd, DataType dtype, long seed) {
        this(sd, new Parameters(dtype, seed));
    }

    public SameDiff sd() {
        return sd;
    }

    public Parameters parameters() {
        return params;
    }

    public DataType dtype() {
        return params.dtype();
    }

    /**
     * The parameter {@code name} as a variable of this graph. Created in the store from {@code init} the
     * first time any graph asks for it; later requests (this or another graph) bind the same array.
     * Trainable ones become SameDiff VARIABLEs (they get gradients); frozen ones become CONSTANTs whose
     * arrays are updated in place (EMA targets, running statistics).
     */
    public SDVariable param(String name, Supplier<INDArray> init, boolean trainable) {
        if (sd.hasVariable(name)) return sd.getVariable(name);
        if (frozen) {
            WorkbenchException.require(params.contains(name), "Graph: parameter '" + name + "' does not exist; a frozen graph"
                    + " binds the parameters of a model built before it and creates none");
            return sd.constant(name, params.get(name));
        }
        INDArray a = params.getOrCreate(name, init, trainable, null);
        return trainable ? sd.var(name, a) : sd.constant(name, a);
    }

    /** Records that running statistic {@code running} (a parameter name) tracks batch statistic {@code batch}. */
    public void trackRunningStat(String running, SDVariable batch) {
        bnStats.add(new String[] {running, batch.name()});
    }

    /** Pairs {running statistic parameter, batch statistic variable} of this graph. */
    public List<String[]> runningStats() {
        return Collections.unmodifiableList(bnStats);
    }

    /** Normal(0, std) array of {@code shape}, drawn from the store's seeded generator (call from an init supplier). */
    public INDArray normal(double std, long... shape) {
        Random rng = params.rng();
        double[] v = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian() * std;
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype());
    }

    /** Uniform(−a, a) array of {@code shape} from the store's generator (Xavier-uniform style inits). */
    public INDArray uniform(double a, long... shape) {
        Random rng = params.rng();
        double[] v = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) v[i] = a * (2 * rng.nextDouble() - 1);
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype());
    }

    public INDArray zeros(long... shape) {
        return Nd4j.zeros(dtype(), shape);
    }

    public INDArray ones(long... shape) {
        return Nd4j.ones(dtype(), shape);
    }

    /** A placeholder of the store's data type; -1 marks a size known only at run time (the batch). */
    public SDVariable input(String name, long... shape) {
        return sd.placeHolder(unique(name), dtype(), shape);
    }

    /**
     * An input drawn afresh at every training step by {@code draw} from the trainer's seeded generator
     * (SIGReg's random directions). The object that declares it keeps no state of its own, so it can be
     * added to any number of graphs.
     */
    public SDVariable stepInput(String name, long[] shape, Function<Random, INDArray> draw) {
        SDVariable v = input(name, shape);
        stepInputs.put(v.name(), draw);
        return v;
    }

    /** Values of every step input for one step, drawn in declaration order from {@code rng}. */
    public Map<String, INDArray> drawStepInputs(Random rng) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        stepInputs.forEach((k, f) -> {
            INDArray a = f.apply(rng);
            m.put(k, a.dataType() == dtype() ? a : a.castTo(dtype()));
        });
        return m;
    }

    /**
     * x [N, W] summed over its second dimension: [N], or [N, 1] with {@code keepDims}. M2.1's SameDiff throws a
     * NullPointerException when it sums a dimension of size 1 whose size it learns only at run time (an embedding
     * of width 1, a horizon of one step), so a width of 1 is a reshape instead.
     *
     * @param width W when it is known while the graph is built, else -1
     */
    public static SDVariable rowSums(SameDiff sd, SDVariable x, long width, boolean keepDims) {
        if (width == 1) return keepDims ? x : sd.reshape(x, -1);
        return x.sum(keepDims, 1);
    }

    /**
     * A quantity derived from {@code of}, built once per graph: parts that need the same statistic (the
     * centred batch, its variance) share one node instead of computing it twice, which also keeps their
     * gradients summed in one place.
     *
     * @param kind what is derived, e.g. {@code "centred"}
     */
    public SDVariable derived(String kind, SDVariable of, Supplier<SDVariable> make) {
        String key = kind + "\u0000" + of.name();
        SDVariable v = derived.get(key);
        if (v == null) {
            v = make.get();
            derived.put(key, v);
        }
        return v;
    }

    /** {@code base}, or base_1, base_2, … if the graph already has that name. */
    public String unique(String base) {
        String name = base;
        for (int i = 1; sd.hasVariable(name); i++) name = base + "_" + i;
        return name;
    }

    /** Renames {@code v} to a unique name based on {@code base}, so that graphs stay readable. */
    public SDVariable named(SDVariable v, String base) {
        return v.rename(unique(base));
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }
}
