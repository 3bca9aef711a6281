package org.jepa.workbench.world;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.eval.RegressionProbe;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A guardrail that keeps imagined positions out of a rectangle [x0, x1] × [y0, y1] (pixels). The position
 * is read from each imagined latent by a linear {@link RegressionProbe} (latent → (x, y)); the cost is the
 * depth of each imagined position inside the rectangle, summed over the horizon:
 * <pre>
 *   forbidden(ẑ) = w · Σ_t max(0, min(x_t − x0, x1 − x_t, y_t − y0, y1 − y_t)),   (x_t, y_t) = probe(ẑ_t)
 * </pre>
 * 0 outside, growing linearly inside: a sampling planner ranks by it, a gradient planner is pushed out.
 *
 * <pre>{@code
 * PlanningObjective.toGoal().guardrail(ForbiddenRegion.of(probe, 4, 4, 10, 12).weight(5))
 * }</pre>
 */
public final class ForbiddenRegion implements Guardrail {
    private final RegressionProbe probe;
    private final double x0, y0, x1, y1, weight;

    private ForbiddenRegion(RegressionProbe probe, double x0, double y0, double x1, double y1, double weight) {
        WorkbenchException.require(probe == null || probe.outputWidth() == 2, "ForbiddenRegion: the probe must read (x, y) from the latent, it reads "
                + (probe == null ? 0 : probe.outputWidth()) + " values");
        WorkbenchException.require(x1 > x0 && y1 > y0, "ForbiddenRegion: the rectangle must have x0 < x1 and y0 < y1, got ["
                + x0 + ", " + x1 + "] × [" + y0 + ", " + y1 + "]");
        WorkbenchException.require(Double.isFinite(weight) && weight >= 0, "ForbiddenRegion: weight must be >= 0, got " + weight);
        this.probe = probe;
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
        this.weight = weight;
    }

    /** The rectangle [x0, x1] × [y0, y1] in pixels, positions read by {@code probe}; weight 1. */
    public static ForbiddenRegion of(RegressionProbe probe, double x0, double y0, double x1, double y1) {
        return new ForbiddenRegion(probe, x0, y0, x1, y1, 1);
    }

    /**
     * The rectangle on true positions, without a probe: for {@link ActionEnergy#trueDynamics}, whose latent is the
     * position. A model's energy needs {@link #of(RegressionProbe, double, double, double, double)}.
     */
    public static ForbiddenRegion at(double x0, double y0, double x1, double y1) {
        return new ForbiddenRegion(null, x0, y0, x1, y1, 1);
    }

    /** Copy with weight w ≥ 0 (energy units per pixel of depth per step). */
    public ForbiddenRegion weight(double w) {
        return new ForbiddenRegion(probe, x0, y0, x1, y1, w);
    }

    /**
     * The same guardrail on the rectangle grown by {@code margin} pixels on every side: plan against the grown region,
     * count violations of the true one. The planner's cost is read at the imagined positions only, and a sampled plan
     * may cut a corner between them by a fraction of a pixel.
     */
    public ForbiddenRegion grow(double margin) {
        WorkbenchException.require(Double.isFinite(margin) && margin >= 0, "ForbiddenRegion.grow: margin must be >= 0 pixels, got " + margin);
        return new ForbiddenRegion(probe, x0 - margin, y0 - margin, x1 + margin, y1 + margin, weight);
    }

    /** Whether (x, y) lies inside the rectangle. */
    public boolean contains(double x, double y) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    /** {x0, y0, x1, y1}. */
    public double[] bounds() {
        return new double[] {x0, y0, x1, y1};
    }

    @Override
    public String name() {
        return "forbidden_region";
    }

    @Override
    public double positionCost(double[][] path) {
        double c = 0;
        for (double[] p : path) c += Math.max(0, Math.min(Math.min(p[0] - x0, x1 - p[0]), Math.min(p[1] - y0, y1 - p[1])));
        return weight * c;
    }

    @Override
    public SDVariable cost(SameDiff sd, SDVariable predicted, long latentWidth, int horizon) {
        WorkbenchException.require(probe != null, "ForbiddenRegion: a model's energy reads positions from latents; build the region"
                + " with ForbiddenRegion.of(probe, x0, y0, x1, y1) (ForbiddenRegion.at is for the true dynamics)");
        WorkbenchException.require(probe.inputWidth() == latentWidth, "ForbiddenRegion: the probe reads " + probe.inputWidth()
                + " latent values, the model's latent has " + latentWidth);
        INDArray[] ab = probe.affine();
        DataType dt = predicted.dataType();
        SDVariable a = sd.constant(GraphNames.fresh(sd, "forbidden_probe_w"), ab[0].castTo(dt));
        SDVariable b = sd.constant(GraphNames.fresh(sd, "forbidden_probe_b"), ab[1].castTo(dt).reshape(1, 2));
        SDVariable xy = sd.reshape(predicted, -1, latentWidth).mmul(a).add(b);           // [N·H, 2]
        SDVariable x = xy.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.point(0));
        SDVariable y = xy.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.point(1));
        SDVariable depth = sd.math().min(sd.math().min(x.sub(x0), x.rsub(x1)), sd.math().min(y.sub(y0), y.rsub(y1)));
        SDVariable perStep = sd.nn().relu(depth, 0.0);                                         // [N·H]
        return Graph.rowSums(sd, sd.reshape(perStep, -1, horizon), horizon, false).mul(weight);
    }

    @Override
    public String toString() {
        return String.format("ForbiddenRegion([%.1f, %.1f] × [%.1f, %.1f], weight %.3g)", x0, x1, y0, y1, weight);
    }
}
