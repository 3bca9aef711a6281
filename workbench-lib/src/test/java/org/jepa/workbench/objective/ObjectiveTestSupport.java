package org.jepa.workbench.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared test helpers: build an objective on constant inputs, evaluate its terms, gradient-check it. */
final class ObjectiveTestSupport {

    private ObjectiveTestSupport() {
    }

    static INDArray array(double[][] x, DataType dt) {
        return Nd4j.createFromArray(x).castTo(dt);
    }

    /** Term values of {@code obj} on za, zb (as VARIABLEs of dtype {@code dt}); feeds from stepFeeds. */
    static Map<String, Double> evaluate(Objective obj, double[][] za, double[][] zb, DataType dt, Map<String, INDArray> feeds) {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.var("za", array(za, dt));
        SDVariable b = sd.var("zb", array(zb, dt));
        Map<String, SDVariable> terms = obj.terms(new Graph(sd, dt, 0), a, b, za[0].length);
        List<String> names = terms.values().stream().map(SDVariable::name).toList();
        Map<String, INDArray> out = sd.output(feeds == null ? Map.of() : feeds, names.toArray(new String[0]));
        Map<String, Double> result = new LinkedHashMap<>();
        for (Map.Entry<String, SDVariable> e : terms.entrySet()) {
            INDArray v = out.get(e.getValue().name());
            if (v.length() != 1) throw new AssertionError("term " + e.getKey() + " is not a scalar: " + v.shapeInfoToString());
            if (v.dataType() != dt) throw new AssertionError("term " + e.getKey() + " has dtype " + v.dataType() + ", inputs " + dt);
            result.put(e.getKey(), v.getDouble(0));
        }
        return result;
    }

    static Map<String, Double> evaluate(Objective obj, double[][] za, double[][] zb) {
        return evaluate(obj, za, zb, DataType.DOUBLE, null);
    }

    static double total(Map<String, Double> terms) {
        return terms.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * GradCheckUtil in double precision with za, zb as VARIABLEs; loss = sum of terms. Returns whether
     * all entries passed (max relative error 1e-5 unless the absolute error is below 1e-8).
     */
    static boolean gradCheck(Objective obj, double[][] za, double[][] zb) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            SameDiff sd = SameDiff.create();
            SDVariable a = sd.var("za", array(za, DataType.DOUBLE));
            SDVariable b = sd.var("zb", array(zb, DataType.DOUBLE));
            Map<String, SDVariable> terms = obj.terms(new Graph(sd, DataType.DOUBLE, 0), a, b, za[0].length);
            SDVariable loss = null;
            for (SDVariable t : terms.values()) loss = loss == null ? t : loss.add(t);
            loss = loss.rename("loss");
            sd.setLossVariables("loss");
            return GradCheckUtil.checkGradients(sd, Map.of(), 1e-6, 1e-5, 1e-8, false, false);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /** B×D matrix of N(0, scale²) entries from a seeded generator. */
    static double[][] gaussian(long seed, int b, int d, double scale) {
        Random r = new Random(seed);
        double[][] x = new double[b][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = scale * r.nextGaussian();
        return x;
    }

    static double[][] plus(double[][] x, double[][] y, double s) {
        double[][] z = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[0].length; j++) z[i][j] = x[i][j] + s * y[i][j];
        return z;
    }
}
