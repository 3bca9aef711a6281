package org.jepa.workbench.world;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;

/**
 * Two Rooms, the navigation benchmark of PLDM (Sobal et al., arXiv 2502.14819) and Meta's EB-JEPA: a point
 * agent in a square box split by one inner wall with a door. The state is the agent's position (x, y); an
 * action is a 2-D move of bounded norm; a move that would enter a wall stops at the wall. The observation
 * is a 2-channel image — the agent as a small Gaussian dot, and the walls — so a model must read the door's
 * position from pixels.
 *
 * <p>Geometry (EB-JEPA's on 65×65 pixels, scaled by s = size/65 for a {@code size}×{@code size} image, in
 * pixel units, pixel centres at i + ½): the agent stays 5·s inside the border; the inner wall is 3·s wide,
 * vertical, centred at x ∈ [20·s, 44·s]; the door is an opening of ±4·s around y ∈ [10·s, 54·s]; the dot has
 * σ = 1.3 px (not scaled, see {@link #dotSigma(double)}). Actions are in EB-JEPA's units — pixels of
 * the 65×65 original — so their statistics do not depend on the image size: ‖a‖ ≤ 2.45, and the agent
 * moves by {@link #moveScale()}·a pixels of this image (1 by default, see {@link #moveScale(double)}). The
 * fixed variant puts the wall at 32·s and the door at 18·s. The default image is 28×28 (s ≈ 0.43), not 65×65:
 * 2·28² = 1,568 inputs keep an MLP encoder trainable in minutes on 2 CPU cores, and the door (3.4 px) and
 * the dot stay visible.
 *
 * <p><b>More rooms in a row</b> ({@link #rooms(int)}): n − 1 vertical walls, each with its own door, for tasks whose
 * start and goal are several doors apart (the hierarchical-planning lectures). Walls stand at equal spacing across
 * the box (jittered by up to ±⅛ of the spacing per episode in the random variant, doors drawn uniformly as above);
 * the fixed variant puts the doors alternately at 18·s and 47·s, so a path zigzags from door to door. With two
 * rooms nothing changes: one wall, EB-JEPA's geometry.
 *
 * <pre>{@code
 * TwoRooms env = TwoRooms.random(28);
 * TwoRooms.Layout room = env.layout(new Random(1));        // wall and door of one episode
 * double[] p = room.step(new double[] {5, 5}, new double[] {0.8, 0.3});
 * float[] frame = room.render(p);                         // [2 · 28 · 28]
 * }</pre>
 */
public final class TwoRooms {
    private final int size;
    private final boolean fixedDoor;
    private final double scale;
    private final double moveScale;
    private final double dotSigma;
    private final int rooms;

    private TwoRooms(int size, boolean fixedDoor, double moveScale, double dotSigma, int rooms) {
        WorkbenchException.require(size >= 16 && size <= 128, "TwoRooms: image size must be in [16, 128], got " + size);
        WorkbenchException.require(Double.isFinite(moveScale) && moveScale > 0 && moveScale <= size / 8.0,
                "TwoRooms: moveScale must be in (0, size/8] pixels per action unit, got " + moveScale);
        WorkbenchException.require(Double.isFinite(dotSigma) && dotSigma >= 0.3 && dotSigma <= size / 8.0,
                "TwoRooms: dotSigma must be in [0.3, size/8] pixels, got " + dotSigma);
        WorkbenchException.require(rooms >= 2 && rooms <= 6, "TwoRooms: rooms must be in [2, 6], got " + rooms);
        WorkbenchException.require((size - 10 * size / 65.0) / rooms >= 6, "TwoRooms: " + rooms + " rooms in a " + size
                + " px image leave less than 6 px per room; use a larger image (rooms × 6 px + 10·size/65 at least)");
        this.size = size;
        this.rooms = rooms;
        this.fixedDoor = fixedDoor;
        this.scale = size / 65.0;
        this.moveScale = moveScale;
        this.dotSigma = dotSigma;
    }

    /** Wall and door drawn per episode; 1 pixel per action unit, dot σ = 1.3 px. */
    public static TwoRooms random(int size) {
        return new TwoRooms(size, false, 1.0, 1.3, 2);
    }

    /** Wall at 32·s and door at 18·s in every episode; 1 pixel per action unit, dot σ = 1.3 px. */
    public static TwoRooms fixed(int size) {
        return new TwoRooms(size, true, 1.0, 1.3, 2);
    }

    /**
     * The same environment with the agent moving {@code pixelsPerUnit} pixels per action unit. The default is
     * 1, as on EB-JEPA's 65×65 image, not its scale s: on a small image the walls are then met as often as in the
     * original's episodes of 17 frames and an episode needs fewer steps. Use {@link #scale()} for EB-JEPA's
     * geometry exactly.
     */
    public TwoRooms moveScale(double pixelsPerUnit) {
        return new TwoRooms(size, fixedDoor, pixelsPerUnit, dotSigma, rooms);
    }

    /**
     * The same environment with the agent drawn as a Gaussian dot of standard deviation {@code sigma} pixels.
     * The default is EB-JEPA's 1.3 px, not scaled down: a dot under one pixel wide lights one or two pixel
     * centres, so a sub-pixel move barely changes the image and an MLP encoder has little to read it from.
     */
    public TwoRooms dotSigma(double sigma) {
        return new TwoRooms(size, fixedDoor, moveScale, sigma, rooms);
    }

    /**
     * The same environment with {@code n} rooms in a row (n − 1 walls, each with a door; 2 to 6, default 2). Each
     * room needs at least 6 px of width: three rooms need a 24 px image, four 32 px.
     */
    public TwoRooms rooms(int n) {
        return new TwoRooms(size, fixedDoor, moveScale, dotSigma, n);
    }

    /** Rooms in a row (2 for Two Rooms itself). */
    public int rooms() {
        return rooms;
    }

    /** The agent's dot σ in pixels. */
    public double dotSigma() {
        return dotSigma;
    }

    /** Image side in pixels. */
    public int size() {
        return size;
    }

    /** Width of one observation: 2 channels × size × size. */
    public int frameWidth() {
        return 2 * size * size;
    }

    /** Largest action norm, in action units (pixels of the 65×65 original): 2.45. */
    public double maxAction() {
        return 2.45;
    }

    /** Success radius: final distance to the goal below 4.5·s pixels (DINO-WM's threshold, EB-JEPA's). */
    public double successRadius() {
        return 4.5 * scale;
    }

    /** EB-JEPA's scale of this image (size / 65): step lengths and distances of the original, times this. */
    public double scale() {
        return scale;
    }

    /** Pixels the agent moves per action unit. */
    public double moveScale() {
        return moveScale;
    }

    /** Whether the wall and door are the same in every episode. */
    public boolean isFixed() {
        return fixedDoor;
    }

    /** The layout of one episode: each wall's x and its door's y from {@code rng} (or the fixed ones). */
    public Layout layout(Random rng) {
        WorkbenchException.require(rng != null, "TwoRooms.layout: rng is null");
        if (rooms == 2) {
            double wx = fixedDoor ? 32 * scale : (20 + 24 * rng.nextDouble()) * scale;
            double dy = fixedDoor ? 18 * scale : (10 + 44 * rng.nextDouble()) * scale;
            return new Layout(new double[] {wx}, new double[] {dy});
        }
        double spacing = (hi() - lo()) / rooms;
        double[] wx = new double[rooms - 1], dy = new double[rooms - 1];
        for (int i = 0; i < rooms - 1; i++) {
            wx[i] = lo() + spacing * (i + 1) + (fixedDoor ? 0 : (rng.nextDouble() - 0.5) * spacing / 4);
            dy[i] = (fixedDoor ? (i % 2 == 0 ? 18 : 47) : 10 + 44 * rng.nextDouble()) * scale;
        }
        return new Layout(wx, dy);
    }

    /** The two-room layout with the wall at {@code wallX} and the door at {@code doorY} (pixels). */
    public Layout layout(double wallX, double doorY) {
        WorkbenchException.require(rooms == 2, "TwoRooms.layout(wallX, doorY) is for two rooms; this environment has " + rooms
                + ": give every wall, layout(double[] wallXs, double[] doorYs)");
        return new Layout(new double[] {wallX}, new double[] {doorY});
    }

    /** The layout with wall i at {@code wallXs[i]} and its door at {@code doorYs[i]} (pixels, walls left to right). */
    public Layout layout(double[] wallXs, double[] doorYs) {
        WorkbenchException.require(wallXs != null && doorYs != null && wallXs.length == rooms - 1 && doorYs.length == rooms - 1,
                "TwoRooms.layout: " + rooms + " rooms need " + (rooms - 1) + " walls and as many doors");
        return new Layout(wallXs.clone(), doorYs.clone());
    }

    /** One episode's walls: the moves, the free space and the rendering. */
    public final class Layout {
        private final double[] wallX;
        private final double[] doorY;

        private Layout(double[] wallX, double[] doorY) {
            for (int i = 0; i < wallX.length; i++) {
                double left = i == 0 ? lo() : wallX[i - 1], right = i == wallX.length - 1 ? hi() : wallX[i + 1];
                WorkbenchException.require(Double.isFinite(wallX[i]) && wallX[i] > left + 2 + (i == 0 ? 0 : 2 * halfWall())
                                && wallX[i] < right - 2 - (i == wallX.length - 1 ? 0 : 2 * halfWall()),
                        "TwoRooms: wall " + i + " must stand inside the box, more than 2 px from its neighbours, got x = " + wallX[i]);
                WorkbenchException.require(Double.isFinite(doorY[i]) && doorY[i] > lo() && doorY[i] < hi(),
                        "TwoRooms: door " + i + " must be inside the box, got y = " + doorY[i]);
            }
            this.wallX = wallX;
            this.doorY = doorY;
        }

        /** The first (for Two Rooms: the only) wall's x, pixels. */
        public double wallX() {
            return wallX[0];
        }

        /** Wall {@code i}'s x, pixels (walls numbered left to right from 0). */
        public double wallX(int i) {
            return wallX[i];
        }

        /** Inner walls: rooms − 1. */
        public int walls() {
            return wallX.length;
        }

        /** The environment this layout belongs to. */
        public TwoRooms env() {
            return TwoRooms.this;
        }

        /** The first (for Two Rooms: the only) door's y, pixels. */
        public double doorY() {
            return doorY[0];
        }

        /** The y of wall {@code i}'s door, pixels. */
        public double doorY(int i) {
            return doorY[i];
        }

        /** Lowest coordinate the agent can reach (the border, 5·s in). */
        public double lo() {
            return TwoRooms.this.lo();
        }

        /** Highest coordinate the agent can reach. */
        public double hi() {
            return TwoRooms.this.hi();
        }

        /** Whether (x, y) is free space: inside the border and not inside the wall (the door is free). */
        public boolean free(double x, double y) {
            if (!(x >= lo() && x <= hi() && y >= lo() && y <= hi())) return false;
            for (int i = 0; i < wallX.length; i++)
                if (Math.abs(x - wallX[i]) <= halfWall() && Math.abs(y - doorY[i]) > halfDoor()) return false;
            return true;
        }

        /**
         * {@link TwoRooms#position} of a frame of this layout, as free space: an agent stopped by a wall stands on its
         * face, and a read-out that rounding put up to 1e-3 px inside the wall or the border is moved back onto it.
         *
         * @throws WorkbenchException for a frame whose agent is further inside a wall (not a frame of this layout)
         */
        public double[] position(float[] frame) {
            double[] s = TwoRooms.this.position(frame);
            if (free(s[0], s[1])) return s;
            double x = Math.max(lo(), Math.min(hi(), s[0])), y = Math.max(lo(), Math.min(hi(), s[1]));
            if (!free(x, y)) {
                int w = nearestWall(x);
                x = wallX[w] + Math.signum(x - wallX[w]) * (halfWall() + 1e-9);
            }
            WorkbenchException.require(free(x, y) && Math.hypot(x - s[0], y - s[1]) < 1e-3, "TwoRooms.position: the agent at ("
                    + s[0] + ", " + s[1] + ") is not in free space of " + this + "; is the frame from another layout?");
            return new double[] {x, y};
        }

        /** Which room (x, y) is in, numbered from 0 on the left: 0 left of the wall, 1 right of it in Two Rooms. */
        public int room(double x) {
            int r = 0;
            while (r < wallX.length && x >= wallX[r]) r++;
            return r;
        }

        private int nearestWall(double x) {
            int best = 0;
            for (int i = 1; i < wallX.length; i++) if (Math.abs(x - wallX[i]) < Math.abs(x - wallX[best])) best = i;
            return best;
        }

        /**
         * The position after action {@code a} from {@code p}: the action is clipped to norm {@link #maxAction()}
         * and scaled to this image ({@link #moveScale()}·a pixels), then followed in 16 sub-steps; at the first sub-step that would
         * enter a wall the agent stops.
         *
         * @throws WorkbenchException for a non-finite action or a position that is not free space
         */
        public double[] step(double[] p, double[] a) {
            WorkbenchException.require(p != null && p.length == 2 && a != null && a.length == 2,
                    "TwoRooms.step: position and action must be 2-D");
            WorkbenchException.require(Double.isFinite(a[0]) && Double.isFinite(a[1]), "TwoRooms.step: the action is not finite");
            WorkbenchException.require(free(p[0], p[1]), "TwoRooms.step: (" + p[0] + ", " + p[1] + ") is not free space");
            double[] q = p.clone();
            move(q, a.clone());
            return q;
        }

        /**
         * The positions along {@code actions} from {@code start}, each a {@link #step}: [T + 1][2] for T actions, the
         * first a copy of {@code start} (an imagined plan's real path, for pictures and for training data).
         *
         * @throws WorkbenchException as {@link #step} does, or for a missing start or plan
         */
        public double[][] path(double[] start, double[][] actions) {
            WorkbenchException.require(start != null && start.length == 2, "TwoRooms.path: the start must be a position (x, y)");
            WorkbenchException.require(actions != null, "TwoRooms.path: the actions are null");
            double[][] pos = new double[actions.length + 1][];
            pos[0] = start.clone();
            for (int t = 0; t < actions.length; t++) pos[t + 1] = step(pos[t], actions[t]);
            return pos;
        }

        /** {@link #step} in place, without the checks: {@code a} is clipped in place, {@code p} moved. */
        void move(double[] p, double[] a) {
            double n = Math.hypot(a[0], a[1]), max = maxAction();
            if (n > max) {
                a[0] *= max / n;
                a[1] *= max / n;
            }
            double ax = a[0] * moveScale(), ay = a[1] * moveScale();
            double x = p[0], y = p[1];
            for (int k = 1; k <= 16; k++) {
                double nx = p[0] + ax * k / 16, ny = p[1] + ay * k / 16;
                if (!free(nx, ny)) break;
                x = nx;
                y = ny;
            }
            p[0] = x;
            p[1] = y;
        }

        /** A uniform free position in room {@code room} (0 left, 1 right in Two Rooms), away from the walls. */
        public double[] sample(int room, Random rng) {
            WorkbenchException.require(room >= 0 && room <= wallX.length, "TwoRooms.sample: room must be in [0, " + wallX.length
                    + "], got " + room);
            double a = room == 0 ? lo() : wallX[room - 1] + halfWall() + 0.5;
            double b = room == wallX.length ? hi() : wallX[room] - halfWall() - 0.5;
            for (int tries = 0; tries < 1000; tries++) {
                double x = a + (b - a) * rng.nextDouble();
                double y = lo() + (hi() - lo()) * rng.nextDouble();
                if (free(x, y)) return new double[] {x, y};
            }
            throw new IllegalStateException("no free position found in room " + room);
        }

        /**
         * The observation at position p: channel 0 the agent, a Gaussian dot exp(−d²/2σ²); channel 1 the
         * walls, 1 on pixels whose centre is not free space (border and wall, not the door). Row-major, [2·size·size].
         */
        public float[] render(double[] p) {
            float[] f = new float[frameWidth()];
            render(p, f, 0);
            return f;
        }

        /** {@link #render(double[])} into {@code out} at {@code offset}. */
        public void render(double[] p, float[] out, int offset) {
            double inv = 1 / (2 * dotSigma * dotSigma);
            int plane = size * size;
            for (int r = 0; r < size; r++) {
                double y = r + 0.5;
                double dy = y - p[1];
                for (int c = 0; c < size; c++) {
                    double x = c + 0.5;
                    double dx = x - p[0];
                    out[offset + r * size + c] = (float) Math.exp(-(dx * dx + dy * dy) * inv);
                    out[offset + plane + r * size + c] = freeCell(x, y) ? 0f : 1f;
                }
            }
        }

        /** Whether a pixel centre is drawn free: the agent's reachable box extended to the border pixels' edge. */
        private boolean freeCell(double x, double y) {
            double pad = 0.5;
            if (!(x >= lo() - pad && x <= hi() + pad && y >= lo() - pad && y <= hi() + pad)) return false;
            for (int i = 0; i < wallX.length; i++)
                if (Math.abs(x - wallX[i]) <= halfWall() && Math.abs(y - doorY[i]) > halfDoor()) return false;
            return true;
        }

        @Override
        public String toString() {
            if (wallX.length == 1) return String.format("TwoRooms(%d px, wall x = %.2f, door y = %.2f)", size, wallX[0], doorY[0]);
            StringBuilder b = new StringBuilder("TwoRooms(" + size + " px, " + rooms + " rooms");
            for (int i = 0; i < wallX.length; i++) b.append(String.format(", wall x = %.2f door y = %.2f", wallX[i], doorY[i]));
            return b.append(")").toString();
        }
    }

    /**
     * The agent's position (x, y) in pixels, read back from a frame of this environment: the brightest pixel of
     * the dot channel and its two neighbours on each axis. For a Gaussian dot the log-ratio of the neighbours is
     * linear in the offset, ln f(c+1) − ln f(c−1) = −2(c + ½ − x)/σ², so the read-out is exact up to float
     * rounding (≈ 1e-5 px) — no probe is needed for the true-dynamics energy.
     *
     * @param frame [2·size·size], as {@link Layout#render} draws it
     * @throws WorkbenchException for a frame of the wrong width or one without a dot
     */
    public double[] position(float[] frame) {
        WorkbenchException.require(frame != null && frame.length == frameWidth(), "TwoRooms.position: a frame has "
                + frameWidth() + " values (2 × " + size + " × " + size + "), got " + (frame == null ? "null" : frame.length));
        int best = 0;
        for (int i = 1; i < size * size; i++) if (frame[i] > frame[best]) best = i;
        int r = best / size, c = best % size;
        WorkbenchException.require(frame[best] > 0.2f && r > 0 && c > 0 && r < size - 1 && c < size - 1,
                "TwoRooms.position: the frame shows no agent dot inside the border (brightest dot pixel " + frame[best] + " at row "
                        + r + ", column " + c + ")");
        double s2 = dotSigma * dotSigma;
        double x = c + 0.5 + s2 * (Math.log(frame[best + 1]) - Math.log(frame[best - 1])) / 2;
        double y = r + 0.5 + s2 * (Math.log(frame[best + size]) - Math.log(frame[best - size])) / 2;
        WorkbenchException.require(Double.isFinite(x) && Double.isFinite(y), "TwoRooms.position: the dot's neighbours are zero;"
                + " is this frame from an environment with dot σ " + dotSigma + " px?");
        return new double[] {x, y};
    }

    double lo() {
        return 5 * scale;
    }

    double hi() {
        return size - 5 * scale;
    }

    double halfWall() {
        return 1.5 * scale;
    }

    double halfDoor() {
        return 4 * scale;
    }

    @Override
    public String toString() {
        return "TwoRooms(" + size + "×" + size + (rooms == 2 ? "" : ", " + rooms + " rooms") + (fixedDoor ? ", fixed door" : ", random door")
                + String.format(", %.2f px per action unit, dot σ %.2f px)", moveScale, dotSigma);
    }
}
