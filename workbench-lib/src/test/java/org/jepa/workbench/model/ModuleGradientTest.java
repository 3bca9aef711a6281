package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.train.Synthetic;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Finite-difference gradient checks (double precision, input as a VARIABLE) of each module. */
class ModuleGradientTest {
    private static DataType saved;
    private static DataType savedFp;

    @org.junit.jupiter.api.BeforeAll
    static void doubles() {
        // GradCheckUtil insists on double as the global default type.
        saved = org.nd4j.linalg.factory.Nd4j.dataType();
        savedFp = org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType();
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(saved, savedFp);
    }

    private static boolean check(Module m, long batch, long seed) {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, seed);
        Module.Bound b = m.bind(g, "m", true);
        SDVariable x = sd.var("x", Synthetic.randn(seed + 1, DataType.DOUBLE, batch, m.inputWidth()));
        SDVariable y = b.apply(x, true);
        // Weighted sum of squares so the gradient is not symmetric across outputs.
        return weightedSquaresCheck(sd, y, seed + 2, batch, m.outputWidth());
    }

    /** Gradient check of a weighted sum of squares of {@code y} [rows, cols], the weights drawn from {@code seed}. */
    private static boolean weightedSquaresCheck(SameDiff sd, SDVariable y, long seed, long rows, long cols) {
        sd.setLossVariables(y.mul(y).mul(sd.constant("w", Synthetic.randn(seed, DataType.DOUBLE, rows, cols))).sum().name());
        return GradCheckUtil.checkGradients(sd, Map.of(), 1e-6, 1e-5, 1e-8, false, false);
    }

    /** Gradient check of predictor {@code p} in a fresh graph on 5 random rows (and random actions when it takes them). */
    private static boolean predictorCheck(Predictor p, long seed) {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, seed);
        Predictor.Bound b = p.bind(g, "p", true);
        SDVariable a = p.actionWidth() == 0 ? null : sd.var("a", Synthetic.randn(seed + 2, DataType.DOUBLE, 5, p.actionWidth()));
        SDVariable y = b.apply(sd.var("z", Synthetic.randn(seed + 1, DataType.DOUBLE, 5, p.width())), a, true);
        return weightedSquaresCheck(sd, y, seed + 3, 5, p.width());
    }

    @Test
    void mlpPlain() {
        assertTrue(check(Mlp.of(5, 7, 3), 4, 1));
    }

    @Test
    void mlpBatchNormRelu() {
        assertTrue(check(Mlp.of(5, 6, 6, 3).norm(Norm.BATCH), 5, 2));
    }

    @Test
    void mlpLayerNormGelu() {
        assertTrue(check(Mlp.of(4, 6, 3).norm(Norm.LAYER).activation(Activation.GELU).finalActivation(true), 3, 3));
    }

    @Test
    void perFrameWithBatchNormAcrossFrames() {
        assertTrue(check(PerFrame.of(Mlp.of(4, 5, 2).norm(Norm.BATCH), 3), 4, 5));
    }

    @Test
    void convNet8x8() {
        assertTrue(check(ConvNet.of(1, 8, 8, 4).filters(2, 3), 3, 4));
    }

    @Test
    void convNetThenBatchNormMlp() {
        assertTrue(check(ConvNet.of(2, 8, 8, 5).filters(2, 3).then(Mlp.of(5, 6, 3).norm(Norm.BATCH)), 4, 6));
    }

    @Test
    void thenIsTheSecondModuleOnTheFirstsOutput() {
        // two linear maps: y = (x·W0 + b0)·W1 + b1, by hand from the arrays the chain created under /0 and /1
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 8);
        Module chain = Mlp.of(3, 2).then(Mlp.of(2, 2));
        org.junit.jupiter.api.Assertions.assertEquals(3, chain.inputWidth());
        org.junit.jupiter.api.Assertions.assertEquals(2, chain.outputWidth());
        Module.Bound b = chain.bind(g, "c", true);
        INDArray x = Synthetic.randn(9, DataType.DOUBLE, 4, 3);
        INDArray w0 = g.parameters().get("c/0/w0"), w1 = g.parameters().get("c/1/w0");
        g.parameters().get("c/0/b0").assign(0.5);
        g.parameters().get("c/1/b0").assign(-0.25);
        INDArray out = b.apply(sd.var("x", x), true).eval();
        INDArray expected = x.mmul(w0).addi(0.5).mmul(w1).addi(-0.25);
        assertArrayEquals(expected.data().asDouble(), out.data().asDouble(), 1e-12);
        // widths that do not meet are refused with both parts named
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Mlp.of(3, 2).then(Mlp.of(4, 2)));
        assertTrue(e.getMessage().contains("outputs 2") && e.getMessage().contains("takes 4"), e.getMessage());
    }

    @Test
    void batchNormInferenceUsesRunningStats() {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 5);
        Module.Bound b = Mlp.of(3, 4, 2).norm(Norm.BATCH).bind(g, "m", true);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable yi = b.apply(x, false);
        INDArray in = Synthetic.randn(9, DataType.DOUBLE, 6, 3);
        // Inference output of row 0 must not depend on the other rows of the batch.
        INDArray all = sd.output(Map.of("x", in), yi.name()).get(yi.name());
        INDArray one = sd.output(Map.of("x", in.getRows(0)), yi.name()).get(yi.name());
        assertArrayEquals(all.getRow(0).toDoubleVector(), one.getRow(0).toDoubleVector(), 1e-12);
    }

    @Test
    void gatedPredictorIsTheHandComputedGatedStepAndPassesTheGradientCheck() {
        // D = 3, A = 2, a linear module [z, a] (5) -> [u, g] (6): ẑ = z + u ⊙ σ(g)
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 7);
        Predictor p = Predictor.gated(Mlp.of(3 + 2, 6), 2);
        org.junit.jupiter.api.Assertions.assertEquals(3, p.width());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0 = Synthetic.randn(8, DataType.DOUBLE, 4, 3), a0 = Synthetic.randn(9, DataType.DOUBLE, 4, 2);
        SDVariable z = sd.var("z", z0), a = sd.var("a", a0);
        SDVariable y = b.apply(z, a, true);
        INDArray w = g.parameters().get("p/w0"), bias = g.parameters().get("p/b0");
        bias.assign(Synthetic.randn(10, DataType.DOUBLE, bias.shape()));
        INDArray out = y.eval();
        for (int i = 0; i < 4; i++) {
            double[] in = {z0.getDouble(i, 0), z0.getDouble(i, 1), z0.getDouble(i, 2), a0.getDouble(i, 0), a0.getDouble(i, 1)};
            for (int d = 0; d < 3; d++) {
                double u = bias.getDouble(d), gate = bias.getDouble(3 + d);
                for (int k = 0; k < 5; k++) {
                    u += in[k] * w.getDouble(k, d);
                    gate += in[k] * w.getDouble(k, 3 + d);
                }
                double expected = in[d] + u / (1 + Math.exp(-gate));
                org.junit.jupiter.api.Assertions.assertEquals(expected, out.getDouble(i, d), 1e-12);
            }
        }
        assertTrue(weightedSquaresCheck(sd, y, 11, 4, 3));
        // a deeper gated predictor through ReLU and batch norm, as the world model builds it
        assertTrue(predictorCheck(Predictor.gated(Mlp.of(3 + 2, 6, 6).norm(Norm.BATCH), 2), 12));
    }

    @Test
    void controlAffinePredictorIsTheHandComputedStepAndPassesTheGradientCheck() {
        // D = 3, A = 2, a linear module z (3) -> [f, G1, G2] (9): ẑ = z + f + G1 a1 + G2 a2
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 41);
        Predictor p = Predictor.controlAffine(Mlp.of(3, 9), 2);
        org.junit.jupiter.api.Assertions.assertEquals(3, p.width());
        org.junit.jupiter.api.Assertions.assertEquals(2, p.actionWidth());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0 = Synthetic.randn(42, DataType.DOUBLE, 4, 3), a0 = Synthetic.randn(43, DataType.DOUBLE, 4, 2);
        SDVariable z = sd.var("z", z0), a = sd.var("a", a0);
        SDVariable y = b.apply(z, a, true);
        INDArray w = g.parameters().get("p/w0"), bias = g.parameters().get("p/b0");
        bias.assign(Synthetic.randn(44, DataType.DOUBLE, bias.shape()));
        INDArray out = y.eval();
        for (int i = 0; i < 4; i++) {
            double[] m = new double[9];
            for (int j = 0; j < 9; j++) {
                m[j] = bias.getDouble(j);
                for (int k = 0; k < 3; k++) m[j] += z0.getDouble(i, k) * w.getDouble(k, j);
            }
            for (int d = 0; d < 3; d++) {
                double expected = z0.getDouble(i, d) + m[d] + m[3 + d] * a0.getDouble(i, 0) + m[6 + d] * a0.getDouble(i, 1);
                org.junit.jupiter.api.Assertions.assertEquals(expected, out.getDouble(i, d), 1e-12);
            }
        }
        assertTrue(weightedSquaresCheck(sd, y, 45, 4, 3));
        // the world model's form: ReLU hidden layers
        assertTrue(predictorCheck(Predictor.controlAffine(Mlp.of(3, 6, 6, 9), 2), 46));
        // the module must output the drift and a column per action component, and the message says how many
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.controlAffine(Mlp.of(3, 6), 2)).getMessage().contains("= 9 values"));
        assertThrows(WorkbenchException.class, () -> Predictor.controlAffine(Mlp.of(3, 3), 0));
    }

    @Test
    void spatialPredictorIsTheHandComputedStepOnOneCellAndPassesTheGradientCheck() {
        // On a 1×1 map a 3×3 'same' convolution is its centre tap and the coordinates are 0, so the step is an MLP:
        // ẑ = z + W3·relu(W2·relu(W1·[z, a, 0, 0] + b1) + b2) + b3 with the centre taps as matrices.
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 51);
        Predictor p = Predictor.spatial(3, 1, 1, 2, 4);
        org.junit.jupiter.api.Assertions.assertEquals(3, p.width());
        org.junit.jupiter.api.Assertions.assertEquals(2, p.actionWidth());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0 = Synthetic.randn(52, DataType.DOUBLE, 4, 3), a0 = Synthetic.randn(53, DataType.DOUBLE, 4, 2);
        SDVariable y = b.apply(sd.var("z", z0), sd.var("a", a0), true);
        INDArray[] w = {g.parameters().get("p/conv1_w"), g.parameters().get("p/conv2_w"), g.parameters().get("p/conv3_w")};
        INDArray[] bias = {g.parameters().get("p/conv1_b"), g.parameters().get("p/conv2_b"), g.parameters().get("p/conv3_b")};
        for (int l = 0; l < 3; l++) bias[l].assign(Synthetic.randn(54 + l, DataType.DOUBLE, bias[l].shape()));
        w[2].muli(10);     // the last layer starts small; make its contribution visible
        INDArray out = y.eval();
        for (int i = 0; i < 4; i++) {
            double[] h = {z0.getDouble(i, 0), z0.getDouble(i, 1), z0.getDouble(i, 2), a0.getDouble(i, 0), a0.getDouble(i, 1), 0, 0};
            for (int l = 0; l < 3; l++) {
                int outC = (int) w[l].size(3);
                double[] next = new double[outC];
                for (int o = 0; o < outC; o++) {
                    double v = bias[l].getDouble(o);
                    for (int c = 0; c < h.length; c++) v += h[c] * w[l].getDouble(1, 1, c, o);
                    next[o] = l < 2 ? Math.max(0, v) : v;
                }
                h = next;
            }
            for (int d = 0; d < 3; d++)
                org.junit.jupiter.api.Assertions.assertEquals(z0.getDouble(i, d) + h[d], out.getDouble(i, d), 1e-12);
        }
        assertTrue(weightedSquaresCheck(sd, y, 58, 4, 3));
        // a real map: neighbours, the tiled action and the coordinate planes all take part
        assertTrue(predictorCheck(Predictor.spatial(2, 3, 4, 2, 3), 59));
        assertThrows(WorkbenchException.class, () -> Predictor.spatial(2, 3, 3, 0, 4));
    }

    @Test
    void convNetFeatureMapIsTheMapFlattenedAndPassesTheGradientCheck() {
        ConvNet map = ConvNet.featureMap(2, 8, 8, 3).filters(2, 3);
        org.junit.jupiter.api.Assertions.assertEquals(3 * 2 * 2, map.outputWidth());
        assertTrue(check(map, 3, 7));
        assertThrows(WorkbenchException.class, () -> ConvNet.featureMap(2, 10, 10, 3));
        assertThrows(WorkbenchException.class, () -> ConvNet.featureMap(2, 8, 8, 0));
    }

    /** PyTorch's GRUCell, by hand: input x [I], hidden h [M] (null: zeros), weights wx [I, 3M], wh [M, 3M]. */
    private static double[] gruCell(double[] x, double[] h, INDArray wx, INDArray wh, INDArray bx, INDArray bh) {
        int m = (int) wh.size(0);
        double[] gx = new double[3 * m], gh = new double[3 * m], out = new double[m];
        for (int j = 0; j < 3 * m; j++) {
            gx[j] = bx.getDouble(j);
            for (int i = 0; i < x.length; i++) gx[j] += x[i] * wx.getDouble(i, j);
            gh[j] = bh.getDouble(j);
            for (int i = 0; h != null && i < m; i++) gh[j] += h[i] * wh.getDouble(i, j);
        }
        for (int d = 0; d < m; d++) {
            double r = 1 / (1 + Math.exp(-(gx[d] + gh[d]))), u = 1 / (1 + Math.exp(-(gx[m + d] + gh[m + d])));
            double n = Math.tanh(gx[2 * m + d] + r * gh[2 * m + d]);
            out[d] = (1 - u) * n + u * (h == null ? 0 : h[d]);
        }
        return out;
    }

    @Test
    void recurrentPredictorIsTheHandComputedMemoryAndHeadAndPassesTheGradientCheck() {
        // D = 3, M = 2, no action: h0 = GRU(0, z0), h1 = GRU(h0, z1), ẑ2 = z1 + head([z1, h1])
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 41);
        Predictor p = Predictor.recurrent(Mlp.of(3 + 2, 4, 3), 2, 0);
        org.junit.jupiter.api.Assertions.assertEquals(3, p.width());
        org.junit.jupiter.api.Assertions.assertEquals(2, p.memoryWidth());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0v = Synthetic.randn(42, DataType.DOUBLE, 4, 3), z1v = Synthetic.randn(43, DataType.DOUBLE, 4, 3);
        SDVariable z0 = sd.var("z0", z0v), z1 = sd.var("z1", z1v);
        SDVariable h0 = b.remember(null, z0), h1 = b.remember(h0, z1);
        SDVariable y = b.apply(z1, h1, null, true);
        INDArray wx = g.parameters().get("p/memory/w_input"), wh = g.parameters().get("p/memory/w_hidden");
        INDArray bx = g.parameters().get("p/memory/b_input"), bh = g.parameters().get("p/memory/b_hidden");
        assertArrayEquals(new long[] {3, 6}, wx.shape());
        assertArrayEquals(new long[] {2, 6}, wh.shape());
        for (INDArray w : new INDArray[] {wx, wh, bx, bh})       // uniform in ±1/√M
            assertTrue(w.amaxNumber().doubleValue() <= 1 / Math.sqrt(2) && w.amaxNumber().doubleValue() > 0.3);
        INDArray h0out = h0.eval(), h1out = h1.eval();
        for (int i = 0; i < 4; i++) {
            double[] e0 = gruCell(z0v.getRow(i).toDoubleVector(), null, wx, wh, bx, bh);
            double[] e1 = gruCell(z1v.getRow(i).toDoubleVector(), e0, wx, wh, bx, bh);
            assertArrayEquals(e0, h0out.getRow(i).toDoubleVector(), 1e-12, "the first memory, from h = 0");
            assertArrayEquals(e1, h1out.getRow(i).toDoubleVector(), 1e-12, "the memory after two latents");
        }
        // the head is the MLP of [z, h] under p/head, added to z
        Module.Bound head = Mlp.of(3 + 2, 4, 3).bind(g, "p/head", true);
        INDArray expected = z1v.add(head.apply(sd.concat(1, z1, h1), true).eval());
        assertArrayEquals(expected.data().asDouble(), y.eval().data().asDouble(), 1e-12);
        // the gradient reaches the first latent through the memory, and is right
        assertTrue(weightedSquaresCheck(sd, y, 44, 4, 3));
        // a recurrent predictor is only run with its memory, and says where
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> b.apply(z1, null, true));
        assertTrue(e.getMessage().contains("unroll"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> Predictor.recurrent(Mlp.of(5, 4, 3), 0, 0));
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.recurrent(Mlp.of(4, 4, 3), 2, 0)).getMessage().contains("= 5"));
        // a predictor without memory has none to give
        assertThrows(WorkbenchException.class, () -> Predictor.residual(Mlp.of(3, 4, 3), 0).bind(g, "q", true).remember(null, z0));
    }

    @Test
    void gruPredictorIsTheHandComputedGruStepAndPassesTheGradientCheck() {
        // D = 3, A = 2: PyTorch's GRUCell with the latent as its hidden state
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 31);
        Predictor p = Predictor.gru(3, 2);
        org.junit.jupiter.api.Assertions.assertEquals(3, p.width());
        org.junit.jupiter.api.Assertions.assertEquals(2, p.actionWidth());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0 = Synthetic.randn(32, DataType.DOUBLE, 4, 3), a0 = Synthetic.randn(33, DataType.DOUBLE, 4, 2);
        SDVariable z = sd.var("z", z0), a = sd.var("a", a0);
        SDVariable y = b.apply(z, a, true);
        INDArray wx = g.parameters().get("p/w_input"), wh = g.parameters().get("p/w_hidden");
        INDArray bx = g.parameters().get("p/b_input"), bh = g.parameters().get("p/b_hidden");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 9}, wx.shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {3, 9}, wh.shape());
        for (INDArray w : new INDArray[] {wx, wh, bx, bh})       // PyTorch's init: uniform in ±1/√D
            assertTrue(w.amaxNumber().doubleValue() <= 1 / Math.sqrt(3) && w.amaxNumber().doubleValue() > 0.3);
        INDArray out = y.eval();
        for (int i = 0; i < 4; i++) {
            double[] gx = new double[9], gh = new double[9];
            for (int j = 0; j < 9; j++) {
                gx[j] = bx.getDouble(j) + a0.getDouble(i, 0) * wx.getDouble(0, j) + a0.getDouble(i, 1) * wx.getDouble(1, j);
                gh[j] = bh.getDouble(j);
                for (int k = 0; k < 3; k++) gh[j] += z0.getDouble(i, k) * wh.getDouble(k, j);
            }
            for (int d = 0; d < 3; d++) {
                double r = 1 / (1 + Math.exp(-(gx[d] + gh[d]))), u = 1 / (1 + Math.exp(-(gx[3 + d] + gh[3 + d])));
                double n = Math.tanh(gx[6 + d] + r * gh[6 + d]);
                org.junit.jupiter.api.Assertions.assertEquals((1 - u) * n + u * z0.getDouble(i, d), out.getDouble(i, d), 1e-12);
            }
        }
        assertTrue(weightedSquaresCheck(sd, y, 34, 4, 3));
        assertTrue(predictorCheck(Predictor.gru(4, 3), 35));
        // a GRU needs an input, and says what to use instead
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.gru(3, 0)).getMessage().contains("Predictor.residual"));
        assertThrows(WorkbenchException.class, () -> Predictor.gru(0, 2));
    }

    @Test
    void nextFramePredictorSlidesTheWindowAndPassesTheGradientCheck() {
        // 3 frames of d = 2, a linear module (6 -> 2): ẑ = [z2, z3, z3 + W·[z1 z2 z3] + b]
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.DOUBLE, 21);
        Predictor p = Predictor.nextFrame(Mlp.of(6, 2), 3);
        org.junit.jupiter.api.Assertions.assertEquals(6, p.width());
        org.junit.jupiter.api.Assertions.assertEquals(0, p.actionWidth());
        Predictor.Bound b = p.bind(g, "p", true);
        INDArray z0 = Synthetic.randn(22, DataType.DOUBLE, 4, 6);
        SDVariable z = sd.var("z", z0);
        SDVariable y = b.apply(z, null, true);
        INDArray w = g.parameters().get("p/w0"), bias = g.parameters().get("p/b0");
        bias.assign(Synthetic.randn(23, DataType.DOUBLE, bias.shape()));
        INDArray out = y.eval();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) org.junit.jupiter.api.Assertions.assertEquals(z0.getDouble(i, j + 2), out.getDouble(i, j), 0.0);
            for (int d = 0; d < 2; d++) {
                double expected = z0.getDouble(i, 4 + d) + bias.getDouble(d);
                for (int k = 0; k < 6; k++) expected += z0.getDouble(i, k) * w.getDouble(k, d);
                org.junit.jupiter.api.Assertions.assertEquals(expected, out.getDouble(i, 4 + d), 1e-12);
            }
        }
        assertTrue(weightedSquaresCheck(sd, y, 24, 4, 6));
        // the video model's form: ReLU hidden layers with batch norm
        assertTrue(predictorCheck(Predictor.nextFrame(Mlp.of(6, 5, 2).norm(Norm.BATCH), 3), 25));
        // a module that does not read the whole window is refused with the widths it needs
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.nextFrame(Mlp.of(5, 2), 3)).getMessage().contains("6 inputs"));
    }

    @Test
    void badWidths() {
        assertThrows(WorkbenchException.class, () -> Mlp.of(5));
        assertThrows(WorkbenchException.class, () -> Mlp.of(5, 0, 3));
        assertThrows(WorkbenchException.class, () -> ConvNet.of(1, 2, 2, 4));
        // a gated predictor needs an update and a gate per latent dimension, and the embedding plus the action in
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.gated(Mlp.of(5, 5), 2)).getMessage().contains("2·D"));
        assertTrue(assertThrows(WorkbenchException.class, () -> Predictor.gated(Mlp.of(6, 6), 2)).getMessage().contains("inputs"));
    }
}
