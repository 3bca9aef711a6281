package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** The heap Adam step against ND4J's updater and the trainer's decay and subtraction, bit for bit. */
class AdamKernelTest {

    /**
     * Both sides start from the same weights and take the same gradients: iterations 0–60, then far on (the bias
     * corrections vanish), with gradients of magnitudes from 1e-30 to 1e3 and exact zeros; plain Adam and AdamW's
     * decay. Weights and both moments must agree in every bit after every step.
     */
    @Test
    void matchesNd4jsAdamBitForBit() {
        for (double wd : new double[] {0, 0.05}) {
            Nd4j.getRandom().setSeed(11);
            double lr = 3e-3;
            INDArray reference = Nd4j.randn(DataType.FLOAT, 37, 29);
            INDArray mine = reference.dup();
            Adam cfg = new Adam(lr);
            INDArray refState = Nd4j.zeros(DataType.FLOAT, 1, cfg.stateSize(reference.length()));
            INDArray myState = refState.dup();
            GradientUpdater<?> nd4j = cfg.instantiate(refState, true);
            AdamKernel kernel = new AdamKernel(myState, mine.length());
            int[] iterations = java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, 61),
                    java.util.stream.IntStream.of(999, 1000, 4095, 20000, 123456)).toArray();
            for (int k = 0; k < iterations.length; k++) {
                int it = iterations[k];
                INDArray g = Nd4j.randn(DataType.FLOAT, 37, 29).muli(Math.pow(10, 3 - (k % 34)));
                if (k % 5 == 2) g.getRow(3).assign(0);
                INDArray gRef = g.dup();
                nd4j.applyUpdater(gRef, it, 0);
                if (wd > 0) reference.muli(1 - lr * wd);
                reference.subi(gRef);
                kernel.apply(mine, g, AdamKernel.stepSize(lr, cfg.getBeta1(), cfg.getBeta2(), cfg.getEpsilon(), it),
                        cfg.getBeta1(), cfg.getBeta2(), cfg.getEpsilon(), wd > 0 ? 1 - lr * wd : 1.0);
                assertArrayEquals(reference.data().asInt(), mine.data().asInt(), "weights after iteration " + it + ", wd " + wd);
                kernel.store();
                assertArrayEquals(refState.data().asInt(), myState.data().asInt(), "moments after iteration " + it + ", wd " + wd);
            }
        }
    }

    /** A checkpoint's moments come back: store, overwrite the kernel's copy through load, step on both. */
    @Test
    void momentsSurviveStoreAndLoad() {
        Nd4j.getRandom().setSeed(5);
        INDArray w1 = Nd4j.randn(DataType.FLOAT, 8, 4), w2 = w1.dup();
        INDArray s1 = Nd4j.zeros(DataType.FLOAT, 1, 64), s2 = Nd4j.zeros(DataType.FLOAT, 1, 64);
        AdamKernel a = new AdamKernel(s1, 32), b = new AdamKernel(s2, 32);
        INDArray g = Nd4j.randn(DataType.FLOAT, 8, 4);
        a.apply(w1, g, AdamKernel.stepSize(1e-3, 0.9, 0.999, 1e-8, 0), 0.9, 0.999, 1e-8, 1.0);
        a.store();
        s2.assign(s1);
        w2.assign(w1);
        b.load();
        float size = AdamKernel.stepSize(1e-3, 0.9, 0.999, 1e-8, 1);
        a.apply(w1, g, size, 0.9, 0.999, 1e-8, 1.0);
        b.apply(w2, g, size, 0.9, 0.999, 1e-8, 1.0);
        assertArrayEquals(w1.data().asInt(), w2.data().asInt());
    }

    @Test
    void onlyDenseFloatArraysAreUpdatedInPlace() {
        assertTrue(AdamKernel.dense(Nd4j.zeros(DataType.FLOAT, 3, 4)));
        assertFalse(AdamKernel.dense(Nd4j.zeros(DataType.DOUBLE, 3, 4)), "double");
        assertFalse(AdamKernel.dense(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f')), "column-major");
        assertFalse(AdamKernel.dense(Nd4j.zeros(DataType.FLOAT, 3, 4).getRow(1)), "a view into another array");
    }
}
