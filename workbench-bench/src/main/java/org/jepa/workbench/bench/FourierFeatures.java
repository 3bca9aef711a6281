package org.jepa.workbench.bench;

import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random Fourier features in front of an MLP (Tancik et al. 2020): x → mlp([x, sin(2π x B), cos(2π x B)]), with a
 * fixed B of N(0, σ²) entries, [in, features]; the rows of the last {@code actionWidth} inputs are zero, so only the
 * state gets frequencies. An experiment of {@link PositionPredictor} (can sharper input features let the predictor
 * fit the walls?), not a library part: measured, it did not (bench/README.md).
 */
record FourierFeatures(long in, long actionWidth, int features, double sigma, Mlp mlp) implements Module {
    FourierFeatures {
        if (mlp.inputWidth() != in + 2L * features) throw new IllegalArgumentException("the MLP must take " + (in + 2L * features) + " inputs");
    }

    @Override
    public long inputWidth() {
        return in;
    }

    @Override
    public long outputWidth() {
        return mlp.outputWidth();
    }

    @Override
    public Bound bind(Graph g, String prefix, boolean trainable) {
        SDVariable b = g.param(prefix + "/fourier", () -> stateOnly(g.normal(sigma * 2 * Math.PI, in, features)), false);
        Bound m = mlp.bind(g, prefix, trainable);
        return (x, training) -> {
            SDVariable p = x.mmul(b);
            return m.apply(g.sd().concat(1, x, g.sd().math.sin(p), g.sd().math.cos(p)), training);
        };
    }

    private INDArray stateOnly(INDArray b) {
        for (long r = in - actionWidth; r < in; r++) b.getRow(r).assign(0);
        return b;
    }
}
