package org.jepa.workbench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.energy.Bounds;
import org.jepa.workbench.energy.Energy;
import org.jepa.workbench.energy.EnergyMetrics;
import org.jepa.workbench.energy.FreeEnergy;
import org.jepa.workbench.energy.Landscape;
import org.jepa.workbench.energy.LatentVariableEnergy;
import org.jepa.workbench.energy.EnergyRun;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Pictures of energy landscapes. XChart has no contour plot, so heatmaps are rendered with Java2D into a
 * {@link BufferedImage}: a perceptual (viridis) colour map, iso-energy lines by marching squares, data
 * points, optional −∇E arrows, and a colour bar. Line charts (F_β cross-sections, System-2 iterations)
 * are XChart {@link XYChart}s. A notebook cell can end with either.
 * <pre>{@code
 * BufferedImage img = EnergyPlots.heatmap(landscape).data(points).arrows(energy, 15).render();
 * }</pre>
 */
public final class EnergyPlots {
    static {
        FirstUse.run(); // a cell may start from a plot: let the notebook layer register its renderers
    }

    private EnergyPlots() {
    }

    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {110, 206, 88}, {181, 222, 43}, {253, 231, 37}};

    /** Viridis colour for t ∈ [0, 1]. */
    public static Color viridis(double t) {
        t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) t, VIRIDIS.length - 2);
        double f = t - i;
        int[] a = VIRIDIS[i], b = VIRIDIS[i + 1];
        return new Color((int) (a[0] + f * (b[0] - a[0])), (int) (a[1] + f * (b[1] - a[1])), (int) (a[2] + f * (b[2] - a[2])));
    }

    public static HeatmapBuilder heatmap(Landscape landscape) {
        WorkbenchException.require(landscape != null, "heatmap: landscape is null");
        return new HeatmapBuilder(landscape);
    }

    /** Fluent heatmap renderer. Defaults: 380×340 px, 10 iso-lines, colours clipped at the 95% quantile. */
    public static final class HeatmapBuilder {
        private final Landscape l;
        private int width = 380, height = 340, levels = 10, arrowsPerAxis = 0;
        private double clip = 0.95;
        private double[][] data;
        private Energy arrowEnergy;
        private String title;
        private Double highlight;

        private HeatmapBuilder(Landscape l) {
            this.l = l;
            this.title = l.title();
        }

        public HeatmapBuilder size(int w, int h) {
            WorkbenchException.require(w >= 120 && h >= 100, "heatmap size too small");
            width = w;
            height = h;
            return this;
        }

        /** Number of iso-energy lines (0 for none). */
        public HeatmapBuilder levels(int n) {
            WorkbenchException.require(n >= 0, "levels must be >= 0");
            levels = n;
            return this;
        }

        /** Upper colour limit as a quantile of the grid energies (0 < q ≤ 1); higher energies saturate. */
        public HeatmapBuilder clipQuantile(double q) {
            WorkbenchException.require(q > 0 && q <= 1, "clipQuantile must be in (0, 1]");
            clip = q;
            return this;
        }

        /** Points to overlay, [N][2]. */
        public HeatmapBuilder data(double[][] pts) {
            data = pts;
            return this;
        }

        /** Draws −∇E directions on a {@code perAxis × perAxis} lattice. */
        public HeatmapBuilder arrows(Energy e, int perAxis) {
            WorkbenchException.require(perAxis >= 2, "arrows: perAxis must be >= 2");
            arrowEnergy = e;
            arrowsPerAxis = perAxis;
            return this;
        }

        /** Draws this energy level as a thick white iso-line (e.g. the 95% held-out level). */
        public HeatmapBuilder highlightLevel(double level) {
            highlight = level;
            return this;
        }

        public HeatmapBuilder title(String t) {
            title = t;
            return this;
        }

        public BufferedImage render() {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 42, right = 62, top = 26, bottom = 34;
            int pw = width - left - right, ph = height - top - bottom;
            Bounds b = l.bounds();
            double[] flat = l.flat();
            double lo = Arrays.stream(flat).min().orElseThrow();
            double hi = EnergyMetrics.quantile(flat, clip);
            if (hi <= lo) hi = lo + 1e-12;
            // pixels: bilinear interpolation of the cell-centre grid
            for (int py = 0; py < ph; py++) {
                double yv = b.yMax() - (py + 0.5) * (b.yMax() - b.yMin()) / ph;
                for (int px = 0; px < pw; px++) {
                    double xv = b.xMin() + (px + 0.5) * (b.xMax() - b.xMin()) / pw;
                    double v = sample(xv, yv);
                    img.setRGB(left + px, top + py, viridis((v - lo) / (hi - lo)).getRGB());
                }
            }
            g.setClip(left, top, pw, ph);
            if (levels > 0) {
                g.setStroke(new BasicStroke(0.9f));
                g.setColor(new Color(255, 255, 255, 120));
                for (int k = 1; k <= levels; k++) contour(g, lo + (hi - lo) * k / (levels + 1.0), left, top, pw, ph);
            }
            if (highlight != null) {
                g.setStroke(new BasicStroke(2.2f));
                g.setColor(new Color(255, 255, 255, 235));
                contour(g, highlight, left, top, pw, ph);
            }
            if (arrowEnergy != null) drawArrows(g, left, top, pw, ph);
            if (data != null) {
                for (double[] p : data) {
                    double sx = left + (p[0] - b.xMin()) / (b.xMax() - b.xMin()) * pw;
                    double sy = top + (b.yMax() - p[1]) / (b.yMax() - b.yMin()) * ph;
                    g.setColor(new Color(230, 57, 70));
                    g.fill(new java.awt.geom.Ellipse2D.Double(sx - 2.2, sy - 2.2, 4.4, 4.4));
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(0.6f));
                    g.draw(new java.awt.geom.Ellipse2D.Double(sx - 2.2, sy - 2.2, 4.4, 4.4));
                }
            }
            g.setClip(null);
            // frame, ticks, labels
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, pw, ph);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            FontMetrics fm = g.getFontMetrics();
            for (double t : ticks(b.xMin(), b.xMax())) {
                int sx = (int) Math.round(left + (t - b.xMin()) / (b.xMax() - b.xMin()) * pw);
                g.drawLine(sx, top + ph, sx, top + ph + 4);
                String s = fmt(t);
                g.drawString(s, sx - fm.stringWidth(s) / 2, top + ph + 15);
            }
            for (double t : ticks(b.yMin(), b.yMax())) {
                int sy = (int) Math.round(top + (b.yMax() - t) / (b.yMax() - b.yMin()) * ph);
                g.drawLine(left - 4, sy, left, sy);
                String s = fmt(t);
                g.drawString(s, left - 6 - fm.stringWidth(s), sy + 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
            g.drawString("y\u2081", left + pw / 2 - 4, height - 6);
            g.drawString("y\u2082", 6, top + ph / 2);
            // colour bar
            int cx = left + pw + 12, cw = 12;
            for (int py = 0; py < ph; py++) {
                g.setColor(viridis(1 - (py + 0.5) / ph));
                g.fillRect(cx, top + py, cw, 1);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(cx, top, cw, ph);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
            g.drawString(fmtE(hi) + (clip < 1 ? "+" : ""), cx + cw + 3, top + 8);
            g.drawString(fmtE((lo + hi) / 2), cx + cw + 3, top + ph / 2 + 4);
            g.drawString(fmtE(lo), cx + cw + 3, top + ph);
            // title
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            fm = g.getFontMetrics();
            String t = title == null ? "" : title;
            while (t.length() > 4 && fm.stringWidth(t) > width - 8) t = t.substring(0, t.length() - 2);
            if (!t.equals(title) && title != null) t = t + "…";
            g.drawString(t, Math.max(4, (width - fm.stringWidth(t)) / 2), 17);
            g.dispose();
            return img;
        }

        private double sample(double xv, double yv) {
            double[] xs = l.xs(), ys = l.ys();
            double fx = (xv - xs[0]) / (xs[1] - xs[0]), fy = (yv - ys[0]) / (ys[1] - ys[0]);
            int i = (int) Math.floor(fx), j = (int) Math.floor(fy);
            i = Math.max(0, Math.min(xs.length - 2, i));
            j = Math.max(0, Math.min(ys.length - 2, j));
            double tx = Math.max(0, Math.min(1, fx - i)), ty = Math.max(0, Math.min(1, fy - j));
            double[][] v = l.values();
            return (1 - ty) * ((1 - tx) * v[j][i] + tx * v[j][i + 1]) + ty * ((1 - tx) * v[j + 1][i] + tx * v[j + 1][i + 1]);
        }

        /** Marching squares on the cell-centre grid at one level. */
        private void contour(Graphics2D g, double level, int left, int top, int pw, int ph) {
            double[] xs = l.xs(), ys = l.ys();
            double[][] v = l.values();
            Bounds b = l.bounds();
            for (int j = 0; j + 1 < ys.length; j++)
                for (int i = 0; i + 1 < xs.length; i++) {
                    double a = v[j][i], bb = v[j][i + 1], c = v[j + 1][i + 1], d = v[j + 1][i];
                    List<double[]> pts = new ArrayList<>(4);
                    edge(pts, xs[i], ys[j], a, xs[i + 1], ys[j], bb, level);
                    edge(pts, xs[i + 1], ys[j], bb, xs[i + 1], ys[j + 1], c, level);
                    edge(pts, xs[i + 1], ys[j + 1], c, xs[i], ys[j + 1], d, level);
                    edge(pts, xs[i], ys[j + 1], d, xs[i], ys[j], a, level);
                    for (int k = 0; k + 1 < pts.size(); k += 2) {
                        double[] p = pts.get(k), q = pts.get(k + 1);
                        g.draw(new Line2D.Double(
                                left + (p[0] - b.xMin()) / (b.xMax() - b.xMin()) * pw, top + (b.yMax() - p[1]) / (b.yMax() - b.yMin()) * ph,
                                left + (q[0] - b.xMin()) / (b.xMax() - b.xMin()) * pw, top + (b.yMax() - q[1]) / (b.yMax() - b.yMin()) * ph));
                    }
                }
        }

        private static void edge(List<double[]> pts, double x0, double y0, double v0, double x1, double y1, double v1, double level) {
            if ((v0 < level) == (v1 < level)) return;
            double t = (level - v0) / (v1 - v0);
            pts.add(new double[] {x0 + t * (x1 - x0), y0 + t * (y1 - y0)});
        }

        private void drawArrows(Graphics2D g, int left, int top, int pw, int ph) {
            Bounds b = l.bounds();
            int n = arrowsPerAxis;
            double[][] pts = new double[n * n][];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    pts[r * n + c] = new double[] {b.xMin() + (c + 0.5) * (b.xMax() - b.xMin()) / n, b.yMin() + (r + 0.5) * (b.yMax() - b.yMin()) / n};
            double[][] gr = arrowEnergy.gradients(pts);
            double cell = Math.min(pw, ph) / (double) n;
            double maxNorm = 0;
            for (double[] v : gr) maxNorm = Math.max(maxNorm, Math.hypot(v[0], v[1]));
            if (maxNorm == 0) return;
            g.setColor(new Color(255, 255, 255, 200));
            g.setStroke(new BasicStroke(1.1f));
            for (int k = 0; k < pts.length; k++) {
                double nx = -gr[k][0], ny = -gr[k][1], norm = Math.hypot(nx, ny);
                if (norm < 1e-12) continue;
                double len = 0.8 * cell * Math.sqrt(norm / maxNorm); // sqrt so weak slopes stay visible
                double sx = left + (pts[k][0] - b.xMin()) / (b.xMax() - b.xMin()) * pw;
                double sy = top + (b.yMax() - pts[k][1]) / (b.yMax() - b.yMin()) * ph;
                double dx = nx / norm * len, dy = -ny / norm * len;
                double ex = sx + dx / 2, ey = sy + dy / 2, bx = sx - dx / 2, by = sy - dy / 2;
                g.draw(new Line2D.Double(bx, by, ex, ey));
                double ang = Math.atan2(dy, dx), h = Math.max(2.5, len * 0.3);
                Path2D head = new Path2D.Double();
                head.moveTo(ex, ey);
                head.lineTo(ex - h * Math.cos(ang - 0.45), ey - h * Math.sin(ang - 0.45));
                head.lineTo(ex - h * Math.cos(ang + 0.45), ey - h * Math.sin(ang + 0.45));
                head.closePath();
                g.fill(head);
            }
        }
    }

    private static double[] ticks(double lo, double hi) {
        double span = hi - lo, raw = span / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) t.add(Math.abs(v) < 1e-12 ? 0 : v);
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    private static String fmtE(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 1e4) ? String.format("%.1e", v) : String.format("%.2f", v);
    }

    /**
     * Lays images out in a grid of {@code cols} columns (row-major) on a white background, with an optional
     * overall title. Used for side-by-side landscapes and training-snapshot frames.
     */
    public static BufferedImage grid(List<BufferedImage> frames, int cols, String title) {
        WorkbenchException.require(frames != null && !frames.isEmpty(), "grid: no frames");
        WorkbenchException.require(cols > 0, "grid: cols must be > 0");
        int w = frames.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int h = frames.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int rows = (frames.size() + cols - 1) / cols, head = title == null ? 0 : 26;
        BufferedImage out = new BufferedImage(cols * w, rows * h + head, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        if (title != null) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, Math.max(4, (out.getWidth() - g.getFontMetrics().stringWidth(title)) / 2), 18);
        }
        for (int k = 0; k < frames.size(); k++) g.drawImage(frames.get(k), (k % cols) * w, head + (k / cols) * h, null);
        g.dispose();
        return out;
    }

    /** The training snapshots of a run as one row of frames (data overlaid), titled by model and training. */
    public static BufferedImage snapshots(EnergyRun run, double[][] data, int frameWidth) {
        WorkbenchException.require(!run.snapshots().isEmpty(), "snapshots: the run recorded none (use .snapshots(...) on the training recipe)");
        List<BufferedImage> f = new ArrayList<>();
        int fh = (int) Math.round(frameWidth * 0.9);
        for (Landscape l : run.snapshots()) f.add(heatmap(l).data(data).levels(8).size(frameWidth, fh).render());
        return grid(f, f.size(), run.model() + " — " + run.training());
    }

    /**
     * Cross-sections y ↦ F_β(y₁, y₂ = {@code y2}) of a latent-variable model for several β (and F∞),
     * over y₁ ∈ [lo, hi]. As β → 0 the soft minimum becomes the mean energy, a parabola.
     */
    public static XYChart freeEnergyCrossSections(LatentVariableEnergy model, double[] betas, double y2, double lo, double hi,
                                                  double... x) {
        WorkbenchException.require(hi > lo, "cross-section needs hi > lo");
        int n = 161;
        double[] y1 = new double[n];
        double[][] pts = new double[n][];
        for (int i = 0; i < n; i++) {
            y1[i] = lo + (hi - lo) * i / (n - 1.0);
            pts[i] = new double[] {y1[i], y2};
        }
        XYChart c = new XYChartBuilder().width(640).height(380).title("Free energy cross-section at y\u2082 = " + y2)
                .xAxisTitle("y\u2081").yAxisTitle("F(y)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        c.getStyler().setMarkerSize(0);
        for (double beta : betas) {
            FreeEnergy f = model.softFreeEnergy(beta, x);
            c.addSeries("F_β, β=" + beta, y1, f.energies(pts)).setMarker(SeriesMarkers.NONE);
        }
        XYSeries s = c.addSeries("F∞ (β→∞)", y1, model.freeEnergy(x).energies(pts));
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
        s.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        return c;
    }

    /**
     * Iterations of System-2 inference against difficulty: one series per table (columns
     * {@code difficulty}, {@code iterations}, as produced by {@code System2Inference.table}).
     */
    public static XYChart iterations(String title, String xLabel, boolean logX, Table... tables) {
        WorkbenchException.require(tables.length > 0, "iterations: no tables");
        XYChart c = new XYChartBuilder().width(640).height(380).title(title).xAxisTitle(xLabel).yAxisTitle("iterations to ‖∇E‖ < tol").build();
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (Table t : tables) {
            double[] x = t.doubleColumn("difficulty").asDoubleArray();
            double[] y = t.intColumn("iterations").asDoubleArray();
            c.addSeries(t.name(), x, y);
        }
        return c;
    }
}
