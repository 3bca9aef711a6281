package org.jepa.workbench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pipeline of random image transformations applied per sample, in the order they were added to the
 * {@link Builder}. Images are rows [channels*height*width] in channel-major, row-major order (the
 * layout of {@link LabeledData}); pixels that come from outside the image are 0. Each sample draws its
 * own parameters (shift, angle, crop, …) from the {@code Random}.
 */
public final class ImageAugment implements Augmentation {

    /** One step: reads a sample from {@code in}, writes the result to {@code out} (same length). */
    interface Step {
        void apply(float[] in, float[] out, Random rng);
    }

    private final int channels, height, width;
    private final List<Step> steps;
    private final String description;

    private ImageAugment(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.steps = List.copyOf(b.steps);
        this.description = "ImageAugment[" + channels + "x" + height + "x" + width + ": "
                + String.join(" -> ", b.names) + "]";
    }

    @Override
    public INDArray apply(INDArray batch, Random rng) {
        int d = channels * height * width;
        int rows = FloatBatch.checkBatch(batch, d, description);
        WorkbenchException.require(rng != null, description + ": rng is null");
        float[] data = FloatBatch.toFloats(batch);
        FloatBatch.requireFinite(data, description);
        float[] a = new float[d], b = new float[d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * d, a, 0, d);
            for (Step s : steps) {
                s.apply(a, b, rng);
                float[] t = a;
                a = b;
                b = t;
            }
            System.arraycopy(a, 0, data, r * d, d);
        }
        return FloatBatch.matrix(data, rows, d);
    }

    @Override
    public String toString() {
        return description;
    }

    /** Fluent builder; each call appends one step. */
    public static final class Builder {
        private final int height, width;
        private int channels = 1;
        private final List<Step> steps = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        Builder(int height, int width) {
            WorkbenchException.require(height > 0 && width > 0,
                    "Augment.images: height and width must be positive, got " + height + "x" + width);
            this.height = height;
            this.width = width;
        }

        private Builder add(String name, Step s) {
            names.add(name);
            steps.add(s);
            return this;
        }

        /** Number of channels (default 1); must be set before the first step. */
        public Builder channels(int c) {
            WorkbenchException.require(c > 0, "Augment.images: channels must be positive, got " + c);
            WorkbenchException.require(steps.isEmpty(), "Augment.images: set channels before adding steps");
            this.channels = c;
            return this;
        }

        /**
         * Random translation by whole pixels: dx, dy uniform in {-maxPixels..maxPixels}, zero fill.
         *
         * @param maxPixels largest shift in pixels, 0 <= maxPixels < min(height, width)
         */
        public Builder shift(int maxPixels) {
            WorkbenchException.require(maxPixels >= 0 && maxPixels < Math.min(height, width),
                    "shift: maxPixels must be in [0, " + Math.min(height, width) + "), got " + maxPixels);
            final int c = channels, h = height, w = width, k = maxPixels;
            return add("shift(" + k + ")", (in, out, rng) -> {
                int dx = rng.nextInt(2 * k + 1) - k, dy = rng.nextInt(2 * k + 1) - k;
                java.util.Arrays.fill(out, 0f);
                int x0 = Math.max(0, dx), x1 = Math.min(w, w + dx), n = x1 - x0;
                if (n <= 0) return;
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * h * w;
                    for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                        System.arraycopy(in, base + (y - dy) * w + (x0 - dx), out, base + y * w + x0, n);
                    }
                }
            });
        }

        /**
         * Random rotation about the image centre by an angle uniform in [-maxDegrees, maxDegrees],
         * bilinear interpolation, zero fill.
         */
        public Builder rotate(double maxDegrees) {
            WorkbenchException.require(maxDegrees >= 0 && maxDegrees <= 180,
                    "rotate: maxDegrees must be in [0, 180], got " + maxDegrees);
            final int c = channels, h = height, w = width;
            final double max = Math.toRadians(maxDegrees);
            return add("rotate(" + maxDegrees + ")", (in, out, rng) -> {
                double t = (2 * rng.nextDouble() - 1) * max;
                double cos = Math.cos(t), sin = Math.sin(t);
                double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
                for (int y = 0; y < h; y++) {
                    double dy = y - cy;
                    // inverse map: the source of output (x, y) is the point rotated by -t; linear in x
                    double sx = cos * -cx + sin * dy + cx, sy = -sin * -cx + cos * dy + cy;
                    for (int x = 0; x < w; x++, sx += cos, sy -= sin) {
                        for (int ch = 0; ch < c; ch++) {
                            out[ch * h * w + y * w + x] = bilinearZero(in, ch * h * w, h, w, sy, sx);
                        }
                    }
                }
            });
        }

        /** {@link #cropResize(double, double, double)} with aspect ratios in [3/4, 4/3]. */
        public Builder cropResize(double minScale) {
            return cropResize(minScale, 3.0 / 4, 4.0 / 3);
        }

        /**
         * Random crop, resized back to height x width by bilinear interpolation (as torchvision's
         * RandomResizedCrop): crop area = U(minScale, 1) * height*width, aspect (width/height) log-uniform
         * in [minAspect, maxAspect], each side capped at the image side, position uniform.
         * {@code cropResize(1, 1, 1)} on a square image is the identity.
         *
         * @param minScale smallest crop area as a fraction of the image, in (0, 1]
         */
        public Builder cropResize(double minScale, double minAspect, double maxAspect) {
            WorkbenchException.require(minScale > 0 && minScale <= 1,
                    "cropResize: minScale must be in (0, 1], got " + minScale);
            WorkbenchException.require(minAspect > 0 && minAspect <= maxAspect && Double.isFinite(maxAspect),
                    "cropResize: need 0 < minAspect <= maxAspect, got " + minAspect + ", " + maxAspect);
            final int c = channels, h = height, w = width;
            final double la = Math.log(minAspect), lb = Math.log(maxAspect);
            return add("cropResize(" + minScale + ")", (in, out, rng) -> {
                double area = (minScale + (1 - minScale) * rng.nextDouble()) * h * w;
                double r = Math.exp(la + (lb - la) * rng.nextDouble());
                double cw = Math.min(w, Math.sqrt(area * r)), chh = Math.min(h, Math.sqrt(area / r));
                double y0 = (h - chh) * rng.nextDouble(), x0 = (w - cw) * rng.nextDouble();
                // the resize is separable: per output column the two source columns and weight, same for rows
                int[] xa = new int[w], xb = new int[w], ya = new int[h], yb = new int[h];
                float[] fxs = new float[w], fys = new float[h];
                taps(x0, cw / w, w, xa, xb, fxs);
                taps(y0, chh / h, h, ya, yb, fys);
                for (int ch = 0; ch < c; ch++) {
                    int o = ch * h * w;
                    for (int y = 0; y < h; y++) {
                        int ra = o + ya[y] * w, rb = o + yb[y] * w;
                        float fy = fys[y];
                        for (int x = 0; x < w; x++) {
                            float fx = fxs[x];
                            float top = in[ra + xa[x]] + fx * (in[ra + xb[x]] - in[ra + xa[x]]);
                            float bot = in[rb + xa[x]] + fx * (in[rb + xb[x]] - in[rb + xa[x]]);
                            out[o + y * w + x] = top + fy * (bot - top);
                        }
                    }
                }
            });
        }

        /**
         * Adds independent Gaussian noise N(0, sigma^2) to every pixel (no clipping; see {@link #clip()}).
         * Per sample it takes one {@code nextLong()} from the {@code Random} to seed a
         * {@link SplittableRandom} (non-atomic, several times faster than {@code Random.nextGaussian}).
         */
        public Builder noise(double sigma) {
            WorkbenchException.require(sigma >= 0 && Double.isFinite(sigma),
                    "noise: sigma must be finite and >= 0, got " + sigma);
            return add("noise(" + sigma + ")", (in, out, rng) -> {
                SplittableRandom g = new SplittableRandom(rng.nextLong());
                for (int i = 0; i < in.length; i++) out[i] = in[i] + (float) (sigma * g.nextGaussian());
            });
        }

        /** {@link #erase(double, double)} applied to every sample. */
        public Builder erase(double fraction) {
            return erase(fraction, 1.0);
        }

        /**
         * Random erasing (Zhong et al. 2017): with probability {@code probability}, sets one rectangle
         * of about {@code fraction} of the image area to 0 in all channels. Aspect log-uniform in
         * [1/3, 3]; height = round(sqrt(area*aspect)) kept within [ceil(area/width), height], width =
         * round(area/height), so the erased area is within half a column of the stated fraction.
         */
        public Builder erase(double fraction, double probability) {
            WorkbenchException.require(fraction > 0 && fraction <= 1,
                    "erase: fraction must be in (0, 1], got " + fraction);
            WorkbenchException.require(probability >= 0 && probability <= 1,
                    "erase: probability must be in [0, 1], got " + probability);
            final int c = channels, h = height, w = width;
            final double area = fraction * h * w, la = Math.log(1 / 3.0), lb = Math.log(3.0);
            final int minH = (int) Math.max(1, Math.ceil(area / w - 1e-9));
            return add("erase(" + fraction + ", p=" + probability + ")", (in, out, rng) -> {
                System.arraycopy(in, 0, out, 0, in.length);
                if (rng.nextDouble() >= probability) return;
                double r = Math.exp(la + (lb - la) * rng.nextDouble());
                // height at least area/width, so that width = round(area/height) fits without capping
                int eh = (int) Math.max(minH, Math.min(h, Math.round(Math.sqrt(area * r))));
                int ew = (int) Math.max(1, Math.min(w, Math.round(area / eh)));
                int y0 = rng.nextInt(h - eh + 1), x0 = rng.nextInt(w - ew + 1);
                for (int ch = 0; ch < c; ch++) {
                    for (int y = y0; y < y0 + eh; y++) {
                        int o = ch * h * w + y * w + x0;
                        java.util.Arrays.fill(out, o, o + ew, 0f);
                    }
                }
            });
        }

        /** Clamps every pixel to [0, 1] (use after noise to stay in the data range). */
        public Builder clip() {
            return add("clip", (in, out, rng) -> {
                for (int i = 0; i < in.length; i++) out[i] = Math.min(1f, Math.max(0f, in[i]));
            });
        }

        /** The pipeline; with no steps it returns a float32 copy of its input. */
        public ImageAugment build() {
            return new ImageAugment(this);
        }
    }

    /** Bilinear sample at (sy, sx) of one channel plane; points outside the image count as 0. */
    static float bilinearZero(float[] img, int off, int h, int w, double sy, double sx) {
        // (int) (v + 1) - 1 is floor(v) for v > -1, cheaper than Math.floor; smaller v returns 0 below
        int y0 = (int) (sy + 1) - 1, x0 = (int) (sx + 1) - 1;
        if (sy <= -1 || sx <= -1 || y0 >= h || x0 >= w) return 0f;
        float fy = (float) (sy - y0), fx = (float) (sx - x0);
        int i = off + y0 * w + x0;
        if (y0 >= 0 && x0 >= 0 && y0 + 1 < h && x0 + 1 < w) { // interior: no bounds tests
            float top = img[i] + fx * (img[i + 1] - img[i]);
            float bot = img[i + w] + fx * (img[i + w + 1] - img[i + w]);
            return top + fy * (bot - top);
        }
        float v = 0;
        if (y0 >= 0) {
            if (x0 >= 0) v += (1 - fy) * (1 - fx) * img[i];
            if (x0 + 1 < w) v += (1 - fy) * fx * img[i + 1];
        }
        if (y0 + 1 < h) {
            if (x0 >= 0) v += fy * (1 - fx) * img[i + w];
            if (x0 + 1 < w) v += fy * fx * img[i + w + 1];
        }
        return v;
    }

    /**
     * Source taps for resizing a crop starting at {@code start} with {@code scale} source pixels per
     * output pixel (pixel-centre aligned), coordinates clamped into [0, n-1] (edge pixels repeat).
     */
    static void taps(double start, double scale, int n, int[] lo, int[] hi, float[] frac) {
        for (int i = 0; i < n; i++) {
            double s = Math.max(0, Math.min(n - 1, start + (i + 0.5) * scale - 0.5));
            lo[i] = (int) s;
            hi[i] = Math.min(lo[i] + 1, n - 1);
            frac[i] = (float) (s - lo[i]);
        }
    }
}
