package org.jepa.workbench.data;

import java.util.Arrays;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two augmented views of each example, as a {@link Batch} of T = 2 frames with no actions: what the
 * siamese, BYOL and SimSiam presets train on. The views are drawn from the trainer's generator, view a
 * first, then view b.
 *
 * <pre>{@code
 * trainer.fit(model, ViewPairs.of(train, Augment.images(28, 28).shift(2).noise(0.1).build()));
 * }</pre>
 */
public final class ViewPairs implements BatchSource<Batch> {
    private final INDArray x;
    private final Augmentation first;
    private final Augmentation second;

    private ViewPairs(INDArray x, Augmentation first, Augmentation second) {
        this.x = Sources.checkMatrix(x, "ViewPairs");
        WorkbenchException.require(first != null && second != null, "ViewPairs: augmentation is null");
        this.first = first;
        this.second = second;
    }

    /** Both views from the same augmentation. */
    public static ViewPairs of(LabeledData data, Augmentation views) {
        WorkbenchException.require(data != null, "ViewPairs: data is null");
        return new ViewPairs(data.features(), views, views);
    }

    /** Asymmetric views (e.g. BYOL's): {@code first} makes view a, {@code second} view b. */
    public static ViewPairs of(LabeledData data, Augmentation first, Augmentation second) {
        WorkbenchException.require(data != null, "ViewPairs: data is null");
        return new ViewPairs(data.features(), first, second);
    }

    /** Views of the rows of {@code x} [N, F]. */
    public static ViewPairs of(INDArray x, Augmentation views) {
        return new ViewPairs(x, views, views);
    }

    /** Two identical, un-augmented views (for tests and for costs that need no augmentation). */
    public static ViewPairs identical(INDArray x) {
        return new ViewPairs(x, Sources.IDENTITY, Sources.IDENTITY);
    }

    @Override
    public int size() {
        return (int) x.rows();
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        INDArray b = Sources.rows(x, rows, "ViewPairs");
        INDArray va = Sources.checkView(first.apply(b, rng), b, "view a");
        INDArray vb = Sources.checkView(second.apply(b, rng), b, "view b");
        Batch out = new Batch(Sources.stack(va, vb), null);
        Sources.close(b);   // the gathered rows are this source's own; the stack copied them
        return out;
    }

    /** Frees the batch's stacked views (a fresh array made by {@link #batch}). */
    @Override
    public void release(Batch batch) {
        batch.close();
    }

    @Override
    public String toString() {
        return "ViewPairs(" + Arrays.toString(x.shape()) + ")";
    }
}
