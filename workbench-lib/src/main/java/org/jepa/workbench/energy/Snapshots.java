package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;

/**
 * A training callback that records the energy landscape before the first step, every {@code every} steps
 * and after the last, and how long that took (so it can be kept out of the training time).
 */
final class Snapshots implements TrainingCallback {
    private final java.util.function.Supplier<Energy> energy;
    private final Bounds bounds;
    private final int resolution;
    private final int every;
    private final List<Landscape> landscapes = new ArrayList<>();
    private long nanos;

    /** @param energy a fresh view of the current energy per call (free energies cache the decoded curve) */
    Snapshots(java.util.function.Supplier<Energy> energy, Bounds bounds, int resolution, int every) {
        this.energy = energy;
        this.bounds = bounds;
        this.resolution = resolution;
        this.every = every;
    }

    @Override
    public void onStart(TrainingContext ctx) {
        take("step " + (ctx.step() + 1));
    }

    @Override
    public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
        if ((step + 1) % every == 0 || step + 1 == ctx.totalSteps()) take("step " + (step + 1));
    }

    private void take(String title) {
        long t = System.nanoTime();
        landscapes.add(Landscape.evaluate(energy.get(), bounds, resolution).withTitle(title));
        nanos += System.nanoTime() - t;
    }

    List<Landscape> landscapes() {
        return List.copyOf(landscapes);
    }

    double seconds() {
        return nanos / 1e9;
    }
}
