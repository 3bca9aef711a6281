package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jepa.workbench.train.Synthetic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * {@link ConvNet} pools before its ReLU (a quarter of the elements for the ReLU and its gradient, and less step
 * memory); its documented order is conv → ReLU → pool. In float, as in training, the outputs and every gradient
 * equal those of that order written out on the same parameters — exactly, up to the sign of a zero.
 */
class ConvNetOrderTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void poolingBeforeTheReluGivesTheValuesAndGradientsOfReluBeforePooling(boolean training) {
        ConvNet net = ConvNet.of(1, 8, 8, 4).filters(2, 3);
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, DataType.FLOAT, 7);
        INDArray input = Synthetic.randn(8, DataType.FLOAT, 6, 64);
        INDArray r = Synthetic.randn(9, DataType.FLOAT, 6, 4);
        SDVariable y = net.bind(g, "m", true).apply(sd.var("x", input.dup()), training);
        y.mul(sd.constant("r", r)).sum().markAsLoss();

        // conv → ReLU → pool → conv → ReLU → pool → flatten → linear, on the same parameter arrays
        SameDiff ref = SameDiff.create();
        Graph h = new Graph(ref, g.parameters());
        SDVariable w1 = h.param("m/conv1_w", null, true), b1 = h.param("m/conv1_b", null, true);
        SDVariable w2 = h.param("m/conv2_w", null, true), b2 = h.param("m/conv2_b", null, true);
        SDVariable wl = h.param("m/fc_w", null, true), bl = h.param("m/fc_b", null, true);
        Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID).isNHWC(false).build();
        SDVariable x = ref.var("x", input.dup());
        SDVariable a = ref.cnn().maxPooling2d(Activation.relu(ref, ref.cnn().conv2d(x.reshape(-1, 1, 8, 8), w1, b1, conv), training), pool);
        a = ref.cnn().maxPooling2d(Activation.relu(ref, ref.cnn().conv2d(a, w2, b2, conv), training), pool);
        SDVariable yRef = a.reshape(-1, 3 * 2 * 2).mmul(wl).add(bl);
        yRef.mul(ref.constant("r", r)).sum().markAsLoss();

        float[] out = y.eval().data().asFloat(), expected = yRef.eval().data().asFloat();
        assertArrayEquals(expected, out, 0f, "outputs");
        // windows where the ReLU zeroes everything, so the two orders route those gradients differently
        assertTrue(a.eval().minNumber().floatValue() == 0f, "the test needs pooled windows the ReLU zeroes");
        List<String> wrt = List.of("x", "m/conv1_w", "m/conv1_b", "m/conv2_w", "m/conv2_b", "m/fc_w", "m/fc_b");
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), wrt), expectedGrads = ref.calculateGradients(Map.of(), wrt);
        for (String v : wrt) {
            // a zero's sign aside (delta 0: -0 equals 0), the same floats
            assertArrayEquals(expectedGrads.get(v).data().asFloat(), grads.get(v).data().asFloat(), 0f, v);
        }
    }
}
