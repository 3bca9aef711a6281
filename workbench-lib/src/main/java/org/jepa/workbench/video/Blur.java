package org.jepa.workbench.video;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Seeds;
import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The blur claim, measured: a ball dropped onto a peg goes left or right by a coin flip ({@link BallWorld#pegDrop}).
 * From the last context before the impact, both models predict {@code horizon} tubelets ahead. Under a squared
 * error the best pixel prediction of a coin flip is the mean of the two outcomes — two faint balls. The JEPA's
 * prediction is a latent; it is shown by the real frames whose latents are nearest to it (from a bank of real
 * clips), and both predictions are compared with each outcome and with the mean of the two.
 *
 * <pre>{@code
 * Blur b = Blur.of(world, pixels, jepa, PhysicsClips.of(world, 400, 77), 3, 1);
 * b.table();    VideoPlots.blur(b);
 * }</pre>
 */
public final class Blur {
    private final BallWorld world;
    private final float[] context, left, right, pixelPrediction;
    private final float[][] nearest;
    private final double[] nearestDistance;
    private final Table table;

    private Blur(BallWorld world, float[] context, float[] left, float[] right, float[] pixelPrediction, float[][] nearest,
                 double[] nearestDistance, Table table) {
        this.world = world;
        this.context = context;
        this.left = left;
        this.right = right;
        this.pixelPrediction = pixelPrediction;
        this.nearest = nearest;
        this.nearestDistance = nearestDistance;
        this.table = table;
    }

    /**
     * @param pixels  a pixel predictor ({@link VideoModel#pixels}) reading the same tubelets as {@code jepa}
     * @param bank    real clips whose tubelets are the candidates for the JEPA's nearest frames
     * @param horizon tubelets ahead of the last context before the impact (≥ 1)
     * @param seed    which peg drop
     */
    public static Blur of(BallWorld world, Jepa pixels, Jepa jepa, PhysicsClips bank, int horizon, long seed) {
        WorkbenchException.require(world != null && pixels != null && jepa != null && bank != null, "Blur: world, models and bank are required");
        int p = world.framePixels();
        int c = Surprise.tubeletFrames(jepa, p);
        WorkbenchException.require(Surprise.tubeletFrames(pixels, p) == c, "Blur: the two models must read tubelets of the same length");
        WorkbenchException.require(bank.tubeletFrames() == c, "Blur: the bank's tubelets have " + bank.tubeletFrames() + " frames, the models read " + c);
        WorkbenchException.require(horizon >= 1, "Blur: the horizon must be >= 1, got " + horizon);
        BallWorld.Clip[] lr = null;
        int split = -1;
        Random rng = new Random(Seeds.of(seed, 0));
        for (int tries = 0; tries < 1000 && split < 0; tries++) {
            lr = world.pegDrop(rng);
            int f = ViolationPairs.firstDifference(lr[0].frames(), lr[1].frames());
            if (f >= c && f + horizon <= world.frames() - 1) split = f;
        }
        WorkbenchException.require(split >= 0, "Blur: no peg drop leaves " + horizon + " frames after the impact in " + world.frames() + "-frame clips");
        int k0 = split - c;                                   // the last tubelet identical in both clips
        float[][][] both = {lr[0].frames(), lr[1].frames()};
        INDArray x = PhysicsClips.tubelets(both, c);
        INDArray[] pix = pixels.predictAhead(x, null, horizon);
        INDArray[] lat = jepa.predictAhead(x, null, horizon);
        // the predicted tubelet's newest frame, and the real one of each outcome
        int last = (c - 1) * p;
        float[] pixelPred = row(pix[0], 0, k0, last, p);
        float[] l = lr[0].frames()[k0 + c - 1 + horizon], r = lr[1].frames()[k0 + c - 1 + horizon];
        INDArray zPred = lat[0].get(NDArrayIndex.point(0), NDArrayIndex.point(k0), NDArrayIndex.all()).castTo(DataType.DOUBLE);
        INDArray zLeft = lat[1].get(NDArrayIndex.point(0), NDArrayIndex.point(k0), NDArrayIndex.all()).castTo(DataType.DOUBLE);
        INDArray zRight = lat[1].get(NDArrayIndex.point(1), NDArrayIndex.point(k0), NDArrayIndex.all()).castTo(DataType.DOUBLE);

        INDArray tubes = bank.allTubelets();
        INDArray z = jepa.latent(tubes).castTo(DataType.DOUBLE);
        INDArray d = z.subRowVector(zPred.reshape(1, -1));
        double[] dist = d.muli(d).sum(1).toDoubleVector();
        Integer[] order = new Integer[dist.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
        int k = Math.min(4, order.length);
        float[][] near = new float[k][];
        double[] nd = new double[k];
        for (int i = 0; i < k; i++) {
            INDArray t = tubes.getRow(order[i]);
            near[i] = t.get(NDArrayIndex.interval(last, last + p)).castTo(DataType.FLOAT).toFloatVector();
            nd[i] = Math.sqrt(dist[order[i]]);
        }
        float[] mean = new float[p];
        for (int j = 0; j < p; j++) mean[j] = (l[j] + r[j]) / 2;
        INDArray zMean = zLeft.add(zRight).divi(2);
        Table t = Table.create("the coin flip at the peg, " + horizon + " tubelets after the last shared context",
                StringColumn.create("prediction", "pixel predictor (pixels, RMS)", "video JEPA (latent, L2)"),
                DoubleColumn.create("to_left_outcome", rms(pixelPred, l), zPred.distance2(zLeft)),
                DoubleColumn.create("to_right_outcome", rms(pixelPred, r), zPred.distance2(zRight)),
                DoubleColumn.create("to_mean_of_both", rms(pixelPred, mean), zPred.distance2(zMean)),
                DoubleColumn.create("left_to_right", rms(l, r), zLeft.distance2(zRight)));
        return new Blur(world, lr[0].frames()[split - 1], l, r, pixelPred, near, nd, t);
    }

    private static float[] row(INDArray pred, int clip, int position, int from, int p) {
        return pred.get(NDArrayIndex.point(clip), NDArrayIndex.point(position), NDArrayIndex.interval(from, from + p))
                .castTo(DataType.FLOAT).toFloatVector();
    }

    private static double rms(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - (double) b[j]) * (a[j] - (double) b[j]);
        return Math.sqrt(s / a.length);
    }

    public BallWorld world() {
        return world;
    }

    /** The last frame both clips share, [size²]. */
    public float[] context() {
        return context.clone();
    }

    /** The two real outcomes at the predicted frame. */
    public float[][] outcomes() {
        return new float[][] {left.clone(), right.clone()};
    }

    /** The pixel predictor's predicted frame, [size²] (values may leave [0, 1]). */
    public float[] pixelPrediction() {
        return pixelPrediction.clone();
    }

    /** The newest frames of the real tubelets nearest to the JEPA's predicted latent, nearest first. */
    public float[][] nearestToJepa() {
        float[][] c = new float[nearest.length][];
        for (int i = 0; i < c.length; i++) c[i] = nearest[i].clone();
        return c;
    }

    /** Latent distances of {@link #nearestToJepa()}. */
    public double[] nearestDistances() {
        return nearestDistance.clone();
    }

    /** Distances of each prediction to each outcome and to their mean. */
    public Table table() {
        return table;
    }
}
