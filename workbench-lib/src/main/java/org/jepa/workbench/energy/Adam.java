package org.jepa.workbench.energy;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Adam (Kingma & Ba 2015) applied in place to shared parameter arrays; β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
final class Adam {
    private final double lr;
    private final Map<String, INDArray> m = new HashMap<>(), v = new HashMap<>();
    private int t = 0;

    Adam(double lr) {
        this.lr = lr;
    }

    void step(Map<String, INDArray> params, Map<String, INDArray> grads) {
        t++;
        double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            INDArray mi = m.computeIfAbsent(e.getKey(), k -> g.mul(0));
            INDArray vi = v.computeIfAbsent(e.getKey(), k -> g.mul(0));
            mi.muli(0.9).addi(g.mul(0.1));
            vi.muli(0.999).addi(g.mul(g).muli(0.001));
            INDArray upd = mi.div(c1).divi(Transforms.sqrt(vi.div(c2), false).addi(1e-8)).muli(lr);
            e.getValue().subi(upd);
        }
    }
}
