package org.jepa.workbench.model;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Multi-layer perceptron: {@code Linear → [Norm] → act} for each hidden layer, then a final
 * {@code Linear} (no norm, no activation unless {@link #finalActivation}). Used as encoder, projector
 * (VICReg style: {@code Mlp.of(512, 2048, 2048).norm(Norm.BATCH)}) and predictor.
 *
 * <p>Initialisation: He normal (std √(2/in)) for layers followed by an activation, Xavier normal
 * (std √(2/(in+out))) for the final linear layer; biases zero. Immutable: the {@code with} methods
 * return copies.
 */
public final class Mlp implements Module {
    private final long[] widths;
    private final Norm norm;
    private final Activation act;
    private final boolean finalAct;

    private Mlp(long[] widths, Norm norm, Activation act, boolean finalAct) {
        WorkbenchException.require(widths.length >= 2,
                "Mlp needs at least an input and an output width, got " + Arrays.toString(widths));
        for (long w : widths) WorkbenchException.require(w > 0, "Mlp widths must be > 0, got " + Arrays.toString(widths));
        this.widths = widths.clone();
        this.norm = norm;
        this.act = act;
        this.finalAct = finalAct;
    }

    /** An MLP with these layer widths, input first, e.g. {@code Mlp.of(784, 1024, 256)}; ReLU, no norm. */
    public static Mlp of(long... widths) {
        return new Mlp(widths, Norm.NONE, Activation.RELU, false);
    }

    /** Same MLP with normalisation {@code n} after each hidden linear layer. */
    public Mlp norm(Norm n) {
        return new Mlp(widths, n, act, finalAct);
    }

    /** Same MLP with activation {@code a}. */
    public Mlp activation(Activation a) {
        return new Mlp(widths, norm, a, finalAct);
    }

    /** Same MLP, with (true) or without an activation after the last layer. */
    public Mlp finalActivation(boolean on) {
        return new Mlp(widths, norm, act, on);
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
        Bound[] norms = new Bound[n];
        for (int i = 0; i < n; i++) {
            long in = widths[i];
            long out = widths[i + 1];
            boolean last = i == n - 1;
            double std = last && !finalAct ? Math.sqrt(2.0 / (in + out)) : Math.sqrt(2.0 / in);
            w[i] = g.param(prefix + "/w" + i, g.normal(std, in, out), trainable);
            b[i] = g.param(prefix + "/b" + i, g.zeros(out), trainable);
            if (!last) norms[i] = Norm.bind(norm, g, prefix + "/norm" + i, out, trainable);
        }
        return (x, training) -> {
            SDVariable h = x;
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                h = h.mmul(w[i]).add(b[i]);
                if (!last) h = act.apply(g.sd(), norms[i].apply(h, training));
                else if (finalAct) h = act.apply(g.sd(), h);
            }
            return h;
        };
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(widths) + (norm == Norm.NONE ? "" : " " + norm) + " " + act;
    }
}
