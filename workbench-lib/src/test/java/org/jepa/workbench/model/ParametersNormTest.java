package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trainable norm (the trainer's divergence guard) against a sum in double, and its non-finite cases. */
class ParametersNormTest {

    @Test
    void trainableNormIsTheNormOfAllTrainableWeightsAsOneVector() {
        Parameters p = new Parameters(DataType.FLOAT, 1);
        Nd4j.getRandom().setSeed(2);
        INDArray w = p.getOrCreate("w", () -> Nd4j.randn(DataType.FLOAT, 1000, 1100).muli(0.05), true, null);
        INDArray b = p.getOrCreate("b", () -> Nd4j.randn(DataType.FLOAT, 1, 300).addi(1), true, null);
        p.getOrCreate("frozen", () -> Nd4j.ones(DataType.FLOAT, 10, 10).muli(100), false, null);
        double s = 0;
        for (INDArray a : new INDArray[] {w, b}) for (double x : a.data().asDouble()) s += x * x;
        double expected = Math.sqrt(s);
        double rel = Math.abs(p.trainableNorm() - expected) / expected;
        assertEquals(0, rel, 1e-5, "relative error " + rel + " against the sum in double (the frozen array is left out)");

        w.putScalar(123, 567, Float.NaN);
        assertFalse(Double.isFinite(p.trainableNorm()), "a NaN weight");
        w.putScalar(123, 567, 0f);
        b.putScalar(0, 7, Float.POSITIVE_INFINITY);
        assertFalse(Double.isFinite(p.trainableNorm()), "an infinite weight");
    }
}
