package org.jepa.workbench.model;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Multi-layer perceptron: {@code Linear → [Norm] → act} for each hidden layer, then a final
 * {@code Linear} (no norm, no activation unless {@link #finalActivation}). Used as encoder, projector
 * (VICReg style: {@code Mlp.of(512, 2048, 2048).norm(Norm.BATCH)}) and predictor.
 *
 * <p>Initialisation ({@link Init#DEFAULT}): He normal (std √(2/in)) for layers followed by an
 * activation, Xavier normal (std √(2/(in+out))) for the final linear layer; or {@link Init#XAVIER_UNIFORM}
 * (U(−a, a), a = √(6/(in+out)), every layer; smooth tanh energies use it). Biases zero. Immutable: the
 * builder-style methods return copies.
 */
public final class Mlp implements Module {
    private final long[] widths;
    private final Norm norm;
    private final Activation act;
    private final boolean finalAct;
    private final Init init;

    /** Weight initialisation schemes. */
    public enum Init {
        /** He normal before an activation, Xavier normal for a final linear layer. */
        DEFAULT,
        /** Xavier (Glorot) uniform on every layer. */
        XAVIER_UNIFORM
    }

    private Mlp(long[] widths, Norm norm, Activation act, boolean finalAct, Init init) {
        WorkbenchException.require(widths.length >= 2,
                "Mlp needs at least an input and an output width, got " + Arrays.toString(widths));
        for (long w : widths) WorkbenchException.require(w > 0, "Mlp widths must be > 0, got " + Arrays.toString(widths));
        this.widths = widths.clone();
        this.norm = norm;
        this.act = act;
        this.finalAct = finalAct;
        this.init = init;
    }

    /** An MLP with these layer widths, input first, e.g. {@code Mlp.of(784, 1024, 256)}; ReLU, no norm. */
    public static Mlp of(long... widths) {
        return new Mlp(widths, Norm.NONE, Activation.RELU, false, Init.DEFAULT);
    }

    /** Same MLP with normalisation {@code n} after each hidden linear layer. */
    public Mlp norm(Norm n) {
        return new Mlp(widths, n, act, finalAct, init);
    }

    /** Same MLP with activation {@code a}. */
    public Mlp activation(Activation a) {
        return new Mlp(widths, norm, a, finalAct, init);
    }

    /** Same MLP, with (true) or without an activation after the last layer. */
    public Mlp finalActivation(boolean on) {
        return new Mlp(widths, norm, act, on, init);
    }

    /** Same MLP with initialisation scheme {@code i}. */
    public Mlp init(Init i) {
        WorkbenchException.require(i != null, "Mlp.init: scheme is null");
        return new Mlp(widths, norm, act, finalAct, i);
    }

    /** Layer widths, input first. */
    public long[] widths() {
        return widths.clone();
    }

    @Override
    public long inputWidth() {
        return widths[0];
    }

    @Override
    public long outputWidth() {
        return widths[widths.length - 1];
    }

    @Override
    public Bound bind(Graph g, String prefix, boolean trainable) {
        int n = widths.length - 1;
        SDVariable[] w = new SDVariable[n];
        SDVariable[] b = new SDVariable[n];
        Norm.WithOnes[] norms = new Norm.WithOnes[n];
        for (int i = 0; i < n; i++) {
            long in = widths[i];
            long out = widths[i + 1];
            boolean last = i == n - 1;
            double std = last && !finalAct ? Math.sqrt(2.0 / (in + out)) : Math.sqrt(2.0 / in);
            double a = Math.sqrt(6.0 / (in + out));
            w[i] = g.param(prefix + "/w" + i,
                    () -> init == Init.XAVIER_UNIFORM ? g.uniform(a, in, out) : g.normal(std, in, out), trainable);
            b[i] = g.param(prefix + "/b" + i, () -> g.zeros(out), trainable);
            if (!last) norms[i] = Norm.bind(norm, g, prefix + "/norm" + i, out, trainable);
        }
        return (x, training) -> {
            SDVariable h = x;
            // With batch norm in training, the bias adds too are ones · b (Norm.columnMean: a fast gradient); one
            // column serves every layer of this application (each built its own before: 4 ops apiece).
            SDVariable ones = training && norm == Norm.BATCH ? Norm.onesColumn(g.sd(), x) : null;
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                h = h.mmul(w[i]);
                h = ones == null ? h.add(b[i]) : h.add(ones.mmul(b[i].reshape(1, -1)));
                if (!last) h = act.apply(g.sd(), norms[i].apply(h, ones, training), training);
                else if (finalAct) h = act.apply(g.sd(), h, training);
            }
            return h;
        };
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(widths) + (norm == Norm.NONE ? "" : " " + norm) + " " + act;
    }
}
