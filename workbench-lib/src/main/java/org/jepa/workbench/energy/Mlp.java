package org.jepa.workbench.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float64 multi-layer perceptron in SameDiff: tanh hidden layers (smooth, so energies have smooth
 * input gradients for Langevin sampling and System-2 inference), linear output. Weights are Xavier-uniform
 * from a seed. The parameter arrays are shared by every graph that uses this MLP (SameDiff keeps the
 * INDArray instance), so an update in one graph is seen by all.
 */
public final class Mlp {
    private final String prefix;
    private final int[] sizes;
    private final Map<String, INDArray> params = new LinkedHashMap<>();

    /**
     * @param prefix unique name prefix for the parameters
     * @param seed   initialisation seed
     * @param sizes  layer widths, input first, output last (at least 2 entries)
     */
    public Mlp(String prefix, long seed, int... sizes) {
        WorkbenchException.require(sizes.length >= 2, "Mlp needs at least input and output sizes");
        for (int s : sizes) WorkbenchException.require(s > 0, "Mlp layer sizes must be > 0");
        this.prefix = prefix;
        this.sizes = sizes.clone();
        Random r = new Random(seed);
        for (int l = 0; l + 1 < sizes.length; l++) {
            double a = Math.sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            double[][] w = new double[sizes[l]][sizes[l + 1]];
            for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] = a * (2 * r.nextDouble() - 1);
            params.put(prefix + "_w" + l, Nd4j.createFromArray(w));
            params.put(prefix + "_b" + l, Nd4j.zeros(DataType.DOUBLE, 1, sizes[l + 1]));
        }
    }

    /** Parameter name → array (live, shared). */
    public Map<String, INDArray> params() {
        return params;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Adds the MLP to {@code sd} applied to {@code in} [N, in]; returns [N, out]. */
    public SDVariable apply(SameDiff sd, SDVariable in) {
        SDVariable h = in;
        for (int l = 0; l + 1 < sizes.length; l++) {
            SDVariable w = Graphs.param(sd, prefix + "_w" + l, params);
            SDVariable b = Graphs.param(sd, prefix + "_b" + l, params);
            h = h.mmul(w).add(b);
            if (l + 2 < sizes.length) h = sd.math().tanh(h);
        }
        return h;
    }
}
