package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Activation;
import org.jepa.workbench.model.Parameters;
import org.jepa.workbench.model.QuietStdout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluation plumbing of the energy models: a float64 graph over a model's {@link Parameters} (so it sees
 * the live, trained weights) of named [N, d] inputs producing one per-row value [N]; evaluates it and its
 * gradient with respect to the inputs as plain doubles. The graph's loss is the SUM of the per-row values,
 * so the gradient of row i is ∂value_i/∂input_i.
 */
final class Graphs {
    private Graphs() {
    }

    /** The smooth MLP the energy models use: tanh hidden layers, linear output, Xavier-uniform, float64. */
    static Mlp tanhMlp(int... sizes) {
        long[] w = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) w[i] = sizes[i];
        return Mlp.of(w).activation(Activation.TANH).init(Mlp.Init.XAVIER_UNIFORM);
    }

    /** A float64 store with {@code mlp}'s arrays created under {@code prefix} from {@code seed}. */
    static Parameters storeFor(Mlp mlp, String prefix, long seed) {
        Parameters p = new Parameters(DataType.DOUBLE, seed);
        mlp.bind(new Graph(p), prefix, true);
        return p;
    }

    interface Body {
        /** Builds the per-row output [N] from the input variables (in the declared order). */
        SDVariable build(Graph g, List<SDVariable> inputs);
    }

    /** A compiled function of named inputs. */
    static final class Fn {
        final Graph g;
        final String[] names;
        final String out;
        private boolean gradFunctionBuilt;

        Fn(Parameters params, String[] names, int[] dims, Body body) {
            this.g = new Graph(params);
            this.names = names;
            List<SDVariable> in = new ArrayList<>();
            // Inputs are VARIABLEs whose arrays are swapped per call: in M2.1 gradients w.r.t. placeholders
            // are silently missing when the placeholder feeds e.g. cos/sin (measured), variables always work.
            for (int i = 0; i < names.length; i++) in.add(g.sd().var(names[i], Nd4j.zeros(DataType.DOUBLE, 1, dims[i])));
            SDVariable v = body.build(g, in);
            out = v.name();
            SDVariable loss = v.sum().rename("fn_sum");
            g.sd().setLossVariables(loss.name());
        }

        private Map<String, INDArray> feed(double[][]... inputs) {
            for (int i = 0; i < names.length; i++) g.sd().associateArrayWithVariable(Nd4j.createFromArray(inputs[i]), names[i]);
            return new HashMap<>();
        }

        double[] eval(double[][]... inputs) {
            return g.sd().output(feed(inputs), out).get(out).castTo(DataType.DOUBLE).toDoubleVector();
        }

        /** [N][out] matrix output (when the body returns [N, k]). */
        double[][] evalMatrix(double[][]... inputs) {
            INDArray a = g.sd().output(feed(inputs), out).get(out);
            if (a.rank() == 1) a = a.reshape(a.length(), 1);
            return a.toDoubleMatrix();
        }

        /** Gradients of the summed output w.r.t. the named inputs. */
        Map<String, double[][]> gradInputs(double[][][] inputs, String... wrt) {
            Map<String, INDArray> feeds = feed(inputs);
            // The first call builds SameDiff's gradient function, which prints one line per op.
            Map<String, INDArray> g0 = gradFunctionBuilt ? g.sd().calculateGradients(feeds, wrt)
                    : QuietStdout.run(() -> g.sd().calculateGradients(feeds, wrt));
            gradFunctionBuilt = true;
            Map<String, double[][]> r = new LinkedHashMap<>();
            for (String w : wrt) {
                INDArray a = g0.get(w);
                r.put(w, a.rank() == 1 ? a.reshape(a.length(), 1).toDoubleMatrix() : a.toDoubleMatrix());
            }
            return r;
        }
    }
}
