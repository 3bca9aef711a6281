package org.jepa.workbench.video;

import java.util.List;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How prediction errors compound over an autoregressive rollout: for horizons k = 1 … K, each model predicts
 * k tubelets ahead on its own predictions ({@link Jepa#predictAhead}), and the error is reported relative to
 * the spread of what it predicts,
 * <pre>  relative error(k) = mean ‖ẑ_{t+k} − y_{t+k}‖² / mean ‖y − ȳ‖² </pre>
 * so a latent model and a pixel model share one scale: 0 is perfect, 1 is no better than always predicting
 * the mean target.
 *
 * <pre>{@code
 * Compounding.of(test.pairs(Violation.CONTINUITY).stream().map(Pair::possible).toList(), 8, jepa, pixels)
 * // model | horizon | relative_error
 * }</pre>
 */
public final class Compounding {
    private Compounding() {
    }

    /** The table over {@code clips} for horizons 1 … {@code maxHorizon}. */
    public static Table of(List<BallWorld.Clip> clips, int maxHorizon, Jepa... models) {
        WorkbenchException.require(clips != null && !clips.isEmpty(), "Compounding: no clips");
        WorkbenchException.require(models != null && models.length > 0, "Compounding: no models");
        WorkbenchException.require(maxHorizon >= 1, "Compounding: the horizon must be >= 1, got " + maxHorizon);
        float[][][] f = new float[clips.size()][][];
        for (int i = 0; i < f.length; i++) f[i] = clips.get(i).frames();
        StringColumn name = StringColumn.create("model");
        IntColumn horizon = IntColumn.create("horizon");
        DoubleColumn rel = DoubleColumn.create("relative_error");
        for (Jepa m : models) {
            WorkbenchException.require(m != null, "Compounding: a model is null");
            int c = Surprise.tubeletFrames(m, f[0][0].length);
            WorkbenchException.require(f[0].length >= c + maxHorizon, "Compounding: '" + m.name() + "' needs clips of at least "
                    + (c + maxHorizon) + " frames for horizon " + maxHorizon + ", got " + f[0].length);
            INDArray x = PhysicsClips.tubelets(f, c);
            for (int k = 1; k <= maxHorizon; k++) {
                INDArray[] pt = m.predictAhead(x, null, k);
                INDArray p = pt[0].castTo(DataType.DOUBLE), y = pt[1].castTo(DataType.DOUBLE);
                long d = y.size(2);
                INDArray flat = y.reshape(-1, d);
                double spread = flat.sub(flat.mean(0)).norm2Number().doubleValue();
                double err = p.sub(y).norm2Number().doubleValue();
                name.append(m.name());
                horizon.append(k);
                rel.append(err * err / (spread * spread));
            }
        }
        return Table.create("error compounding over an autoregressive rollout (" + clips.size() + " clips)", name, horizon, rel);
    }
}
