package org.jepa.workbench.model;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/** The implementations behind {@link Predictor}'s factories. */
final class Predictors {
    private Predictors() {
    }

    record Identity(long width) implements Predictor {
        @Override
        public long actionWidth() {
            return 0;
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            return (z, a, training) -> z;
        }

        @Override
        public String toString() {
            return "identity";
        }
    }

    record Concat(Module module, long actionWidth, boolean residual) implements Predictor {
        Concat {
            WorkbenchException.require(module != null, "Predictor: module is null");
            WorkbenchException.require(actionWidth >= 0, "Predictor: action width must be >= 0, got " + actionWidth);
            long d = module.outputWidth();
            WorkbenchException.require(module.inputWidth() == d + actionWidth, "Predictor: the module " + module
                    + " must take the embedding (" + d + ") plus the action (" + actionWidth + ") = "
                    + (d + actionWidth) + " inputs, it takes " + module.inputWidth());
        }

        @Override
        public long width() {
            return module.outputWidth();
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            Module.Bound m = module.bind(g, prefix, trainable);
            return (z, a, training) -> {
                SDVariable in = actionWidth == 0 ? z : g.sd().concat(1, z, a);
                SDVariable out = m.apply(in, training);
                return residual ? z.add(out) : out;
            };
        }

        @Override
        public String toString() {
            return (residual ? "residual " : "") + module + (actionWidth > 0 ? " on [z, a(" + actionWidth + ")]" : "");
        }
    }

    record Gated(Module module, long actionWidth) implements Predictor {
        Gated {
            WorkbenchException.require(module != null, "Predictor.gated: module is null");
            WorkbenchException.require(actionWidth >= 0, "Predictor.gated: action width must be >= 0, got " + actionWidth);
            long out = module.outputWidth();
            WorkbenchException.require(out % 2 == 0, "Predictor.gated: the module must output 2·D values (an update and a gate per"
                    + " latent dimension), it outputs " + out);
            WorkbenchException.require(module.inputWidth() == out / 2 + actionWidth, "Predictor.gated: the module " + module
                    + " must take the embedding (" + out / 2 + ") plus the action (" + actionWidth + ") = " + (out / 2 + actionWidth)
                    + " inputs, it takes " + module.inputWidth());
        }

        @Override
        public long width() {
            return module.outputWidth() / 2;
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            Module.Bound m = module.bind(g, prefix, trainable);
            long d = width();
            return (z, a, training) -> {
                SDVariable out = m.apply(actionWidth == 0 ? z : g.sd().concat(1, z, a), training);
                SDVariable update = out.get(SDIndex.all(), SDIndex.interval(0L, d));
                SDVariable gate = g.sd().nn().sigmoid(out.get(SDIndex.all(), SDIndex.interval(d, 2 * d)));
                return z.add(update.mul(gate));
            };
        }

        @Override
        public String toString() {
            return "gated residual " + module + (actionWidth > 0 ? " on [z, a(" + actionWidth + ")]" : "");
        }
    }

    record ControlAffine(Module module, long actionWidth) implements Predictor {
        ControlAffine {
            WorkbenchException.require(module != null, "Predictor.controlAffine: module is null");
            WorkbenchException.require(actionWidth >= 1, "Predictor.controlAffine: the action width must be >= 1, got " + actionWidth
                    + " (without actions use Predictor.residual)");
            long d = module.inputWidth();
            WorkbenchException.require(module.outputWidth() == d * (1 + actionWidth), "Predictor.controlAffine: the module " + module
                    + " reads the " + d + "-d latent and must output the drift and one column per action component, "
                    + d + "·(1 + " + actionWidth + ") = " + d * (1 + actionWidth) + " values; it outputs " + module.outputWidth());
        }

        @Override
        public long width() {
            return module.inputWidth();
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            Module.Bound m = module.bind(g, prefix, trainable);
            long d = width();
            return (z, a, training) -> {
                SDVariable out = m.apply(z, training);
                SDVariable next = z.add(out.get(SDIndex.all(), SDIndex.interval(0L, d)));
                for (long j = 0; j < actionWidth; j++) {
                    SDVariable column = out.get(SDIndex.all(), SDIndex.interval((1 + j) * d, (2 + j) * d));
                    SDVariable aj = a.get(SDIndex.all(), SDIndex.interval(j, j + 1));
                    next = next.add(Norm.mulBroadcast(g.sd(), column, aj));
                }
                return next;
            };
        }

        @Override
        public String toString() {
            return "control-affine " + module + " on a(" + actionWidth + ")";
        }
    }

    record Gru(long width, long actionWidth) implements Predictor {
        Gru {
            WorkbenchException.require(width >= 1, "Predictor.gru: the latent width must be >= 1, got " + width);
            WorkbenchException.require(actionWidth >= 1, "Predictor.gru: a GRU is stepped by an input; the action width must be >= 1, got "
                    + actionWidth + " (for a predictor without actions use Predictor.of or Predictor.residual)");
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            long d = width;
            double k = 1 / Math.sqrt(d);
            SDVariable wx = g.param(prefix + "/w_input", () -> g.uniform(k, actionWidth, 3 * d), trainable);
            SDVariable wh = g.param(prefix + "/w_hidden", () -> g.uniform(k, d, 3 * d), trainable);
            SDVariable bx = g.param(prefix + "/b_input", () -> g.uniform(k, 3 * d), trainable);
            SDVariable bh = g.param(prefix + "/b_hidden", () -> g.uniform(k, 3 * d), trainable);
            return (z, a, training) -> cell(g, a, z, wx, wh, bx, bh, d);
        }

        /**
         * PyTorch's GRUCell: input x [N, I], hidden h [N, d] (null: zeros, which leaves only the hidden biases), weights
         * wx [I, 3d] and wh [d, 3d] and biases [3d] holding the reset, update and candidate gates side by side.
         */
        static SDVariable cell(Graph g, SDVariable x, SDVariable h, SDVariable wx, SDVariable wh, SDVariable bx, SDVariable bh, long d) {
            SDVariable gx = x.mmul(wx).add(bx), gh = h == null ? null : h.mmul(wh).add(bh);
            SDVariable[] hp = new SDVariable[3];
            for (int i = 0; i < 3; i++) hp[i] = h == null ? bh.get(SDIndex.interval(i * d, (i + 1) * d)) : part(gh, i, d);
            SDVariable r = g.sd().nn().sigmoid(part(gx, 0, d).add(hp[0]));
            SDVariable u = g.sd().nn().sigmoid(part(gx, 1, d).add(hp[1]));
            SDVariable n = g.sd().math().tanh(part(gx, 2, d).add(r.mul(hp[2])));
            return h == null ? n.sub(u.mul(n)) : n.add(u.mul(h.sub(n)));
        }

        private static SDVariable part(SDVariable v, int i, long d) {
            return v.get(SDIndex.all(), SDIndex.interval(i * d, (i + 1) * d));
        }

        @Override
        public String toString() {
            return "GRU(" + width + ") on a(" + actionWidth + ")";
        }
    }

    record Recurrent(Module head, long memory, long actionWidth) implements Predictor {
        Recurrent {
            WorkbenchException.require(head != null, "Predictor.recurrent: head is null");
            WorkbenchException.require(memory >= 1, "Predictor.recurrent: the memory width must be >= 1, got " + memory
                    + " (without memory use Predictor.residual)");
            WorkbenchException.require(actionWidth >= 0, "Predictor.recurrent: action width must be >= 0, got " + actionWidth);
            long d = head.outputWidth();
            WorkbenchException.require(head.inputWidth() == d + memory + actionWidth, "Predictor.recurrent: the head " + head
                    + " must take the latent (" + d + "), the memory (" + memory + ") and the action (" + actionWidth + ") = "
                    + (d + memory + actionWidth) + " inputs, it takes " + head.inputWidth());
        }

        @Override
        public long width() {
            return head.outputWidth();
        }

        @Override
        public long memoryWidth() {
            return memory;
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            long d = width(), m = memory;
            double k = 1 / Math.sqrt(m);
            SDVariable wx = g.param(prefix + "/memory/w_input", () -> g.uniform(k, d, 3 * m), trainable);
            SDVariable wh = g.param(prefix + "/memory/w_hidden", () -> g.uniform(k, m, 3 * m), trainable);
            SDVariable bx = g.param(prefix + "/memory/b_input", () -> g.uniform(k, 3 * m), trainable);
            SDVariable bh = g.param(prefix + "/memory/b_hidden", () -> g.uniform(k, 3 * m), trainable);
            Module.Bound mlp = head.bind(g, prefix + "/head", trainable);
            return new Bound() {
                @Override
                public SDVariable apply(SDVariable z, SDVariable action, boolean training) {
                    throw new WorkbenchException("Predictor.recurrent: this predictor needs its memory; run it through the JEPA's"
                            + " unroll, which carries the memory through the sequence");
                }

                @Override
                public SDVariable apply(SDVariable z, SDVariable h, SDVariable action, boolean training) {
                    WorkbenchException.require(h != null, "Predictor.recurrent: the memory is null");
                    SDVariable in = actionWidth == 0 ? g.sd().concat(1, z, h) : g.sd().concat(1, z, h, action);
                    return z.add(mlp.apply(in, training));
                }

                @Override
                public SDVariable remember(SDVariable h, SDVariable z) {
                    return Gru.cell(g, z, h, wx, wh, bx, bh, m);
                }
            };
        }

        @Override
        public String toString() {
            return "residual " + head + " with a GRU memory (" + memory + ")" + (actionWidth > 0 ? " on [z, h, a(" + actionWidth + ")]" : "");
        }
    }

    record NextFrame(Module module, int frames) implements Predictor {
        NextFrame {
            WorkbenchException.require(module != null, "Predictor.nextFrame: module is null");
            WorkbenchException.require(frames >= 1, "Predictor.nextFrame: frames must be >= 1, got " + frames);
            WorkbenchException.require(module.inputWidth() == frames * module.outputWidth(), "Predictor.nextFrame: the module " + module
                    + " must read the window of " + frames + " frames of its output width " + module.outputWidth() + " = "
                    + frames * module.outputWidth() + " inputs, it takes " + module.inputWidth()
                    + " (for frames of another width, change the module's output)");
        }

        @Override
        public long width() {
            return module.inputWidth();
        }

        @Override
        public long actionWidth() {
            return 0;
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            Module.Bound m = module.bind(g, prefix, trainable);
            long d = module.outputWidth(), w = width();
            return (z, a, training) -> {
                SDVariable last = z.get(SDIndex.all(), SDIndex.interval(w - d, w));
                SDVariable next = last.add(m.apply(z, training));
                return frames == 1 ? next : g.sd().concat(1, z.get(SDIndex.all(), SDIndex.interval(d, w)), next);
            };
        }

        @Override
        public String toString() {
            return "next frame of " + frames + ": " + module;
        }
    }

    record Spatial(int channels, int rows, int cols, int actions, int hidden) implements Predictor {
        Spatial {
            WorkbenchException.require(channels >= 1 && rows >= 1 && cols >= 1, "Predictor.spatial: the map needs at least"
                    + " one channel and one cell, got " + channels + "x" + rows + "x" + cols);
            WorkbenchException.require(actions >= 1, "Predictor.spatial: the action width must be >= 1, got " + actions
                    + " (a map predictor without actions is not built yet)");
            WorkbenchException.require(hidden >= 1, "Predictor.spatial: hidden channels must be >= 1, got " + hidden);
        }

        @Override
        public long width() {
            return (long) channels * rows * cols;
        }

        @Override
        public long actionWidth() {
            return actions;
        }

        @Override
        public Bound bind(Graph g, String prefix, boolean trainable) {
            int in = channels + actions + 2, cells = rows * cols;
            SDVariable w1 = g.param(prefix + "/conv1_w", () -> g.normal(Math.sqrt(2.0 / (9 * in)), 3, 3, in, hidden), trainable);
            SDVariable b1 = g.param(prefix + "/conv1_b", () -> g.zeros(hidden), trainable);
            SDVariable w2 = g.param(prefix + "/conv2_w", () -> g.normal(Math.sqrt(2.0 / (9 * hidden)), 3, 3, hidden, hidden), trainable);
            SDVariable b2 = g.param(prefix + "/conv2_b", () -> g.zeros(hidden), trainable);
            // The last layer starts small, so the untrained step is nearly the identity (a residual model's usual start).
            SDVariable w3 = g.param(prefix + "/conv3_w", () -> g.normal(0.1 * Math.sqrt(2.0 / (9 * (hidden + channels))), 3, 3, hidden, channels), trainable);
            SDVariable b3 = g.param(prefix + "/conv3_b", () -> g.zeros(channels), trainable);
            // tile(a) = a · T, T [A, A·cells] with ones where action i meets its own plane: a matmul, so its gradient is one too.
            INDArray tileInit = g.zeros(actions, (long) actions * cells);
            for (int i = 0; i < actions; i++)
                for (int c = 0; c < cells; c++) tileInit.putScalar(i, (long) i * cells + c, 1.0);
            SDVariable tile = g.sd().constant(g.unique(prefix + "/tile"), tileInit);
            INDArray coordInit = g.zeros(1, 2L * cells);    // [x plane, y plane], each in −1 … 1
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++) {
                    coordInit.putScalar(0, (long) y * cols + x, cols == 1 ? 0 : 2.0 * x / (cols - 1) - 1);
                    coordInit.putScalar(0, cells + (long) y * cols + x, rows == 1 ? 0 : 2.0 * y / (rows - 1) - 1);
                }
            SDVariable coords = g.sd().constant(g.unique(prefix + "/coords"), coordInit);
            Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
            return (z, a, training) -> {
                SDVariable map = z.reshape(-1, channels, rows, cols);
                SDVariable act = a.mmul(tile).reshape(-1, actions, rows, cols);
                // [N, 2, h, w]: a column of ones times the coordinate row (a matmul broadcasts it over the batch).
                SDVariable xy = g.sd().onesLike(a.get(SDIndex.all(), SDIndex.interval(0, 1))).mmul(coords).reshape(-1, 2, rows, cols);
                SDVariable h = g.sd().concat(1, map, act, xy);
                h = Activation.relu(g.sd(), g.sd().cnn().conv2d(h, w1, b1, conv), training);
                h = Activation.relu(g.sd(), g.sd().cnn().conv2d(h, w2, b2, conv), training);
                return z.add(g.sd().cnn().conv2d(h, w3, b3, conv).reshape(-1, width()));
            };
        }

        @Override
        public String toString() {
            return "spatial residual conv (" + channels + "x" + rows + "x" + cols + ", " + hidden + " hidden) on a(" + actions + ")";
        }
    }
}
