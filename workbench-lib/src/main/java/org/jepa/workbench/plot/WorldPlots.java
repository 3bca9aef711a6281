package org.jepa.workbench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.energy.EnergyMetrics;
import org.jepa.workbench.world.ActionEnergy;
import org.jepa.workbench.world.ActionLandscape;
import org.jepa.workbench.world.Episode;
import org.jepa.workbench.world.Landmarks;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.jepa.workbench.world.ForbiddenRegion;
import org.jepa.workbench.eval.RegressionProbe;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Pictures of the world model: Two Rooms frames, planned episodes, the planners' iterations and the
 * energy over actions. Images a notebook cell can end with.
 *
 * <pre>{@code
 * WorldPlots.trajectories(data, 4, 6);          // 4 trajectories × 6 frames
 * WorldPlots.episode(episode, 5);               // the path, and every 5th frame
 * WorldPlots.planIterations(episode.firstPlan());
 * WorldPlots.landscape(modelLandscape, trueLandscape);
 * }</pre>
 */
public final class WorldPlots {
    static {
        FirstUse.run();
    }

    private static final Color WALL = new Color(90, 90, 90);
    private static final Color AGENT = new Color(220, 40, 40);

    private WorldPlots() {
    }

    /** One observation drawn at {@code zoom} screen pixels per image pixel: walls grey, the dot red. */
    public static BufferedImage frame(TwoRooms.Layout layout, double[] position, int zoom) {
        WorkbenchException.require(layout != null && position != null, "WorldPlots.frame: layout and position are required");
        WorkbenchException.require(zoom >= 1 && zoom <= 32, "WorldPlots.frame: zoom must be in [1, 32], got " + zoom);
        int s = layout.env().size();
        float[] f = layout.render(position);
        BufferedImage img = new BufferedImage(s * zoom, s * zoom, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                double dot = f[r * s + c];
                boolean wall = f[s * s + r * s + c] > 0.5;
                Color base = wall ? WALL : Color.WHITE;
                int rgb = mix(base, AGENT, Math.min(1, dot)).getRGB();
                for (int y = 0; y < zoom; y++) for (int x = 0; x < zoom; x++) img.setRGB(c * zoom + x, r * zoom + y, rgb);
            }
        }
        return img;
    }

    /** The first {@code n} trajectories of {@code data}, one per row, their first {@code frames} frames per column. */
    public static BufferedImage trajectories(Trajectories data, int n, int frames) {
        WorkbenchException.require(data != null, "WorldPlots.trajectories: data is null");
        WorkbenchException.require(n >= 1 && n <= data.size(), "WorldPlots.trajectories: n must be in [1, " + data.size() + "], got " + n);
        WorkbenchException.require(frames >= 1 && frames <= data.frames(), "WorldPlots.trajectories: frames must be in [1, "
                + data.frames() + "], got " + frames);
        int zoom = zoom(data.env().size(), 84);
        List<BufferedImage> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Trajectories.Trajectory t = data.get(i);
            for (int k = 0; k < frames; k++) tiles.add(pad(frame(t.layout(), t.positions()[k], zoom), 2));
        }
        return EnergyPlots.grid(tiles, frames, n + " trajectories of " + data.env() + " (time →)");
    }

    /**
     * A planned episode: the layout with the executed path (start green, goal as a ring of the success radius,
     * end red), then every {@code every}-th observation.
     */
    public static BufferedImage episode(Episode e, int every) {
        WorkbenchException.require(e != null, "WorldPlots.episode: episode is null");
        WorkbenchException.require(every >= 1, "WorldPlots.episode: every must be >= 1, got " + every);
        int s = e.layout().env().size();
        int zoom = zoom(s, 280);
        BufferedImage map = frame(e.layout(), e.end(), zoom);
        Graphics2D g = map.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawPath(g, e, zoom);
        double[][] p = e.positions();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("%s: %s, %.2f px", e.planner(), e.success() ? "reached" : "missed", e.finalDistance()), 4, 14);
        g.dispose();
        List<BufferedImage> strip = new ArrayList<>();
        int small = zoom(s, 84);
        for (int t = 0; t < p.length; t += every) strip.add(pad(frame(e.layout(), p[t], small), 2));
        if ((p.length - 1) % every != 0) strip.add(pad(frame(e.layout(), p[p.length - 1], small), 2));
        BufferedImage frames = EnergyPlots.grid(strip, Math.min(strip.size(), 5), "every " + every + " steps");
        return sideBySide(e.toString(), map, frames);
    }

    /**
     * A hierarchical episode on its map: hazards (orange), the executed path (blue), and each subgoal the high level
     * set (purple, numbered in order; consecutive repeats drawn once), read back to a position by {@code probe}
     * (null when the latents are positions, as for the true dynamics).
     */
    public static BufferedImage subgoals(Episode e, RegressionProbe probe, ForbiddenRegion... hazards) {
        WorkbenchException.require(e != null, "WorldPlots.subgoals: episode is null");
        int s = e.layout().env().size();
        int zoom = zoom(s, 360);
        BufferedImage map = frame(e.layout(), e.end(), zoom);
        Graphics2D g = map.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (ForbiddenRegion h : hazards) {
            double[] b = h.bounds();
            g.setColor(new Color(255, 140, 0, 90));
            g.fillRect((int) (b[0] * zoom), (int) (b[1] * zoom), (int) ((b[2] - b[0]) * zoom), (int) ((b[3] - b[1]) * zoom));
        }
        drawPath(g, e, zoom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        double[] last = null;
        int k = 0;
        for (Episode.Subgoal sg : e.subgoals()) {
            double[] q = position(sg, probe);
            if (last != null && Math.hypot(q[0] - last[0], q[1] - last[1]) < 0.3) continue;
            last = q;
            int x = (int) (q[0] * zoom), y = (int) (q[1] * zoom);
            g.setColor(new Color(130, 40, 170));
            g.drawLine(x - 5, y - 5, x + 5, y + 5);
            g.drawLine(x - 5, y + 5, x + 5, y - 5);
            g.drawString(String.valueOf(++k), x + 6, y - 4);
        }
        g.dispose();
        return sideBySide(String.format("%s: %s, %.2f px, %d subgoals", e.planner(), e.success() ? "reached" : "missed",
                e.finalDistance(), k), map);
    }

    /**
     * A {@link Landmarks} graph as the high level sees it: each remembered frame at its true position, coloured by its
     * route length to the goal (viridis, dark near the goal; grey where no route leads), with a landmark episode on
     * top — its path (blue) and subgoals (purple, read back by {@code probe}; null when latents are positions). The
     * colours are the high level's cost-to-go: where they run round a wall rather than through it, the route does.
     */
    public static BufferedImage landmarks(Landmarks memory, Landmarks.Route route, Episode e, RegressionProbe probe) {
        WorkbenchException.require(memory != null && route != null && e != null, "WorldPlots.landmarks: graph, route and episode are required");
        WorkbenchException.require(route.togo().length == memory.size(), "WorldPlots.landmarks: the route is not of this graph");
        int zoom = zoom(e.layout().env().size(), 360);
        BufferedImage map = frame(e.layout(), e.end(), zoom);
        Graphics2D g = map.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double far = Arrays.stream(route.togo()).filter(Double::isFinite).max().orElse(1);
        for (int i = 0; i < memory.size(); i++) {
            double[] p = memory.position(i);
            double d = route.togo()[i];
            g.setColor(Double.isFinite(d) ? EnergyPlots.viridis(d / Math.max(far, 1e-12)) : Color.LIGHT_GRAY);
            g.fillOval((int) (p[0] * zoom) - 2, (int) (p[1] * zoom) - 2, 4, 4);
        }
        drawPath(g, e, zoom);
        g.setColor(new Color(130, 40, 170));
        g.setStroke(new BasicStroke(2f));
        for (Episode.Subgoal sg : e.subgoals()) {
            double[] q = position(sg, probe);
            int x = (int) (q[0] * zoom), y = (int) (q[1] * zoom);
            g.drawLine(x - 4, y - 4, x + 4, y + 4);
            g.drawLine(x - 4, y + 4, x + 4, y - 4);
        }
        g.dispose();
        return sideBySide(String.format("%d frames by route to goal (dark: near); %s, %.2f px", memory.size(),
                e.success() ? "reached" : "missed", e.finalDistance()), map);
    }

    /**
     * What a plan believes against what it does: the path the model imagines for {@code actions} from {@code start}
     * (red, each imagined latent read back to a position by {@code probe}) and the real path of the same actions in
     * the environment (blue), on the layout's map with the goal's success radius (orange). Where the red path crosses
     * a wall the blue one stops at, the model is wrong in the planner's favour — what a planner searching it finds.
     *
     * @param actions a plan, [H][2] (e.g. {@code Plan.actions()}); each action clipped as the energy clips it
     */
    public static BufferedImage imagined(ActionEnergy energy, RegressionProbe probe, TwoRooms.Layout room, double[] start,
                                         double[] goal, double[][] actions) {
        WorkbenchException.require(energy != null && probe != null && room != null && actions != null && actions.length >= 1,
                "WorldPlots.imagined: energy, probe, layout and a non-empty plan are required");
        WorkbenchException.require(start != null && start.length == 2 && goal != null && goal.length == 2,
                "WorldPlots.imagined: start and goal are positions (x, y)");
        int h = actions.length, fw = room.env().frameWidth();
        double[][] clipped = new double[h][];
        for (int t = 0; t < h; t++) {
            clipped[t] = actions[t].clone();
            energy.clip(clipped[t]);
        }
        double[][] real = room.path(start, clipped);
        INDArray z0 = energy.latent(Nd4j.create(room.render(start), 1, fw));
        INDArray a = Nd4j.createFromArray(new double[][][] {clipped}).castTo(z0.dataType());
        INDArray z = energy.imagine(z0, a).reshape(h, energy.latentWidth());
        double[][] seen = probe.predict(z.castTo(DataType.DOUBLE)).toDoubleMatrix();
        double[][] imagined = new double[h + 1][];
        imagined[0] = probe.predict(z0.castTo(DataType.DOUBLE)).toDoubleVector();
        System.arraycopy(seen, 0, imagined, 1, h);
        int s = room.env().size(), zoom = zoom(s, 360);
        BufferedImage map = frame(room, start, zoom);
        Graphics2D g = map.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(30, 90, 200));
        for (int t = 1; t <= h; t++) g.drawLine((int) (real[t - 1][0] * zoom), (int) (real[t - 1][1] * zoom), (int) (real[t][0] * zoom), (int) (real[t][1] * zoom));
        g.setColor(new Color(210, 40, 40));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
        for (int t = 1; t <= h; t++) g.drawLine((int) (imagined[t - 1][0] * zoom), (int) (imagined[t - 1][1] * zoom), (int) (imagined[t][0] * zoom), (int) (imagined[t][1] * zoom));
        double r = room.env().successRadius() * zoom;
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(230, 150, 0));
        g.drawOval((int) (goal[0] * zoom - r), (int) (goal[1] * zoom - r), (int) (2 * r), (int) (2 * r));
        g.dispose();
        double end = Math.hypot(imagined[h][0] - real[h][0], imagined[h][1] - real[h][1]);
        return sideBySide(String.format("%d actions imagined (red dashes) and played (blue): ends %.1f px apart", h, end), map);
    }

    /** Where a subgoal lies: its latent read back by {@code probe}, or the latent itself (a position) when null. */
    private static double[] position(Episode.Subgoal sg, RegressionProbe probe) {
        return probe == null ? sg.latent() : probe.predict(Nd4j.createFromArray(new double[][] {sg.latent()})).toDoubleVector();
    }

    /** The executed path (blue), the start (green) and the goal's success radius (orange ring). */
    private static void drawPath(Graphics2D g, Episode e, int zoom) {
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(30, 90, 200));
        double[][] p = e.positions();
        for (int t = 1; t < p.length; t++) {
            g.drawLine((int) (p[t - 1][0] * zoom), (int) (p[t - 1][1] * zoom), (int) (p[t][0] * zoom), (int) (p[t][1] * zoom));
        }
        double r = e.layout().env().successRadius() * zoom;
        g.setColor(new Color(0, 150, 60));
        g.fillOval((int) (p[0][0] * zoom) - 5, (int) (p[0][1] * zoom) - 5, 10, 10);
        g.setColor(new Color(230, 150, 0));
        g.drawOval((int) (e.goal()[0] * zoom - r), (int) (e.goal()[1] * zoom - r), (int) (2 * r), (int) (2 * r));
    }

    /** Several pictures side by side under one title (e.g. {@link #subgoals} of two planners on the same episode). */
    public static BufferedImage sideBySide(String title, BufferedImage... images) {
        WorkbenchException.require(images != null && images.length >= 1, "WorldPlots.sideBySide: give at least one image");
        int head = 26, gap = 12, w = -gap, h = 0;
        for (BufferedImage i : images) {
            w += i.getWidth() + gap;
            h = Math.max(h, i.getHeight());
        }
        BufferedImage out = new BufferedImage(w, head + h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        String text = title == null ? "" : title;
        int size = 14;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        while (size > 8 && g.getFontMetrics().stringWidth(text) > w - 8) g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --size));
        g.drawString(text, 4, 18);
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, head, null);
            x += i.getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    /** Best energy so far and the elite mean ± std per planner iteration (a {@code Plan.iterations()} table). */
    public static XYChart planIterations(Table... iterations) {
        WorkbenchException.require(iterations != null && iterations.length > 0, "WorldPlots.planIterations: no tables");
        XYChart c = new XYChartBuilder().width(640).height(380).title("Planner iterations")
                .xAxisTitle("iteration").yAxisTitle("energy").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Table t : iterations) {
            for (String col : List.of("iteration", "best", "elite_mean", "elite_std")) {
                WorkbenchException.require(t.columnNames().contains(col), "WorldPlots.planIterations: table '" + t.name()
                        + "' has no column '" + col + "' (use Plan.iterations() or Episode.firstPlan())");
            }
            double[] x = t.numberColumn("iteration").asDoubleArray();
            c.addSeries(t.name() + " best", x, t.doubleColumn("best").asDoubleArray()).setMarker(SeriesMarkers.NONE);
            c.addSeries(t.name() + " elite mean ± std", x, t.doubleColumn("elite_mean").asDoubleArray(),
                    t.doubleColumn("elite_std").asDoubleArray());
        }
        return c;
    }

    /**
     * Heatmaps of energy over the first action (Δx, Δy), side by side, each with its grid minimum marked
     * (white cross) — e.g. the model's planning energy and the same cost measured in the environment.
     */
    public static BufferedImage landscape(ActionLandscape... maps) {
        WorkbenchException.require(maps != null && maps.length > 0, "WorldPlots.landscape: no landscapes");
        List<BufferedImage> tiles = new ArrayList<>();
        for (ActionLandscape m : maps) tiles.add(heat(m));
        return EnergyPlots.grid(tiles, tiles.size(), null);
    }

    private static BufferedImage heat(ActionLandscape m) {
        int n = m.resolution(), cell = Math.max(2, 240 / n), left = 44, top = 28, bottom = 36, right = 16;
        int w = left + n * cell + right, h = top + n * cell + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double[][] e = m.energies();
        double[] flat = Arrays.stream(e).flatMapToDouble(Arrays::stream).toArray();
        double lo = Arrays.stream(flat).min().orElseThrow();
        double hi = EnergyMetrics.quantile(flat, 0.95);           // as EnergyPlots' heatmaps: the top 5 % saturate
        if (hi <= lo) hi = lo + 1e-12;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g.setColor(EnergyPlots.viridis((e[i][j] - lo) / (hi - lo)));
                // row i is Δy (down the image, as in the frames), column j is Δx
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
            }
        }
        int[] best = m.argmin();
        int bx = left + best[1] * cell + cell / 2, by = top + best[0] * cell + cell / 2;
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(bx - 6, by - 6, bx + 6, by + 6);
        g.drawLine(bx - 6, by + 6, bx + 6, by - 6);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(m.title(), left, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format("Δx ∈ [%.2g, %.2g] →   min at (%.2f, %.2f)", -m.extent(), m.extent(), m.action(best)[0],
                m.action(best)[1]), left, h - 14);
        g.rotate(-Math.PI / 2);
        g.drawString("Δy ↓", -(top + n * cell / 2 + 10), 20);
        g.dispose();
        return img;
    }

    private static int zoom(int size, int target) {
        return Math.max(1, Math.min(32, Math.round(target / (float) size)));
    }

    private static BufferedImage pad(BufferedImage img, int p) {
        BufferedImage out = new BufferedImage(img.getWidth() + 2 * p, img.getHeight() + 2 * p, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(img, p, p, null);
        g.dispose();
        return out;
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) (a.getRed() + t * (b.getRed() - a.getRed())), (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
