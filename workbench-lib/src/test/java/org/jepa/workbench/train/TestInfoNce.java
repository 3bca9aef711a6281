package org.jepa.workbench.train;

import java.util.Map;
import org.jepa.workbench.objective.Objective;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test-only symmetric InfoNCE for a fixed batch size B: logits = za·zbᵀ/τ on L2-normalised rows,
 * cross-entropy with the diagonal as positives, averaged over both directions. Uses
 * softmaxCrossEntropy with an identity label matrix (logSumExp's backward is broken in M2.1).
 */
public final class TestInfoNce implements Objective {
    private final int batch;
    private final double tau;

    public TestInfoNce(int batch, double tau) {
        this.batch = batch;
        this.tau = tau;
    }

    @Override
    public String name() {
        return "test-infonce";
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb) {
        SDVariable a = za.div(sd.math().sqrt(za.mul(za).sum(true, 1).add(1e-12)));
        SDVariable b = zb.div(sd.math().sqrt(zb.mul(zb).sum(true, 1).add(1e-12)));
        SDVariable logits = sd.mmul(a, b, false, true, false).div(tau);
        SDVariable eye = sd.constant(Nd4j.eye(batch).castTo(za.dataType()));
        SDVariable l1 = sd.loss().softmaxCrossEntropy(eye, logits, null);
        SDVariable l2 = sd.loss().softmaxCrossEntropy(eye, sd.transpose(logits), null);
        return Map.of("infonce", l1.add(l2).mul(0.5));
    }
}
