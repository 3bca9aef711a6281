package org.jepa.workbench.data;

/**
 * Entry points for seeded augmentations ("views") used by joint-embedding training:
 *
 * <pre>{@code
 * Augmentation view = Augment.images(28, 28).shift(2).rotate(10).noise(0.1).erase(0.25).clip().build();
 * INDArray v1 = view.apply(batch, rng), v2 = view.apply(batch, rng);       // two views of [B, 784]
 * Augmentation vec = Augment.vectors().noise(0.05).featureMask(0.2).build();
 * BlockMask.Masked m = Augment.blockMask(28, 28).blocks(4).build().apply(batch, rng);  // I-JEPA context
 * }</pre>
 *
 * <p>All of them work on plain float arrays in single-threaded loops (ND4J element-wise ops cost far
 * more per call at this size), and draw all randomness from the {@code java.util.Random} passed in.
 */
public final class Augment {
    private Augment() {
    }

    /** Image augmentations for batches [B, channels*height*width] (channels 1 unless set). */
    public static ImageAugment.Builder images(int height, int width) {
        return new ImageAugment.Builder(height, width);
    }

    /** Augmentations for plain feature vectors [B, D]. */
    public static VectorAugment.Builder vectors() {
        return new VectorAugment.Builder();
    }

    /** JEPA block masking for images [B, channels*height*width]. */
    public static BlockMask.Builder blockMask(int height, int width) {
        return new BlockMask.Builder(height, width);
    }
}
