package org.jepa.workbench.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test objective: TestVicreg whose "invariance" term is multiplied by a fed scale that is NaN from step k on. */
final class NanAtStep implements Objective {
    private final long k;

    NanAtStep(long k) {
        this.k = k;
    }

    @Override
    public String name() {
        return "nan-at-" + k;
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb) {
        Map<String, SDVariable> t = new LinkedHashMap<>(new TestVicreg().terms(sd, za, zb));
        SDVariable scale = sd.placeHolder("nan_scale", za.dataType());
        t.put("invariance", t.get("invariance").mul(scale));
        return t;
    }

    @Override
    public Map<String, INDArray> stepFeeds(long step, Random rng) {
        return Map.of("nan_scale", Nd4j.scalar(DataType.FLOAT, step >= k ? Float.NaN : 1f));
    }
}
