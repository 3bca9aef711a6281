package org.jepa.workbench.energy;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Adam (Kingma &amp; Ba 2015; β₁ = 0.9, β₂ = 0.999, ε = 1e-8) applied in place to shared parameter arrays,
 * one ND4J {@code AdamUpdater} per parameter — the same updater the joint-embedding trainer uses.
 */
final class Adam {
    private final double lr;
    private final Map<String, GradientUpdater<?>> updaters = new HashMap<>();
    private int t = 0;

    Adam(double lr) {
        this.lr = lr;
    }

    void step(Map<String, INDArray> params, Map<String, INDArray> grads) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            GradientUpdater<?> u = updaters.computeIfAbsent(e.getKey(), k -> {
                org.nd4j.linalg.learning.config.Adam cfg = new org.nd4j.linalg.learning.config.Adam(lr);
                INDArray state = Nd4j.zeros(g.dataType(), cfg.stateSize(g.length()));
                return cfg.instantiate(state, true);
            });
            INDArray update = g.dup(); // applyUpdater turns the gradient into the step, in place
            u.applyUpdater(update, t, 0);
            e.getValue().subi(update);
        }
        t++;
    }
}
