package org.jepa.workbench.energy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small SameDiff plumbing: a float64 graph of named [N, d] placeholder inputs producing one per-row
 * value [N]; evaluates it and its gradient with respect to inputs (and parameters) as plain doubles.
 * The graph's loss is the SUM of the per-row values, so the gradient of row i is ∂value_i/∂input_i.
 */
final class Graphs {
    private Graphs() {
    }

    /** The parameter as a variable of {@code sd}, created from the shared array on first use. */
    static SDVariable param(SameDiff sd, String name, Map<String, INDArray> params) {
        if (sd.hasVariable(name)) return sd.getVariable(name);
        return sd.var(name, params.get(name));
    }

    interface Body {
        /** Builds the per-row output [N] from the input variables (in the declared order). */
        SDVariable build(SameDiff sd, List<SDVariable> inputs);
    }

    /** A compiled function of named inputs. */
    static final class Fn {
        final SameDiff sd = SameDiff.create();
        final String[] names;
        final String out;

        Fn(String[] names, int[] dims, Body body) {
            this.names = names;
            java.util.ArrayList<SDVariable> in = new java.util.ArrayList<>();
            // Inputs are VARIABLEs whose arrays are swapped per call: in M2.1 gradients w.r.t. placeholders
            // are silently missing when the placeholder feeds e.g. cos/sin (measured), variables always work.
            for (int i = 0; i < names.length; i++) in.add(sd.var(names[i], Nd4j.zeros(DataType.DOUBLE, 1, dims[i])));
            SDVariable v = body.build(sd, in);
            out = v.name();
            SDVariable loss = v.sum().rename("fn_sum");
            sd.setLossVariables(loss.name());
        }

        private Map<String, INDArray> feed(double[][]... inputs) {
            for (int i = 0; i < names.length; i++) sd.associateArrayWithVariable(Nd4j.createFromArray(inputs[i]), names[i]);
            return new HashMap<>();
        }

        double[] eval(double[][]... inputs) {
            return sd.output(feed(inputs), out).get(out).castTo(DataType.DOUBLE).toDoubleVector();
        }

        /** [N][out] matrix output (when the body returns [N, k]). */
        double[][] evalMatrix(double[][]... inputs) {
            INDArray a = sd.output(feed(inputs), out).get(out);
            if (a.rank() == 1) a = a.reshape(a.length(), 1);
            return a.toDoubleMatrix();
        }

        /** Gradients of the summed output w.r.t. the named inputs/parameters. */
        Map<String, INDArray> grad(double[][][] inputs, String... wrt) {
            return sd.calculateGradients(feed(inputs), wrt);
        }

        Map<String, double[][]> gradInputs(double[][][] inputs, String... wrt) {
            Map<String, INDArray> g = grad(inputs, wrt);
            Map<String, double[][]> r = new LinkedHashMap<>();
            for (String w : wrt) {
                INDArray a = g.get(w);
                r.put(w, a.rank() == 1 ? a.reshape(a.length(), 1).toDoubleMatrix() : a.toDoubleMatrix());
            }
            return r;
        }
    }
}
