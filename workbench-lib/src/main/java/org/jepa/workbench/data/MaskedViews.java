package org.jepa.workbench.data;

import java.util.Arrays;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Masked prediction (I-JEPA): a view of each example and a context made from it, as a {@link Batch} of
 * T = 2 frames — frame 0 the context (e.g. the view with blocks masked out), frame 1 the full view, the
 * target — and, when the context maker gives one, the mask descriptor as the single action [B, 1, K].
 * The view is drawn first, then the context, from the trainer's generator.
 *
 * <pre>{@code
 * BlockMask mask = Augment.blockMask(28, 28).build();
 * trainer.fit(model, MaskedViews.of(train, views, (v, rng) -> new ContextMaker.Context(mask.apply(v, rng).context(), null)));
 * }</pre>
 */
public final class MaskedViews implements BatchSource<Batch> {
    private final INDArray x;
    private final Augmentation view;
    private final ContextMaker context;

    private MaskedViews(INDArray x, Augmentation view, ContextMaker context) {
        this.x = Sources.checkMatrix(x, "MaskedViews");
        WorkbenchException.require(view != null, "MaskedViews: view augmentation is null");
        WorkbenchException.require(context != null, "MaskedViews: context maker is null (e.g. a block masker)");
        this.view = view;
        this.context = context;
    }

    public static MaskedViews of(LabeledData data, Augmentation view, ContextMaker context) {
        WorkbenchException.require(data != null, "MaskedViews: data is null");
        return new MaskedViews(data.features(), view, context);
    }

    public static MaskedViews of(INDArray x, Augmentation view, ContextMaker context) {
        return new MaskedViews(x, view, context);
    }

    @Override
    public int size() {
        return (int) x.rows();
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        INDArray b = Sources.rows(x, rows, "MaskedViews");
        INDArray v = Sources.checkView(view.apply(b, rng), b, "view");
        ContextMaker.Context c = context.make(v, rng);
        WorkbenchException.require(c != null && c.input() != null, "MaskedViews: the context maker returned no context input");
        INDArray ctx = Sources.checkView(c.input(), b, "context input");
        INDArray cond = c.condition();
        if (cond != null) {
            WorkbenchException.require(cond.rank() == 2 && cond.rows() == b.rows(), "MaskedViews: the context condition must be ["
                    + b.rows() + ", K], got " + Arrays.toString(cond.shape()));
            cond = cond.castTo(ctx.dataType()).reshape(cond.rows(), 1, cond.columns());
        }
        Batch out = new Batch(Sources.stack(ctx, v), cond);
        // The gathered rows are this source's own and the stack copied them; the condition comes from the view, so
        // when the view has memory of its own nothing in the batch can be on the rows'.
        if (v != b && Sources.ownsBuffer(v)) Sources.close(b);
        return out;
    }

    /** Frees the batch's stacked context and view (a fresh array); the condition may be the context maker's and stays. */
    @Override
    public void release(Batch batch) {
        Sources.close(batch.observations());
    }
}
