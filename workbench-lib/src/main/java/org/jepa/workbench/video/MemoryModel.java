package org.jepa.workbench.video;

import java.nio.file.Path;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Checkpoint;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import tech.tablesaw.api.Table;

/**
 * The video JEPA with memory that passes the intuitive-physics test (lecture 06), as one recipe — model, data,
 * trainer — and as the trained checkpoint shipped in {@code datasets/checkpoints/} (training it takes 15–19
 * minutes on 2 cores, more than a lecture's budget).
 *
 * <p>Recipe: {@code VideoModel.of(BallWorld.defaults()).memory(64).jepa()} (a GRU memory of width 64 in the
 * predictor), trained on 25,600 whole clips (windows of 15 tubelets; a quarter of the clips show the ball pass
 * behind the occluder; data seed 1) for 12 epochs = 4,800 steps of 64 clips, learning rate 3·10⁻³, trainer seed 2.
 * Deterministic on CPU: the same recipe gives the same file, byte for byte, on the machine that built it.
 *
 * <pre>{@code
 * Jepa memory = MemoryModel.shipped();                       // the checkpoint, SHA-256 checked
 * IntuitivePhysics.of(ViolationPairs.of(BallWorld.defaults(), 100, 7)).model(memory).span(4).run().table();
 *
 * Jepa fresh = MemoryModel.untrained();                      // or train it anew (WORKBENCH_SCALE=full)
 * MemoryModel.trainer().fit(fresh, MemoryModel.data());
 * }</pre>
 *
 * <p>Rebuild the shipped file: {@code ./workbench bench checkpoint} (trains the
 * recipe, writes the checkpoint, compares it with the shipped one). A test retrains the first steps and checks
 * they reproduce the shipped file's recorded losses.
 */
public final class MemoryModel {
    /** File name under {@code datasets/checkpoints/}. */
    public static final String FILE = "video-jepa-memory64.ckpt";
    /** SHA-256 (lower-case hex) of the shipped file; also in {@code datasets/checkpoints/SHA256SUMS}. */
    public static final String SHA256 = "55472c8f1512ef0ec983acccd9b2d0c9abddff165ec4f616cfabcea185f3f3f1";
    /** Optimizer steps of the recipe: 12 epochs × 25,600 clips / 64 per step. */
    public static final long STEPS = 4800;
    private static final int EPOCHS = 12;

    private MemoryModel() {
    }

    /** The world the model was trained in: {@link BallWorld#defaults()} (32×32, 16 frames). */
    public static BallWorld world() {
        return BallWorld.defaults();
    }

    /** The model, untrained: {@code VideoModel.of(world()).memory(64).jepa()}. */
    public static Jepa untrained() {
        return VideoModel.of(world()).memory(64).jepa();
    }

    /** The training clips: 25,600 possible clips of {@link #world()}, seed 1, whole-clip windows, a quarter occluded. */
    public static PhysicsClips data() {
        return PhysicsClips.of(world(), 25600, 1).occlusions(0.25).window(15);
    }

    /** The trainer: 12 epochs of 64 clips, learning rate 3·10⁻³, seed 2 (the lecture's trainer, 4× the epochs). */
    public static Trainer trainer() {
        return Trainer.builder().epochs(EPOCHS).batchSize(64).lr(3e-3).seed(2).build();
    }

    /** The shipped trained model, from {@code <datasets>/checkpoints/} ({@link Datasets#root()}); SHA-256 checked. */
    public static Jepa shipped() {
        return shipped(Datasets.root());
    }

    /** {@link #shipped()} from {@code <datasetsRoot>/checkpoints/} (checksum still checked). */
    public static Jepa shipped(Path datasetsRoot) {
        Checkpoint c = load(datasetsRoot);
        Jepa model = untrained();
        c.restoreInto(model.parameters());
        return model;
    }

    /** The shipped checkpoint itself (weights, and the training history and per-step losses of its run); SHA-256 checked. */
    public static Checkpoint load(Path datasetsRoot) {
        WorkbenchException.require(datasetsRoot != null, "MemoryModel: the datasets folder is null");
        Path file = Datasets.requireShipped(datasetsRoot.resolve("checkpoints").resolve(FILE), SHA256, "MemoryModel",
                "restore it with git checkout, rebuild it (./workbench bench checkpoint, about"
                + " 15–19 min; a rebuilt file that differs must also update MemoryModel.SHA256), or train the model with"
                + " MemoryModel.trainer().fit(MemoryModel.untrained(), MemoryModel.data())");
        Checkpoint c = Checkpoint.load(file);
        WorkbenchException.require(c.steps() == STEPS, "MemoryModel: " + file + " holds " + c.steps() + " steps, the recipe "
                + STEPS);
        return c;
    }

    /**
     * Trains the recipe ({@link #untrained()}, {@link #data()}, {@link #trainer()}) from scratch and writes the trained
     * weights (no optimizer state), its history (without wall-clock times) and its per-step losses to {@code file}, atomically.
     *
     * @return the training run
     */
    public static TrainingRun rebuild(Path file) {
        return rebuild(file, trainer());
    }

    /** {@link #rebuild(Path)} with another trainer (a test stops the recipe's trainer early through a callback). */
    static TrainingRun rebuild(Path file, Trainer trainer) {
        WorkbenchException.require(file != null, "MemoryModel.rebuild: the output file is null");
        Jepa model = untrained();
        TrainingRun run = trainer.fit(model, data());
        // wall-clock columns left out, so that the same recipe gives the same bytes
        Table history = run.history().copy().removeColumns("seconds", "samples_per_s");
        new Checkpoint(model.parameters().updates(), EPOCHS, model.parameters().snapshot(), history, run.steps()).save(file);
        return run;
    }
}
