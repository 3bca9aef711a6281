package org.jepa.workbench.train;

import java.util.Map;
import org.jepa.workbench.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Test-only BYOL-style loss 2 − 2·cos(p, z), averaged over rows. */
final class TestCosine implements Objective {
    @Override
    public String name() {
        return "test-cosine";
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable p, SDVariable z) {
        SDVariable pn = p.div(sd.math().sqrt(p.mul(p).sum(true, 1).add(1e-12)));
        SDVariable zn = z.div(sd.math().sqrt(z.mul(z).sum(true, 1).add(1e-12)));
        return Map.of("cosine", pn.mul(zn).sum(1).mean().mul(-2.0).add(2.0));
    }
}
