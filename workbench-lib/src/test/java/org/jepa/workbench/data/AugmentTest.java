package org.jepa.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AugmentTest {

    static INDArray mnistBatch;

    @BeforeAll
    static void load() {
        mnistBatch = Datasets.mnist().head(256).features();
    }

    /** B images of h x w, all zero but one pixel of value 1 at (py, px). */
    static INDArray dot(int b, int h, int w, int py, int px) {
        float[] a = new float[b * h * w];
        for (int i = 0; i < b; i++) a[i * h * w + py * w + px] = 1f;
        return FloatBatch.matrix(a, b, h * w);
    }

    /** Centre of mass (y, x) and total mass of row r of a [B, h*w] batch. */
    static double[] com(float[] a, int r, int h, int w) {
        double m = 0, my = 0, mx = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = a[r * h * w + y * w + x];
                m += v;
                my += v * y;
                mx += v * x;
            }
        }
        return new double[] {my / m, mx / m, m};
    }

    static List<Augmentation> all() {
        return List.of(
                Augment.images(28, 28).shift(3).build(),
                Augment.images(28, 28).rotate(15).build(),
                Augment.images(28, 28).cropResize(0.5).build(),
                Augment.images(28, 28).noise(0.1).build(),
                Augment.images(28, 28).erase(0.25, 0.5).build(),
                Augment.images(28, 28).shift(2).rotate(10).cropResize(0.6).noise(0.1).erase(0.2).clip().build(),
                Augment.vectors().noise(0.1).featureMask(0.3).build(),
                (batch, rng) -> Augment.blockMask(28, 28).build().apply(batch, rng).context());
    }

    @Test
    void deterministicBySeedShapePreservingAndInputUntouched() {
        INDArray before = mnistBatch.dup();
        for (Augmentation a : all()) {
            INDArray x = a.apply(mnistBatch, new Random(42));
            INDArray y = a.apply(mnistBatch, new Random(42));
            INDArray z = a.apply(mnistBatch, new Random(43));
            assertArrayEquals(mnistBatch.shape(), x.shape(), a.toString());
            assertEquals(DataType.FLOAT, x.dataType());
            assertEquals(x, y, "same seed, same output: " + a);
            assertNotEquals(x, z, "different seed, different output: " + a);
            assertNotEquals(mnistBatch, x, "augmentation changed nothing: " + a);
        }
        assertEquals(before, mnistBatch, "input must not be modified");
    }

    @Test
    void acceptsViewsAndDoubles() {
        Augmentation a = Augment.images(28, 28).shift(2).noise(0.05).build();
        INDArray view = Datasets.mnist().features().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(100, 108),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray copy = view.dup('c');
        assertEquals(a.apply(copy, new Random(1)), a.apply(view, new Random(1)));
        assertEquals(a.apply(copy, new Random(1)), a.apply(copy.castTo(DataType.DOUBLE), new Random(1)));
        assertEquals(a.apply(copy, new Random(1)), a.apply(copy.dup('f'), new Random(1)));
    }

    @Test
    void shiftMovesTheDotByAnIntegerWithinRange() {
        int h = 28, w = 28, k = 3;
        INDArray in = dot(500, h, w, 14, 13);
        float[] out = FloatBatch.toFloats(Augment.images(h, w).shift(k).build().apply(in, new Random(5)));
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < 500; r++) {
            double[] c = com(out, r, h, w);
            assertEquals(1.0, c[2], 1e-6, "mass preserved (dot stays inside)");
            int dy = (int) Math.round(c[0] - 14), dx = (int) Math.round(c[1] - 13);
            assertEquals(c[0] - 14, dy, 1e-9);
            assertTrue(Math.abs(dy) <= k && Math.abs(dx) <= k, dy + "," + dx);
            seen.add(dy + "," + dx);
        }
        assertEquals((2 * k + 1) * (2 * k + 1), seen.size(), "all 49 shifts occur in 500 draws");
        // Mass leaving the frame is lost, never wrapped around.
        float[] edge = FloatBatch.toFloats(Augment.images(h, w).shift(k).build().apply(dot(200, h, w, 0, 0),
                new Random(1)));
        int lost = 0;
        for (int r = 0; r < 200; r++) if (com(edge, r, h, w)[2] == 0) lost++;
        assertTrue(lost > 100, "a corner dot shifted up or left leaves the image: " + lost + "/200");
    }

    @Test
    void rotateKeepsRadiusAndBoundsTheAngle() {
        int h = 28, w = 28;
        double deg = 20;
        // a 2x2 blob centred at (6.5, 13.5): distance 7 above the centre (13.5, 13.5)
        float[] a = new float[h * w * 300];
        for (int r = 0; r < 300; r++) for (int y = 6; y <= 7; y++) for (int x = 13; x <= 14; x++) a[r * h * w + y * w + x] = 1;
        float[] out = FloatBatch.toFloats(Augment.images(h, w).rotate(deg).build()
                .apply(FloatBatch.matrix(a, 300, h * w), new Random(3)));
        double maxAngle = 0;
        for (int r = 0; r < 300; r++) {
            double[] c = com(out, r, h, w);
            double dy = c[0] - 13.5, dx = c[1] - 13.5;
            assertEquals(7.0, Math.hypot(dy, dx), 0.35, "radius preserved, sample " + r);
            assertEquals(4.0, c[2], 0.4, "mass roughly preserved");
            double ang = Math.toDegrees(Math.atan2(dx, -dy));
            assertTrue(Math.abs(ang) <= deg + 1.5, "angle " + ang);
            maxAngle = Math.max(maxAngle, Math.abs(ang));
        }
        assertTrue(maxAngle > deg * 0.8, "angles near the bound occur: " + maxAngle);
    }

    @Test
    void cropResizeIdentityAndZoom() {
        assertEquals(mnistBatch, Augment.images(28, 28).cropResize(1, 1, 1).build().apply(mnistBatch, new Random(1)));
        // Zooming in on digits spreads ink: a centred blob's mass grows by about 1/scale.
        int h = 28, w = 28;
        float[] a = new float[h * w * 200];
        for (int r = 0; r < 200; r++) for (int y = 12; y < 16; y++) for (int x = 12; x < 16; x++) a[r * h * w + y * w + x] = 1;
        float[] out = FloatBatch.toFloats(Augment.images(h, w).cropResize(0.25, 1, 1).build()
                .apply(FloatBatch.matrix(a, 200, h * w), new Random(9)));
        double meanMass = 0;
        for (int r = 0; r < 200; r++) meanMass += com(out, r, h, w)[2] / 200;
        assertTrue(meanMass > 16 * 1.4, "crop area in [0.25, 1] -> mass grows, got " + meanMass);
    }

    @Test
    void noiseHasTheStatedStd() {
        double sigma = 0.3;
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 256, 784);
        INDArray n = Augment.images(28, 28).noise(sigma).build().apply(zeros, new Random(11));
        assertEquals(0.0, n.meanNumber().doubleValue(), 0.003);
        assertEquals(sigma, n.stdNumber().doubleValue(), sigma * 0.01);
        INDArray v = Augment.vectors().noise(sigma).build().apply(zeros, new Random(11));
        assertEquals(sigma, v.stdNumber().doubleValue(), sigma * 0.01);
        INDArray clipped = Augment.images(28, 28).noise(sigma).clip().build().apply(zeros, new Random(11));
        assertEquals(0.0, clipped.minNumber().doubleValue());
        assertTrue(clipped.maxNumber().doubleValue() <= 1.0);
    }

    @Test
    void eraseZeroesTheStatedFraction() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1000, 784);
        for (double f : new double[] {0.1, 0.25, 0.5}) {
            INDArray e = Augment.images(28, 28).erase(f).build().apply(ones, new Random(2));
            float[] a = FloatBatch.toFloats(e);
            double mean = 0;
            for (int r = 0; r < 1000; r++) {
                int zeros = 0;
                for (int i = 0; i < 784; i++) if (a[r * 784 + i] == 0f) zeros++;
                // one rectangle: area within half a side (<= 14 px) of the target, plus capping
                assertEquals(f * 784, zeros, 0.5 * 28 + 1, "sample " + r + " fraction " + f);
                mean += zeros / 784.0 / 1000;
            }
            assertEquals(f, mean, 0.01, "mean erased fraction");
        }
        INDArray half = Augment.images(28, 28).erase(0.25, 0.5).build().apply(ones, new Random(2));
        int erased = 0;
        for (int r = 0; r < 1000; r++) if (half.getRow(r).minNumber().doubleValue() == 0) erased++;
        assertEquals(500, erased, 50, "probability 0.5 erases about half the samples");
    }

    @Test
    void featureMaskZeroesTheStatedFraction() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 256, 100);
        INDArray m = Augment.vectors().featureMask(0.3).build().apply(ones, new Random(4));
        double zeros = 1 - m.meanNumber().doubleValue();
        assertEquals(0.3, zeros, 0.01);
        assertEquals(1.0, m.maxNumber().doubleValue(), "kept features are not rescaled");
    }

    @Test
    void blockMaskContextAndMaskAgree() {
        BlockMask bm = Augment.blockMask(28, 28).build();
        BlockMask.Masked m = bm.apply(mnistBatch, new Random(8));
        assertArrayEquals(new long[] {256, 784}, m.mask().shape());
        assertArrayEquals(mnistBatch.shape(), m.context().shape());
        float[] x = FloatBatch.toFloats(mnistBatch), c = FloatBatch.toFloats(m.context()),
                k = FloatBatch.toFloats(m.mask());
        for (int i = 0; i < x.length; i++) {
            assertTrue(k[i] == 0f || k[i] == 1f);
            assertEquals(k[i] == 1f ? 0f : x[i], c[i], "pixel " + i);
        }
        // 4 blocks of 15-20 % each, overlapping: the union is between 20 % and 80 %, on average ~50 %.
        for (int r = 0; r < 256; r++) {
            double f = m.mask().getRow(r).meanNumber().doubleValue();
            assertTrue(f >= 0.13 && f <= 0.85, "row " + r + " masked fraction " + f);
        }
        double mean = m.maskedFraction();
        assertTrue(mean > 0.35 && mean < 0.65, "mean masked fraction " + mean);
        assertEquals(m.mask(), bm.apply(mnistBatch, new Random(8)).mask());
        assertNotEquals(m.mask(), bm.apply(mnistBatch, new Random(9)).mask());
        // one block of exactly 25 % (7x7 of 14x14, aspect 1) masks 49 pixels per image
        BlockMask one = Augment.blockMask(14, 14).blocks(1).scale(0.25, 0.25).aspect(1, 1).fill(-1).build();
        BlockMask.Masked o = one.apply(Nd4j.ones(DataType.FLOAT, 10, 196), new Random(0));
        assertEquals(49 * 10, o.mask().sumNumber().doubleValue(), 0);
        assertEquals(-1.0, o.context().minNumber().doubleValue());
    }

    @Test
    void multiChannelImagesShareTheGeometry() {
        // three identical channel planes stay identical under shift/rotate/crop/erase (one draw per image)
        INDArray gray = mnistBatch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray rgb = org.nd4j.linalg.factory.Nd4j.hstack(gray, gray, gray);
        Augmentation a = Augment.images(28, 28).channels(3).shift(2).rotate(10).cropResize(0.6).erase(0.2).build();
        INDArray out = a.apply(rgb, new Random(5));
        assertArrayEquals(new long[] {16, 3 * 784}, out.shape());
        float[] o = FloatBatch.toFloats(out);
        for (int r = 0; r < 16; r++) {
            for (int p = 0; p < 784; p++) {
                assertEquals(o[r * 2352 + p], o[r * 2352 + 784 + p]);
                assertEquals(o[r * 2352 + p], o[r * 2352 + 1568 + p]);
            }
        }
        // and channel 0 is what the 1-channel pipeline gives for the same draws
        INDArray one = Augment.images(28, 28).shift(2).rotate(10).cropResize(0.6).erase(0.2).build()
                .apply(gray, new Random(5));
        assertEquals(one, out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 784)));
    }

    @Test
    void badInputGivesOneClearError() {
        Augmentation a = Augment.images(28, 28).shift(1).build();
        assertThrows(WorkbenchException.class, () -> a.apply(Nd4j.zeros(DataType.FLOAT, 4, 100), new Random(1)));
        assertThrows(WorkbenchException.class, () -> a.apply(Nd4j.zeros(DataType.FLOAT, 784), new Random(1)));
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 2, 784);
        nan.putScalar(1, 5, Float.NaN);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> a.apply(nan, new Random(1)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> Augment.images(28, 28).shift(28));
        assertThrows(WorkbenchException.class, () -> Augment.images(28, 28).noise(-1));
        assertThrows(WorkbenchException.class, () -> Augment.images(28, 28).erase(0));
        assertThrows(WorkbenchException.class, () -> Augment.images(28, 28).cropResize(0));
        assertThrows(WorkbenchException.class, () -> Augment.vectors().featureMask(1));
        assertThrows(WorkbenchException.class, () -> Augment.blockMask(28, 28).scale(0.2, 0.1));
    }
}
