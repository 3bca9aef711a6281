package org.jepa.workbench.train;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One parameter's Adam step, bit for bit ND4J's {@code adam_updater} followed by the trainer's decay and subtraction,
 * computed on the Java heap. libnd4j's kernel runs one scalar square root and division per element and cannot be
 * vectorised (its outputs may alias its inputs): 3.3–3.9 ms per million floats on the 2-core bench machine, where
 * the same arithmetic in a plain Java loop, which the JIT turns into vector instructions, takes ~0.3 ms, and copying
 * the gradient and the parameter in and out another ~0.3 ms (bench/README). The moments live here between steps;
 * {@link #store} writes them into ND4J's state array (m then v, as {@code org.nd4j.linalg.learning.AdamUpdater}
 * lays them out) for a checkpoint and {@link #load} reads them back.
 *
 * <p>Same bits: Java's float arithmetic is IEEE single precision without fused multiply-adds, the square root is
 * correctly rounded in both, and every product and sum is taken in libnd4j's order:
 * <pre>
 *   m ← β1·m + g·(1 − β1)        v ← β2·v + g·g·(1 − β2)
 *   p ← p·d − (m·α_t) / (√v + ε)   with α_t = lr·√(1 − β2^t) / (1 − β1^t), t = iteration + 1, d the decay factor
 * </pre>
 * {@code AdamKernelTest} compares against ND4J's op over thousands of iterations. Package-private: the trainer's.
 */
final class AdamKernel {
    private final INDArray state;
    private final int n;
    private final float[] m, v, g, p;

    /** For a parameter of {@code n} elements and its ND4J state array of 2n (m, then v), {@link #dense}. */
    AdamKernel(INDArray state, long n) {
        if (!dense(state) || state.length() != 2 * n) throw new IllegalArgumentException("Adam state of " + state.length()
                + " floats for a parameter of " + n + ": expected a dense float array of " + 2 * n);
        this.state = state;
        this.n = Math.toIntExact(n);
        m = new float[this.n];
        v = new float[this.n];
        g = new float[this.n];
        p = new float[this.n];
        load();
    }

    /** Whether an array can be read and written in place: float, row-major, dense, from the start of its buffer. */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0
                && a.data().length() == a.length() && a.length() <= Integer.MAX_VALUE - 8;
    }

    /**
     * α_t of libnd4j's Adam in single precision: β^t by the same power function (ND4J's {@code Pow} on a float), the
     * rest in its order and types; ε when that is not finite or zero.
     */
    static float stepSize(double lr, double beta1, double beta2, double epsilon, int iteration) {
        float t = (float) iteration + 1;
        float b1t = Nd4j.exec(new Pow(Nd4j.scalar((float) beta1), t)).getFloat(0);
        float b2t = Nd4j.exec(new Pow(Nd4j.scalar((float) beta2), t)).getFloat(0);
        float root = (float) Math.sqrt((float) (1.0 - b2t));
        float a = (float) ((double) ((float) lr * root) / (1.0 - b1t));
        return Float.isNaN(a) || a == 0 || Float.isInfinite(a) ? (float) epsilon : a;
    }

    /**
     * One step on {@code param} ({@link #dense}, updated in place) from {@code grad} (read only; copied when not dense).
     *
     * @param stepSize α_t from {@link #stepSize}
     * @param decay    the factor the weights are multiplied by first (1 for none; 1 − lr·wd for AdamW)
     */
    void apply(INDArray param, INDArray grad, float stepSize, double beta1, double beta2, double epsilon, double decay) {
        INDArray gr = dense(grad) ? grad : grad.castTo(DataType.FLOAT).dup('c');
        FloatBuffer gb = gr.data().asNioFloat(), pb = param.data().asNioFloat();
        gb.get(0, g, 0, n);
        pb.get(0, p, 0, n);
        float b1 = (float) beta1, b2 = (float) beta2, c1 = 1f - b1, c2 = 1f - b2, eps = (float) epsilon;
        step(b1, b2, c1, c2, stepSize, eps, (float) decay);
        pb.put(0, p, 0, n);
    }

    // A plain counted loop, which the JIT vectorises. Without decay d is 1, and p·1 is p exactly, as when the trainer
    // skips the multiplication.
    private void step(float b1, float b2, float c1, float c2, float a, float eps, float d) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + gi * c1;
            float vi = b2 * v[i] + gi * gi * c2;
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] * d - (mi * a) / ((float) Math.sqrt(vi) + eps);
        }
    }

    /** Writes the moments into the ND4J state array (before it is saved). */
    void store() {
        FloatBuffer s = state.data().asNioFloat();
        s.put(0, m, 0, n);
        s.put(n, v, 0, n);
    }

    /** Reads the moments from the ND4J state array (after it was restored). */
    void load() {
        FloatBuffer s = state.data().asNioFloat();
        s.get(0, m, 0, n);
        s.get(n, v, 0, n);
    }
}
