package org.jepa.workbench.model;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Small CNN encoder for C×H×W images given as flat rows [B, C*H*W] (reshaped inside, NCHW):
 * {@code conv3×3(c1, same) → ReLU → maxpool2 → conv3×3(c2, same) → ReLU → maxpool2 → flatten →
 * Linear(out)}. For 1×28×28 the flattened size is c2·7·7, for 1×8×8 it is c2·2·2.
 * He-normal initialisation, zero biases. Each ReLU is applied after its max-pool, the same values (a maximum commutes
 * with ReLU) on a quarter of the elements.
 *
 * <p>{@link #featureMap} keeps the picture instead: the last step is a 1×1 convolution to a few channels, and the
 * output is that map flattened, [B, m·(H/4)·(W/4)] in NCHW order — a spatial latent, for a predictor that works on
 * the map ({@link Predictor#spatial}).
 */
public final class ConvNet implements Module {
    private final int channels, height, width, c1, c2;
    private final long out;
    private final int mapChannels;     // > 0: a feature map of this many channels instead of the final Linear

    private ConvNet(int channels, int height, int width, int c1, int c2, long out) {
        this(channels, height, width, c1, c2, out, 0);
    }

    private ConvNet(int channels, int height, int width, int c1, int c2, long out, int mapChannels) {
        WorkbenchException.require(channels > 0 && height >= 4 && width >= 4,
                "ConvNet needs an image of at least 1x4x4, got " + channels + "x" + height + "x" + width);
        WorkbenchException.require(c1 > 0 && c2 > 0 && out > 0, "ConvNet channel counts and output width must be > 0");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.c1 = c1;
        this.c2 = c2;
        this.out = out;
        this.mapChannels = mapChannels;
    }

    /** ConvNet for {@code channels×height×width} images with 32 and 64 filters and output width {@code out}. */
    public static ConvNet of(int channels, int height, int width, long out) {
        return new ConvNet(channels, height, width, 32, 64, out);
    }

    /**
     * A ConvNet whose output is a feature map of {@code mapChannels} channels at a quarter of the image's height and
     * width (two max-pools), flattened NCHW: {@code conv3×3(c1) → ReLU → pool → conv3×3(c2) → ReLU → pool →
     * conv1×1(mapChannels)}, no activation at the end. For 2×28×28 and 8 channels the output is 8·7·7 = 392 wide.
     *
     * <pre>{@code
     * Module enc = ConvNet.featureMap(2, 28, 28, 8).filters(16, 32);    // [B, 1568] frames → [B, 392] maps
     * }</pre>
     */
    public static ConvNet featureMap(int channels, int height, int width, int mapChannels) {
        WorkbenchException.require(mapChannels > 0, "ConvNet.featureMap: the map needs at least one channel, got " + mapChannels);
        WorkbenchException.require(height % 4 == 0 && width % 4 == 0, "ConvNet.featureMap: height and width must be multiples of 4"
                + " (two 2×2 pools), got " + height + "x" + width);
        return new ConvNet(channels, height, width, 32, 64, (long) mapChannels * (height / 4) * (width / 4), mapChannels);
    }

    /** Same net with {@code c1} and {@code c2} filters in the two conv layers. */
    public ConvNet filters(int c1, int c2) {
        return new ConvNet(channels, height, width, c1, c2, out, mapChannels);
    }

    @Override
    public long inputWidth() {
        return (long) channels * height * width;
    }

    @Override
    public long outputWidth() {
        return out;
    }

    private long flatWidth() {
        return (long) c2 * (height / 2 / 2) * (width / 2 / 2);
    }

    @Override
    public Bound bind(Graph g, String prefix, boolean trainable) {
        SameDiff sd = g.sd();
        // Weights in SameDiff's default layout [kH, kW, inC, outC].
        SDVariable w1 = g.param(prefix + "/conv1_w", () -> g.normal(Math.sqrt(2.0 / (9 * channels)), 3, 3, channels, c1), trainable);
        SDVariable b1 = g.param(prefix + "/conv1_b", () -> g.zeros(c1), trainable);
        SDVariable w2 = g.param(prefix + "/conv2_w", () -> g.normal(Math.sqrt(2.0 / (9 * c1)), 3, 3, c1, c2), trainable);
        SDVariable b2 = g.param(prefix + "/conv2_b", () -> g.zeros(c2), trainable);
        Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                .dataFormat("NCHW").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID).isNHWC(false).build();
        // conv → ReLU → pool, twice: shared by the feature map and the flattened-then-linear head. Computed as
        // conv → pool → ReLU, the same values (ReLU is monotone, so it commutes with a maximum; the gradients differ
        // at most in the sign of exact zeros): the ReLU and its gradient then run on a quarter of the elements, and a
        // step keeps two full-size arrays per conv layer and view instead of eight (bench/README, "The ConvNet's memory").
        Bound trunk = (x, training) -> {
            SDVariable h = x.reshape(-1, channels, height, width);
            h = Activation.relu(sd, sd.cnn().maxPooling2d(sd.cnn().conv2d(h, w1, b1, conv), pool), training);
            return Activation.relu(sd, sd.cnn().maxPooling2d(sd.cnn().conv2d(h, w2, b2, conv), pool), training);
        };
        if (mapChannels > 0) {
            SDVariable wm = g.param(prefix + "/map_w", () -> g.normal(Math.sqrt(2.0 / (c2 + mapChannels)), 1, 1, c2, mapChannels), trainable);
            SDVariable bm = g.param(prefix + "/map_b", () -> g.zeros(mapChannels), trainable);
            Conv2DConfig one = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
            return (x, training) -> sd.cnn().conv2d(trunk.apply(x, training), wm, bm, one).reshape(-1, out);
        }
        long flat = flatWidth();
        SDVariable wl = g.param(prefix + "/fc_w", () -> g.normal(Math.sqrt(2.0 / (flat + out)), flat, out), trainable);
        SDVariable bl = g.param(prefix + "/fc_b", () -> g.zeros(out), trainable);
        return (x, training) -> trunk.apply(x, training).reshape(-1, flat).mmul(wl).add(bl);
    }

    @Override
    public String toString() {
        return "ConvNet(" + channels + "x" + height + "x" + width + ", " + c1 + "/" + c2 + " filters → "
                + (mapChannels > 0 ? mapChannels + "x" + height / 4 + "x" + width / 4 + " map" : out) + ")";
    }
}
