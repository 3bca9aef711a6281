package org.jepa.workbench.energy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.train.Trainable;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;

/**
 * What the energy training recipes share: a step budget, the learning rate and its schedule, the seed, landscape
 * snapshots, callbacks and checkpoints — and how these become a run of the workbench's one {@link Trainer}.
 *
 * @param <S> the concrete builder (for fluent chaining)
 */
abstract class Recipe<S extends Recipe<S>> {
    int steps = 300;
    double lr;
    double finalLrFraction = 1.0;
    long seed = 0;
    Bounds snapBounds;
    int snapRes = 60;
    int snapEvery = 0;
    double[] snapX;
    final List<TrainingCallback> callbacks = new ArrayList<>();
    Path checkpointDir;

    Recipe(double defaultLr) {
        this.lr = defaultLr;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Optimizer steps (> 0; default 300). */
    public S steps(int s) {
        WorkbenchException.require(s > 0, "steps must be > 0, got " + s);
        steps = s;
        return self();
    }

    /** Adam learning rate, constant (> 0). */
    public S learningRate(double v) {
        Checks.positive(v, "learning rate");
        lr = v;
        return self();
    }

    /** Cosine decay of the learning rate to {@code fraction} × lr over the steps, in [0, 1] (default 1: constant). */
    public S finalLrFraction(double fraction) {
        WorkbenchException.require(fraction >= 0 && fraction <= 1, "finalLrFraction must be in [0, 1], got " + fraction);
        finalLrFraction = fraction;
        return self();
    }

    /** Seed of the data order and of every random draw of the recipe (negatives, code noise). Default 0. */
    public S seed(long s) {
        seed = s;
        return self();
    }

    /** Records a landscape over {@code bounds} every {@code every} steps (and at the start and end). */
    public S snapshots(Bounds bounds, int resolution, int every) {
        WorkbenchException.require(bounds != null && every > 0 && resolution >= 2,
                "snapshots: bounds, every and resolution must be given and positive");
        snapBounds = bounds;
        snapRes = resolution;
        snapEvery = every;
        return self();
    }

    /** Conditioning x at which snapshots (and the returned energy) of a conditional model are taken. */
    public S snapshotAt(double... x) {
        snapX = x.clone();
        return self();
    }

    /** Adds a trainer callback (progress, custom logging). */
    public S callback(TrainingCallback cb) {
        WorkbenchException.require(cb != null, "callback is null");
        callbacks.add(cb);
        return self();
    }

    /** Checkpoints (parameters, optimizer, the recipe's state) into {@code dir} after every epoch. */
    public S checkpoints(Path dir) {
        WorkbenchException.require(dir != null, "checkpoint directory is null");
        checkpointDir = dir;
        return self();
    }

    /**
     * Fits {@code task} on {@code data} with batches of {@code batch} examples (capped at the data size),
     * taking snapshots of {@code energy} (a fresh view per call: free energies cache their decoded curve).
     */
    <B> EnergyRun fit(Trainable<B> task, BatchSource<B> data, int batch, String model, String training,
                      Supplier<Energy> energy) {
        Trainer.Builder tb = Trainer.builder().steps(steps).batchSize(Math.min(batch, data.size())).lr(lr)
                .finalLrFraction(finalLrFraction).seed(seed).progress(false);
        Snapshots snaps = snapEvery > 0 ? new Snapshots(energy, snapBounds, snapRes, snapEvery) : null;
        if (snaps != null) tb.callback(snaps);
        callbacks.forEach(tb::callback);
        if (checkpointDir != null) tb.checkpoints(checkpointDir, 1);
        TrainingRun run = tb.build().fit(task, data);
        return new EnergyRun(model, training, energy.get(), run, snaps == null ? List.of() : snaps.landscapes(),
                run.seconds() - (snaps == null ? 0 : snaps.seconds()));
    }
}
