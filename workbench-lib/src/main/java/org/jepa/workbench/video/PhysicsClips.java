package org.jepa.workbench.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;
import org.jepa.workbench.data.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Possible clips of a {@link BallWorld} as training data, in tubelets: observation t is frames t … t + c − 1
 * side by side, [c·size²] — as V-JEPA's 2-frame tubelets (c = 2, the default), which give a single
 * observation the ball's velocity. A clip of T frames is T − c + 1 tubelets. Clip i is generated from (seed, i) when a batch needs it,
 * so the data set takes no memory; each scene has the occluder and the shelf each with probability 1/2.
 *
 * <pre>{@code
 * trainer.fit(videoJepa, PhysicsClips.of(BallWorld.defaults(), 4000, 1).window(4));
 * }</pre>
 */
public final class PhysicsClips implements BatchSource<Batch> {
    private final BallWorld world;
    private final int count;
    private final long seed;
    private final int window;
    private final int context;
    private final double occlusions;

    private PhysicsClips(BallWorld world, int count, long seed, int window, int context, double occlusions) {
        this.world = world;
        this.count = count;
        this.seed = seed;
        this.window = window;
        this.context = context;
        this.occlusions = occlusions;
    }

    /** {@code count} possible clips; batches are whole clips ({@code T − 1} tubelets) until {@link #window}. */
    public static PhysicsClips of(BallWorld world, int count, long seed) {
        WorkbenchException.require(world != null, "PhysicsClips: world is null");
        WorkbenchException.require(count >= 1, "PhysicsClips: count must be >= 1, got " + count);
        return new PhysicsClips(world, count, seed, world.frames() - 1, 2, 0);
    }

    /**
     * Tubelets of {@code frames} consecutive frames (default 2): the context one observation gives the model.
     * Longer tubelets let a model without memory see a ball that was visible a few frames ago.
     */
    public PhysicsClips tubeletFrames(int frames) {
        WorkbenchException.require(frames >= 1 && frames <= world.frames() - 2, "PhysicsClips.tubeletFrames: must be in [1, "
                + (world.frames() - 2) + "], got " + frames);
        return new PhysicsClips(world, count, seed, Math.min(window, world.frames() - frames), frames, occlusions);
    }

    /**
     * The fraction of clips (default 0) drawn as {@link BallWorld#occludedClip}: the ball passes behind the
     * occluder and comes out again. In the default mix 13 % do (256 of the first 2,000); object permanence can only be
     * learned from these, and a model with a context of c frames only from those hidden for fewer than c.
     * All clips stay possible.
     */
    public PhysicsClips occlusions(double rate) {
        WorkbenchException.require(Double.isFinite(rate) && rate >= 0 && rate <= 1, "PhysicsClips.occlusions: the rate must be in [0, 1], got " + rate);
        return new PhysicsClips(world, count, seed, window, context, rate);
    }

    /** Frames per tubelet. */
    public int tubeletFrames() {
        return context;
    }

    /** Batches of {@code tubelets} consecutive tubelets from a random start in each clip (2 ≤ tubelets ≤ T − 1). */
    public PhysicsClips window(int tubelets) {
        int max = world.frames() - context + 1;
        WorkbenchException.require(tubelets >= 2 && tubelets <= max, "PhysicsClips.window: tubelets must be in [2, " + max + "], got " + tubelets);
        return new PhysicsClips(world, count, seed, tubelets, context, occlusions);
    }

    public BallWorld world() {
        return world;
    }

    /** Clip i (deterministic in (seed, i)). */
    public BallWorld.Clip clip(int i) {
        WorkbenchException.require(i >= 0 && i < count, "PhysicsClips: clip index must be in [0, " + count + "), got " + i);
        Random rng = new Random(Seeds.of(seed, i));
        // no draw at rate 0, so the default data set is the one it always was
        return occlusions > 0 && rng.nextDouble() < occlusions ? world.occludedClip(rng) : world.randomClip(rng);
    }

    /** The first {@code n} clips. */
    public List<BallWorld.Clip> clips(int n) {
        WorkbenchException.require(n >= 1 && n <= count, "PhysicsClips.clips: n must be in [1, " + count + "], got " + n);
        List<BallWorld.Clip> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(clip(i));
        return out;
    }

    /**
     * Every tubelet of every clip as rows, [count · (T − c + 1), c·size²] — held-out inputs for diagnostics
     * (collapse monitor, spectra) of a video model's latents.
     */
    public INDArray allTubelets() {
        WorkbenchException.require((long) count * (world.frames() - context + 1) * context * world.framePixels() < Integer.MAX_VALUE,
                "PhysicsClips.allTubelets: " + count + " clips are too many to hold at once; use fewer");
        float[][][] f = new float[count][][];
        for (int i = 0; i < count; i++) f[i] = clip(i).frames();
        INDArray t = tubelets(f, context);
        return t.reshape(-1, t.size(2));
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        int tw = context * world.framePixels(), t = world.frames() - context + 1;
        float[] buf = new float[rows.length * window * tw];
        for (int i = 0; i < rows.length; i++) {
            float[][] f = clip(rows[i]).frames();
            int s = window == t ? 0 : rng.nextInt(t - window + 1);
            for (int k = 0; k < window; k++) tubelet(f, s + k, context, buf, (i * window + k) * tw);
        }
        return new Batch(Nd4j.create(buf, new long[] {rows.length, window, tw}, 'c'), null);
    }

    /** Frees the batch's tubelets (a fresh array made by {@link #batch}). */
    @Override
    public void release(Batch batch) {
        batch.close();
    }

    /** Tubelet k of a clip (frames k … k + c − 1) into {@code out} at {@code offset}. */
    static void tubelet(float[][] frames, int k, int c, float[] out, int offset) {
        int p = frames[k].length;
        for (int j = 0; j < c; j++) System.arraycopy(frames[k + j], 0, out, offset + j * p, p);
    }

    /**
     * Clips as tubelets of {@code c} frames, the input of a video model.
     *
     * @param clips N clips of T frames of P pixels each ([N][T][P]); all the same T and P, finite
     * @return [N, T − c + 1, c·P]
     */
    public static INDArray tubelets(float[][][] clips, int c) {
        WorkbenchException.require(clips != null && clips.length > 0, "tubelets: no clips (an empty set cannot be scored)");
        WorkbenchException.require(c >= 1, "tubelets: frames per tubelet must be >= 1, got " + c);
        int t = clips[0].length;
        WorkbenchException.require(t >= c + 1, "tubelets: a clip needs at least " + (c + 1) + " frames (two tubelets of " + c + "), got " + t);
        WorkbenchException.require(clips[0].length > 0 && clips[0][0] != null, "tubelets: clip 0 has no frames");
        int p = clips[0][0].length;
        int n = t - c + 1;
        float[] buf = new float[clips.length * n * c * p];
        for (int i = 0; i < clips.length; i++) {
            WorkbenchException.require(clips[i].length == t, "tubelets: clip " + i + " has " + clips[i].length + " frames, clip 0 has " + t);
            for (int f = 0; f < t; f++) {
                WorkbenchException.require(clips[i][f].length == p, "tubelets: clip " + i + " frame " + f + " has "
                        + clips[i][f].length + " pixels, expected " + p);
                for (int j = 0; j < p; j++) {
                    WorkbenchException.require(Float.isFinite(clips[i][f][j]), "tubelets: clip " + i + " frame " + f
                            + " has a non-finite pixel (" + clips[i][f][j] + ") at index " + j);
                }
            }
            for (int k = 0; k < n; k++) tubelet(clips[i], k, c, buf, (i * n + k) * c * p);
        }
        return Nd4j.create(buf, new long[] {clips.length, n, (long) c * p}, 'c');
    }

    @Override
    public String toString() {
        return "PhysicsClips(" + count + " clips of " + world + ", windows of " + window + " tubelets of " + context + " frames"
                + (occlusions > 0 ? ", " + Math.round(100 * occlusions) + " % occlusions" : "") + ")";
    }
}
