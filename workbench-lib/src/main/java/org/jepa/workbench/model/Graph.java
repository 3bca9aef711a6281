package org.jepa.workbench.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph under construction plus the book-keeping the trainer needs: which arrays are
 * trainable parameters, which are frozen copies (EMA targets) and which batch-norm running statistics
 * must be updated from batch statistics after each step. Initialisation draws from one seeded
 * {@link Random}, so a seed fixes every initial weight.
 */
public final class Graph {
    private final SameDiff sd;
    private final DataType dtype;
    private final Random rng;
    private final Map<String, Boolean> params = new LinkedHashMap<>();
    private final List<String[]> bnStats = new ArrayList<>();

    public Graph(SameDiff sd, DataType dtype, long seed) {
        this.sd = sd;
        this.dtype = dtype;
        this.rng = new Random(seed);
    }

    public SameDiff sd() {
        return sd;
    }

    public DataType dtype() {
        return dtype;
    }

    public Random rng() {
        return rng;
    }

    /**
     * Declares a parameter. Trainable ones become SameDiff VARIABLEs (they get gradients); frozen ones
     * become CONSTANTs whose arrays the trainer overwrites in place (EMA targets, running statistics).
     */
    public SDVariable param(String name, INDArray init, boolean trainable) {
        WorkbenchException.require(!params.containsKey(name), "duplicate parameter name '" + name + "'");
        INDArray a = init.castTo(dtype);
        params.put(name, trainable);
        return trainable ? sd.var(name, a) : sd.constant(name, a);
    }

    /** Records that running statistic {@code running} should track batch statistic {@code batch}. */
    public void trackRunningStat(String running, String batch) {
        bnStats.add(new String[] {running, batch});
    }

    /** Parameter names in declaration order, → true if trainable. */
    public Map<String, Boolean> params() {
        return Collections.unmodifiableMap(params);
    }

    /** Trainable parameter names in declaration order. */
    public List<String> trainable() {
        List<String> r = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v) r.add(k);
        });
        return r;
    }

    /** Pairs {running stat constant, batch stat variable}. */
    public List<String[]> runningStats() {
        return Collections.unmodifiableList(bnStats);
    }

    /** Normal(0, std) array of {@code shape}, drawn from this graph's seeded generator. */
    public INDArray normal(double std, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian() * std;
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    public INDArray zeros(long... shape) {
        return Nd4j.zeros(dtype, shape);
    }

    public INDArray ones(long... shape) {
        return Nd4j.ones(dtype, shape);
    }
}
