package org.jepa.workbench.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Test-only VICReg-like objective (the real one lives in the objective package). */
public final class TestVicreg implements Objective {
    @Override
    public String name() {
        return "test-vicreg";
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb) {
        Map<String, SDVariable> t = new LinkedHashMap<>();
        SDVariable d = za.sub(zb);
        t.put("invariance", d.mul(d).mean().mul(25.0));
        t.put("variance", variance(sd, za).add(variance(sd, zb)).mul(12.5));
        t.put("covariance", cov(sd, za).add(cov(sd, zb)));
        return t;
    }

    private static SDVariable variance(SameDiff sd, SDVariable z) {
        SDVariable zc = z.sub(z.mean(0));
        SDVariable std = sd.math().sqrt(zc.mul(zc).mean(0).add(1e-4));
        return sd.nn().relu(std.rsub(1.0), 0.0).mean();
    }

    private static SDVariable cov(SameDiff sd, SDVariable z) {
        SDVariable zc = z.sub(z.mean(0));
        SDVariable n = sd.sizeAt(z, 0).castTo(z.dataType()).sub(1.0);
        SDVariable c = sd.mmul(zc, zc, true, false, false).div(n);
        SDVariable d = sd.sizeAt(z, 1).castTo(z.dataType());
        SDVariable off = c.mul(c).sum().sub(sd.math().diagPart(c).mul(sd.math().diagPart(c)).sum());
        return off.div(d);
    }

    @Override
    public void validate(int batchSize, int dim) {
        WorkbenchException.require(batchSize >= 2, "test-vicreg needs batch size >= 2");
    }
}
