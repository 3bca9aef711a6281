package org.jepa.workbench.video;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;

/**
 * A small 2-D physics world rendered to grey-scale clips: one ball under gravity, bouncing elastically off
 * the walls, the floor and an optional solid shelf (the obstacle), seen through an optional occluder (a
 * vertical bar in front of the ball). Pixels are in [0, 1]; y grows downwards.
 *
 * <p>Defaults: 32×32 frames, 16 frames per clip, ball radius 2.5 px, gravity 0.25 px/frame², occluder
 * 8 px wide and drawn at grey 0.5 over the ball, shelf 8×3 px at grey 0.75 under it. The ball starts in the
 * upper half with velocity U(−1.5, 1.5) × U(−1, 1) px/frame. Each frame integrates 4 sub-steps
 * (semi-implicit Euler), so a bounce is resolved within a quarter frame.
 *
 * <pre>{@code
 * BallWorld world = BallWorld.defaults();
 * BallWorld.Clip clip = world.simulate(world.scene(rng), world.start(scene, rng), Event.none());
 * float[][] frames = clip.frames();                       // [16][32·32]
 * }</pre>
 */
public final class BallWorld {
    static final int SUBSTEPS = 4;
    private final int size;
    private final int frames;
    private final double radius;
    private final double gravity;
    private final double occluderWidth = 8;
    private final double shelfWidth = 8;
    private final double shelfHeight = 3;

    private BallWorld(int size, int frames, double radius, double gravity) {
        this.size = size;
        this.frames = frames;
        this.radius = radius;
        this.gravity = gravity;
    }

    /** 32×32 frames, 16 per clip, radius 2.5 px, gravity 0.25 px/frame². */
    public static BallWorld defaults() {
        return new BallWorld(32, 16, 2.5, 0.25);
    }

    /** The same world with {@code n} frames per clip (6 ≤ n ≤ 64). */
    public BallWorld frames(int n) {
        WorkbenchException.require(n >= 6 && n <= 64, "BallWorld: frames per clip must be in [6, 64], got " + n);
        return new BallWorld(size, n, radius, gravity);
    }

    /** The same world with {@code s}×{@code s} frames (24 ≤ s ≤ 128). */
    public BallWorld size(int s) {
        WorkbenchException.require(s >= 24 && s <= 128, "BallWorld: frame size must be in [24, 128] px, got " + s);
        return new BallWorld(s, frames, radius, gravity);
    }

    /** The same world with gravity {@code g} px/frame² (0 ≤ g ≤ 2; 0 keeps the ball's speed constant). */
    public BallWorld gravity(double g) {
        WorkbenchException.require(Double.isFinite(g) && g >= 0 && g <= 2, "BallWorld: gravity must be in [0, 2] px/frame², got " + g);
        return new BallWorld(size, frames, radius, g);
    }

    public int size() {
        return size;
    }

    /** Frames per clip T. */
    public int frames() {
        return frames;
    }

    /** Pixels per frame, size². */
    public int framePixels() {
        return size * size;
    }

    public double radius() {
        return radius;
    }

    public double gravity() {
        return gravity;
    }

    /**
     * What stands in the world besides the ball: an occluder (a full-height bar from x = occluderX, 8 px wide),
     * a shelf (the obstacle: from (shelfX, shelfY), 8 px wide, 3 px high), each present or not, and an optional
     * peg.
     */
    public record Scene(boolean occluder, double occluderX, boolean shelf, double shelfX, double shelfY, Peg peg) {
        /** A scene without a peg. */
        public Scene(boolean occluder, double occluderX, boolean shelf, double shelfX, double shelfY) {
            this(occluder, occluderX, shelf, shelfX, shelfY, null);
        }
    }

    /**
     * A peg whose top is at (x, y), drawn 2×2 px: a ball that lands on it is knocked sideways, to the right
     * or the left — which way is a coin flip of the clip ({@code right}), not something the frames before
     * the impact can tell. The world's one unpredictable event.
     */
    public record Peg(double x, double y, boolean right) {
    }

    /** The ball's state: centre (x, y) in px, velocity in px/frame, radius in px, and whether it exists. */
    public record Ball(double x, double y, double vx, double vy, double radius, boolean visible) {
    }

    /**
     * A rendered clip and what produced it.
     *
     * @param frames    [T][size²] pixels in [0, 1], row-major
     * @param balls     the ball's state at each frame
     */
    public record Clip(Scene scene, float[][] frames, Ball[] balls) {
    }

    /** A random scene: occluder and shelf each present with probability {@code p}. */
    public Scene scene(Random rng, double p) {
        boolean occ = rng.nextDouble() < p, shelf = rng.nextDouble() < p;
        return scene(rng, occ, shelf);
    }

    /** A scene with the occluder and shelf as given, at random places. */
    public Scene scene(Random rng, boolean occluder, boolean shelf) {
        double ox = 6 + rng.nextDouble() * (size - 12 - occluderWidth);
        double sx = 4 + rng.nextDouble() * (size - 8 - shelfWidth);
        double sy = size / 2.0 + rng.nextDouble() * (size / 2.0 - 8);
        return new Scene(occluder, ox, shelf, sx, sy);
    }

    /**
     * A clip of the training distribution: with probability 1/4 a ball dropped onto a peg (see {@link #pegDrop}),
     * otherwise a random scene (occluder and shelf each with probability 1/2) and start.
     */
    public Clip randomClip(Random rng) {
        if (rng.nextDouble() < 0.25) {
            Scene s = pegScene(rng, rng.nextBoolean());
            return simulate(s, pegStart(s, rng), Event.none());
        }
        Scene scene = scene(rng, 0.5);
        return simulate(scene, start(scene, rng), Event.none());
    }

    /**
     * A possible clip in which the ball passes fully behind the occluder and comes out again: hidden at some
     * frame in 3 … T − 4 and visible at a later frame. Drawn by rejection from scenes with an occluder and no
     * shelf — the footage from which a model can learn that a hidden ball comes back (see
     * {@link PhysicsClips#occlusions}).
     */
    public Clip occludedClip(Random rng) {
        for (int tries = 0; tries < 100_000; tries++) {
            Scene scene = scene(rng, true, false);
            Clip c = simulate(scene, start(scene, rng), Event.none());
            if (passesBehind(c)) return c;
        }
        throw new WorkbenchException("BallWorld: no clip with the ball passing behind the occluder in 100000 tries for " + this
                + "; the world is too small or too short");
    }

    /**
     * The first frame in 3 … T − 4 at which the occluder hides the ball entirely, or −1: where a model has context
     * before the ball disappears and frames after it (object permanence pairs vanish the ball here).
     */
    public int firstHidden(Clip c) {
        for (int f = 3; f <= c.balls().length - 4; f++) if (hidden(c.scene(), c.balls()[f])) return f;
        return -1;
    }

    /** Whether the ball is hidden at {@link #firstHidden} and seen again at a later frame. */
    public boolean passesBehind(Clip c) {
        int h = firstHidden(c);
        for (int f = h + 1; h >= 0 && f < c.balls().length; f++) if (!hidden(c.scene(), c.balls()[f])) return true;
        return false;
    }

    /**
     * The same ball dropped onto the same peg twice: identical until the impact, then knocked left in the
     * first clip and right in the second.
     */
    public Clip[] pegDrop(Random rng) {
        Scene left = pegScene(rng, false);
        Ball start = pegStart(left, rng);
        Scene right = new Scene(false, 0, false, 0, 0, new Peg(left.peg().x(), left.peg().y(), true));
        return new Clip[] {simulate(left, start, Event.none()), simulate(right, start, Event.none())};
    }

    private Scene pegScene(Random rng, boolean right) {
        return new Scene(false, 0, false, 0, 0, new Peg(10 + rng.nextDouble() * (size - 20), size / 2.0 + rng.nextDouble() * 4, right));
    }

    /** Straight above the peg, falling at 0.5–1.5 px/frame, so it lands a few frames into the clip. */
    private Ball pegStart(Scene s, Random rng) {
        return new Ball(s.peg().x(), radius + 1 + rng.nextDouble() * 3, 0, 0.5 + rng.nextDouble(), radius, true);
    }

    /** A random start in the upper half, outside the shelf. */
    public Ball start(Scene scene, Random rng) {
        for (int tries = 0; ; tries++) {
            double x = radius + rng.nextDouble() * (size - 2 * radius);
            double y = radius + rng.nextDouble() * (size / 2.0 - radius);
            Ball b = new Ball(x, y, -1.5 + 3 * rng.nextDouble(), -1 + 2 * rng.nextDouble(), radius, true);
            if (!scene.shelf() || !touchesShelf(scene, x, y, radius)) return b;
            WorkbenchException.require(tries < 1000, "BallWorld: no start outside the shelf after 1000 tries");
        }
    }

    /**
     * A change to the laws at one frame: how the impossible member of a pair differs from the possible one.
     *
     * @param frame    the frame from which the change holds (ignored by {@link #ghost})
     * @param vanish   the ball stops existing (object permanence)
     * @param dx       teleport by (dx, dy) px (continuity)
     * @param grow     radius multiplied by this factor (1 = unchanged)
     * @param ghost    the shelf is drawn but not solid (solidity), for the whole clip
     */
    public record Event(int frame, boolean vanish, double dx, double dy, double grow, boolean ghost) {
        /** No event: the laws hold. */
        public static Event none() {
            return new Event(Integer.MAX_VALUE, false, 0, 0, 1, false);
        }
    }

    /** Simulates and renders T frames from {@code start}; frame 0 shows {@code start}. */
    public Clip simulate(Scene scene, Ball start, Event event) {
        WorkbenchException.require(scene != null && start != null && event != null, "BallWorld.simulate: scene, start and event are required");
        Ball[] balls = new Ball[frames];
        float[][] out = new float[frames][];
        double x = start.x(), y = start.y(), vx = start.vx(), vy = start.vy(), r = start.radius();
        boolean visible = start.visible();
        boolean solid = scene.shelf() && !event.ghost();
        boolean pegHit = false;
        for (int t = 0; t < frames; t++) {
            if (t > 0) {
                double h = 1.0 / SUBSTEPS;
                for (int s = 0; s < SUBSTEPS; s++) {
                    vy += gravity * h;
                    x += vx * h;
                    y += vy * h;
                    if (x < r) { x = 2 * r - x; vx = Math.abs(vx); }
                    if (x > size - r) { x = 2 * (size - r) - x; vx = -Math.abs(vx); }
                    if (y < r) { y = 2 * r - y; vy = Math.abs(vy); }
                    if (y > size - r) { y = 2 * (size - r) - y; vy = -Math.abs(vy); }
                    Peg peg = scene.peg();
                    double pd = peg == null ? Double.POSITIVE_INFINITY : Math.hypot(x - peg.x(), y - peg.y());
                    if (pd < r + 1) {
                        if (!pegHit) {                         // first contact: knocked sideways, small rebound
                            pegHit = true;
                            vx = peg.right() ? 1.5 : -1.5;
                            vy = -0.3 * Math.abs(vy);
                        }
                        // the peg is solid (a disc of radius 1 at its top): push out along the normal, reflect inward motion
                        double nx = pd == 0 ? 0 : (x - peg.x()) / pd, ny = pd == 0 ? -1 : (y - peg.y()) / pd;
                        x = peg.x() + nx * (r + 1);
                        y = peg.y() + ny * (r + 1);
                        double vn = vx * nx + vy * ny;
                        if (vn < 0) { vx -= 2 * vn * nx; vy -= 2 * vn * ny; }
                    }
                    if (solid && touchesShelf(scene, x, y, r)) {
                        // push out along the axis of least penetration and reflect that velocity component
                        double left = x - (scene.shelfX() - r), right = scene.shelfX() + shelfWidth + r - x;
                        double top = y - (scene.shelfY() - r), bottom = scene.shelfY() + shelfHeight + r - y;
                        double m = Math.min(Math.min(left, right), Math.min(top, bottom));
                        if (m == top) { y -= 2 * top; vy = -Math.abs(vy); }
                        else if (m == bottom) { y += 2 * bottom; vy = Math.abs(vy); }
                        else if (m == left) { x -= 2 * left; vx = -Math.abs(vx); }
                        else { x += 2 * right; vx = Math.abs(vx); }
                    }
                }
            }
            if (t == event.frame()) {
                if (event.vanish()) visible = false;
                x = Math.min(size - r, Math.max(r, x + event.dx()));
                y = Math.min(size - r, Math.max(r, y + event.dy()));
                r *= event.grow();
            }
            balls[t] = new Ball(x, y, vx, vy, r, visible);
            out[t] = render(scene, balls[t]);
        }
        return new Clip(scene, out, balls);
    }

    /** Whether a ball of radius r at (x, y) overlaps the scene's shelf (as a box grown by r). */
    boolean touchesShelf(Scene s, double x, double y, double r) {
        return x > s.shelfX() - r && x < s.shelfX() + shelfWidth + r && y > s.shelfY() - r && y < s.shelfY() + shelfHeight + r;
    }

    /** Whether the occluder hides a ball of radius r at x entirely. */
    public boolean hidden(Scene s, Ball b) {
        return s.occluder() && b.x() - b.radius() >= s.occluderX() - 0.5 && b.x() + b.radius() <= s.occluderX() + occluderWidth + 0.5;
    }

    /** One frame, row-major [size²]: shelf, then ball (anti-aliased disc), then occluder in front. */
    public float[] render(Scene s, Ball b) {
        float[] f = new float[size * size];
        if (s.shelf()) fillBox(f, s.shelfX(), s.shelfY(), shelfWidth, shelfHeight, 0.75f);
        if (s.peg() != null) fillBox(f, s.peg().x() - 1, s.peg().y(), 2, 2, 0.75f);
        if (b.visible()) {
            int x0 = (int) Math.floor(b.x() - b.radius() - 1), x1 = (int) Math.ceil(b.x() + b.radius() + 1);
            int y0 = (int) Math.floor(b.y() - b.radius() - 1), y1 = (int) Math.ceil(b.y() + b.radius() + 1);
            for (int py = Math.max(0, y0); py <= Math.min(size - 1, y1); py++) {
                for (int px = Math.max(0, x0); px <= Math.min(size - 1, x1); px++) {
                    double d = Math.hypot(px + 0.5 - b.x(), py + 0.5 - b.y());
                    float v = (float) Math.min(1, Math.max(0, b.radius() + 0.5 - d));
                    f[py * size + px] = Math.max(f[py * size + px], v);
                }
            }
        }
        if (s.occluder()) fillBox(f, s.occluderX(), 0, occluderWidth, size, 0.5f);
        return f;
    }

    /** Sets the pixels whose centres lie in the box to {@code v}. */
    private void fillBox(float[] f, double x, double y, double w, double h, float v) {
        for (int py = 0; py < size; py++) {
            if (py + 0.5 < y || py + 0.5 > y + h) continue;
            for (int px = 0; px < size; px++) {
                if (px + 0.5 >= x && px + 0.5 <= x + w) f[py * size + px] = v;
            }
        }
    }

    @Override
    public String toString() {
        return "BallWorld(" + size + "×" + size + ", " + frames + " frames, radius " + radius + " px, gravity " + gravity + " px/frame²)";
    }
}
