package org.jepa.workbench.data;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-block masking for JEPA (I-JEPA, Assran et al. 2023, "Self-Supervised Learning from Images
 * with a Joint-Embedding Predictive Architecture"): per image, {@code blocks} rectangles are drawn,
 * each with area U(minScale, maxScale) of the image and aspect (height/width) U(minAspect, maxAspect);
 * their union is the target region the predictor must fill in, and the context view is the image with
 * that region set to {@code fill}. Defaults follow I-JEPA's target blocks: 4 blocks, scale
 * [0.15, 0.2], aspect [0.75, 1.5], fill 0.
 */
public final class BlockMask {

    /**
     * @param context the input with masked pixels set to the fill value, float32 [B, C*H*W]
     * @param mask    1 where a pixel is masked (target), 0 where visible, float32 [B, H*W]
     *                (the same mask applies to every channel)
     */
    public record Masked(INDArray context, INDArray mask) {
        /** Fraction of masked pixels over the whole batch. */
        public double maskedFraction() {
            return mask.meanNumber().doubleValue();
        }
    }

    private final int channels, height, width, blocks;
    private final double minScale, maxScale, minAspect, maxAspect;
    private final float fill;

    private BlockMask(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.blocks = b.blocks;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.minAspect = b.minAspect;
        this.maxAspect = b.maxAspect;
        this.fill = b.fill;
    }

    /**
     * Masks every image of {@code batch} [B, C*H*W] with its own blocks drawn from {@code rng}.
     * The input is not modified.
     */
    public Masked apply(INDArray batch, Random rng) {
        int hw = height * width, d = channels * hw;
        int rows = FloatBatch.checkBatch(batch, d, toString());
        WorkbenchException.require(rng != null, this + ": rng is null");
        float[] x = FloatBatch.toFloats(batch);
        FloatBatch.requireFinite(x, toString());
        float[] m = new float[rows * hw];
        for (int r = 0; r < rows; r++) {
            int mo = r * hw;
            for (int k = 0; k < blocks; k++) {
                double area = (minScale + (maxScale - minScale) * rng.nextDouble()) * hw;
                double aspect = minAspect + (maxAspect - minAspect) * rng.nextDouble();
                int bh = (int) Math.max(1, Math.min(height, Math.round(Math.sqrt(area * aspect))));
                int bw = (int) Math.max(1, Math.min(width, Math.round(Math.sqrt(area / aspect))));
                int y0 = rng.nextInt(height - bh + 1), x0 = rng.nextInt(width - bw + 1);
                for (int y = y0; y < y0 + bh; y++) java.util.Arrays.fill(m, mo + y * width + x0, mo + y * width + x0 + bw, 1f);
            }
            for (int ch = 0; ch < channels; ch++) {
                int xo = r * d + ch * hw;
                for (int p = 0; p < hw; p++) if (m[mo + p] != 0f) x[xo + p] = fill;
            }
        }
        return new Masked(FloatBatch.matrix(x, rows, d), FloatBatch.matrix(m, rows, hw));
    }

    @Override
    public String toString() {
        return "BlockMask[" + channels + "x" + height + "x" + width + ", blocks=" + blocks + ", scale=[" + minScale
                + ", " + maxScale + "], aspect=[" + minAspect + ", " + maxAspect + "], fill=" + fill + "]";
    }

    /** Fluent builder with I-JEPA's defaults. */
    public static final class Builder {
        private final int height, width;
        private int channels = 1, blocks = 4;
        private double minScale = 0.15, maxScale = 0.2, minAspect = 0.75, maxAspect = 1.5;
        private float fill = 0f;

        Builder(int height, int width) {
            WorkbenchException.require(height > 0 && width > 0,
                    "Augment.blockMask: height and width must be positive, got " + height + "x" + width);
            this.height = height;
            this.width = width;
        }

        /** Number of channels (default 1). */
        public Builder channels(int c) {
            WorkbenchException.require(c > 0, "blockMask: channels must be positive, got " + c);
            this.channels = c;
            return this;
        }

        /** Number of target blocks per image (default 4). */
        public Builder blocks(int n) {
            WorkbenchException.require(n > 0, "blockMask: blocks must be positive, got " + n);
            this.blocks = n;
            return this;
        }

        /** Each block's area as a fraction of the image, uniform in [min, max] (default [0.15, 0.2]). */
        public Builder scale(double min, double max) {
            WorkbenchException.require(min > 0 && min <= max && max < 1,
                    "blockMask: need 0 < min <= max < 1 for scale, got " + min + ", " + max);
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /** Each block's height/width ratio, uniform in [min, max] (default [0.75, 1.5]). */
        public Builder aspect(double min, double max) {
            WorkbenchException.require(min > 0 && min <= max && Double.isFinite(max),
                    "blockMask: need 0 < min <= max for aspect, got " + min + ", " + max);
            this.minAspect = min;
            this.maxAspect = max;
            return this;
        }

        /** Value written into masked pixels (default 0). */
        public Builder fill(float value) {
            WorkbenchException.require(Float.isFinite(value), "blockMask: fill must be finite, got " + value);
            this.fill = value;
            return this;
        }

        public BlockMask build() {
            return new BlockMask(this);
        }
    }
}
