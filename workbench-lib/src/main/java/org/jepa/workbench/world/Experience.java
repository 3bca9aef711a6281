package org.jepa.workbench.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.BatchSource;

/**
 * What the planner's own plans do in the real environment, as training data for the world model. A planner
 * searching a learned model finds the imagined paths on which the model is wrong in its favour — through a wall —
 * and randomly generated trajectories rarely visit those (a state pressed against a wall, an action pushing on
 * into it, again and again). Stepping every plan an MPC episode makes through the true environment, from where
 * the agent stood when it planned, gives exactly those transitions, labelled by what really happens; refitting
 * the predictor on them ({@link TwoRoomsModel#refitPredictor}) and planning again is the data-aggregation loop of
 * model-based control (DAgger, Ross et al. 2011; PETS/MBPO's on-policy data). The episodes' tasks are drawn from
 * their own seed, so the evaluation's episodes stay unseen.
 *
 * <p>Each plan of H actions becomes a real path of H + 1 positions, cut into windows of {@code frames} frames that
 * share their end frames (H = 30, 5 frames: 7 windows); each executed episode is cut the same way.
 *
 * <pre>{@code
 * Experience seen = Experience.collect(env, room -> energy, Mpc.with(Cem.defaults()).steps(60), 20, 1001, 5);
 * TwoRoomsModel.of(env).refitPredictor(world, seen.and(Trajectories.of(env, 30000, 5, 7).wallRate(0.3)), trainer);
 * }</pre>
 */
public final class Experience implements BatchSource<Batch> {
    private final TwoRooms env;
    private final int frames;
    private final List<Trajectories.Trajectory> windows;

    private Experience(TwoRooms env, int frames, List<Trajectories.Trajectory> windows) {
        this.env = env;
        this.frames = frames;
        this.windows = windows;
    }

    /**
     * Runs {@code episodes} MPC episodes on cross-room tasks of seed {@code seed} and keeps every plan's real path
     * and every executed path, in windows of {@code frames} frames.
     *
     * @param energyOf the energy to plan with in a layout (the model's, with whatever guardrails evaluation uses)
     */
    public static Experience collect(TwoRooms env, Function<TwoRooms.Layout, ActionEnergy> energyOf, Mpc mpc, int episodes,
                                     long seed, int frames) {
        WorkbenchException.require(env != null && energyOf != null && mpc != null, "Experience.collect: env, energy and MPC are required");
        WorkbenchException.require(episodes >= 1, "Experience.collect: at least 1 episode, got " + episodes);
        WorkbenchException.require(frames >= 2, "Experience.collect: windows need at least 2 frames, got " + frames);
        List<Trajectories.Trajectory> out = new ArrayList<>();
        List<PlannerEvaluation.Task> tasks = PlannerEvaluation.of(env).episodes(episodes).seed(seed).tasks();
        for (int i = 0; i < tasks.size(); i++) {
            PlannerEvaluation.Task task = tasks.get(i);
            TwoRooms.Layout room = task.layout();
            Episode e = mpc.run(energyOf.apply(room), room, task.start(), task.goal(), seed * 1000 + i,
                    (step, position, actions) -> cut(room, room.path(position, actions), actions, frames, out));
            cut(room, e.positions(), e.actions(), frames, out);
        }
        return new Experience(env, frames, List.copyOf(out));
    }

    private static void cut(TwoRooms.Layout room, double[][] pos, double[][] act, int frames, List<Trajectories.Trajectory> out) {
        for (int s = 0; s + frames - 1 < pos.length; s += frames - 1) {
            double[][] p = new double[frames][], a = new double[frames - 1][];
            for (int t = 0; t < frames; t++) p[t] = pos[s + t];
            for (int t = 0; t < frames - 1; t++) a[t] = act[s + t];
            out.add(new Trajectories.Trajectory(room, p, a));
        }
    }

    /** These windows followed by {@code earlier} ones (e.g. an earlier round's), as one experience. */
    public Experience plus(List<Trajectories.Trajectory> earlier) {
        WorkbenchException.require(earlier != null, "Experience.plus: the earlier windows are null");
        for (Trajectories.Trajectory t : earlier) WorkbenchException.require(t.positions().length == frames,
                "Experience.plus: every window must have " + frames + " frames");
        List<Trajectories.Trajectory> all = new ArrayList<>(windows);
        all.addAll(earlier);
        return new Experience(env, frames, List.copyOf(all));
    }

    /** Frames per window. */
    public int frames() {
        return frames;
    }

    @Override
    public int size() {
        return windows.size();
    }

    /** Window {@code i}. */
    public Trajectories.Trajectory get(int i) {
        return windows.get(i);
    }

    @Override
    public Batch batch(int[] rows, Random rng) {
        return Trajectories.batchOf(env, frames, rows.length, b -> windows.get(rows[b]));
    }

    /** Frees the batch's frames and actions (fresh arrays made by {@link #batch}). */
    @Override
    public void release(Batch batch) {
        batch.close();
    }

    /**
     * These windows followed by {@code base}'s trajectories, as one source (rows [0, size) are these); both must
     * have the same number of frames.
     */
    public BatchSource<Batch> and(Trajectories base) {
        WorkbenchException.require(base != null && base.frames() == frames, "Experience.and: the base trajectories must have "
                + frames + " frames like these windows");
        Experience self = this;
        return new BatchSource<>() {
            @Override
            public int size() {
                return self.size() + base.size();
            }

            @Override
            public Batch batch(int[] rows, Random rng) {
                return Trajectories.batchOf(env, frames, rows.length,
                        b -> rows[b] < self.size() ? self.get(rows[b]) : base.get(rows[b] - self.size()));
            }

            /** Frees the batch's frames and actions, fresh ones made for it. */
            @Override
            public void release(Batch batch) {
                batch.close();
            }
        };
    }

    @Override
    public String toString() {
        return "Experience(" + windows.size() + " windows of " + frames + " frames)";
    }
}
