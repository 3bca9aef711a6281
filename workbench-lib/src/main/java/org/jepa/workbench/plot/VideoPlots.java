package org.jepa.workbench.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.video.Blur;
import org.jepa.workbench.video.IntuitivePhysics;
import org.jepa.workbench.video.PhysicsClips;
import org.jepa.workbench.video.Violation;
import org.jepa.workbench.video.ViolationPairs;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Pictures of the video experiment: violation pairs as image strips, surprise over time, error compounding.
 *
 * <pre>{@code
 * VideoPlots.pairs(test, 6);                         // each violation: possible row, impossible row
 * VideoPlots.surprise(result, Violation.CONTINUITY, 0);
 * VideoPlots.compounding(Compounding.of(clips, 8, jepa, pixels));
 * }</pre>
 */
public final class VideoPlots {
    static {
        FirstUse.run();
    }

    private VideoPlots() {
    }

    /**
     * For each violation type, its first pair: the possible clip (upper row) and the impossible one (lower
     * row), {@code frames} frames ending 3 after the event, the event frame marked red; a pair with a control pair
     * (object permanence) is followed by that pair's two rows, "no ball" and "appears".
     */
    public static BufferedImage pairs(ViolationPairs test, int frames) {
        WorkbenchException.require(test != null, "VideoPlots.pairs: test set is null");
        int t = test.world().frames();
        WorkbenchException.require(frames >= 2 && frames <= t, "VideoPlots.pairs: frames must be in [2, " + t + "], got " + frames);
        int zoom = Math.max(1, 64 / test.world().size());
        List<BufferedImage> tiles = new ArrayList<>();
        for (Violation v : test.types()) {
            ViolationPairs.Pair p = test.pairs(v).get(0);
            int end = Math.min(t, p.eventFrame() + 3), start = Math.max(0, end - frames);
            List<Row> rows = new ArrayList<>(List.of(new Row(p.possible().frames(), "possible"),
                    new Row(p.impossible().frames(), v.name().toLowerCase())));
            if (p.complement() != null) {
                rows.add(new Row(p.complement().possible().frames(), "no ball"));
                rows.add(new Row(p.complement().impossible().frames(), "appears"));
            }
            for (Row row : rows) {
                for (int f = start; f < start + frames; f++) {
                    tiles.add(tile(row.frames()[f], test.world().size(), zoom, f == p.eventFrame(), f == start ? row.label() : null, f));
                }
            }
        }
        return EnergyPlots.grid(tiles, frames, "pairs: possible over impossible; red: the event frame");
    }

    /** The first {@code n} clips of {@code data}, one per row, every {@code every}-th frame. */
    public static BufferedImage clips(PhysicsClips data, int n, int every) {
        WorkbenchException.require(data != null, "VideoPlots.clips: data is null");
        WorkbenchException.require(n >= 1 && n <= data.size(), "VideoPlots.clips: n must be in [1, " + data.size() + "], got " + n);
        int t = data.world().frames();
        WorkbenchException.require(every >= 1 && every < t, "VideoPlots.clips: every must be in [1, " + t + "), got " + every);
        int zoom = Math.max(1, 64 / data.world().size());
        List<BufferedImage> tiles = new ArrayList<>();
        int cols = 0;
        for (int i = 0; i < n; i++) {
            float[][] f = data.clip(i).frames();
            cols = 0;
            for (int k = 0; k < t; k += every, cols++) tiles.add(tile(f[k], data.world().size(), zoom, false, null, k));
        }
        return EnergyPlots.grid(tiles, cols, n + " training clips (time →, every " + every + " frames)");
    }

    /**
     * The coin flip at the peg: the last shared frame, the two real outcomes, the pixel predictor's frame (upper
     * row); the real frames nearest to the JEPA's predicted latent (lower row).
     */
    public static BufferedImage blur(Blur b) {
        WorkbenchException.require(b != null, "VideoPlots.blur: nothing to draw");
        int s = b.world().size(), zoom = Math.max(1, 96 / s);
        List<BufferedImage> tiles = new ArrayList<>();
        tiles.add(labelled(b.context(), s, zoom, "shared context"));
        tiles.add(labelled(b.outcomes()[0], s, zoom, "real: left"));
        tiles.add(labelled(b.outcomes()[1], s, zoom, "real: right"));
        tiles.add(labelled(b.pixelPrediction(), s, zoom, "pixel prediction"));
        float[][] near = b.nearestToJepa();
        for (int i = 0; i < 4; i++) {
            tiles.add(i < near.length ? labelled(near[i], s, zoom, "JEPA nearest " + (i + 1)) : labelled(new float[s * s], s, zoom, ""));
        }
        return EnergyPlots.grid(tiles, 4, "a drop onto a peg: after the coin flip");
    }

    private static BufferedImage labelled(float[] f, int s, int zoom, String label) {
        BufferedImage img = tile(f, s, zoom, false, null, 0);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(2, 2, img.getWidth() - 4, 13);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.YELLOW);
        g.drawString(label, 4, 12);
        g.dispose();
        return img;
    }

    private record Row(float[][] frames, String label) {
    }

    private static BufferedImage tile(float[] f, int s, int zoom, boolean event, String label, int frame) {
        int pad = 2;
        BufferedImage img = new BufferedImage(s * zoom + 2 * pad, s * zoom + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(event ? new Color(220, 30, 30) : Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                int v = (int) Math.round(255 * Math.min(1, Math.max(0, f[r * s + c])));
                g.setColor(new Color(v, v, v));
                g.fillRect(pad + c * zoom, pad + r * zoom, zoom, zoom);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.YELLOW);
        g.drawString((label == null ? "" : label + " ") + "t=" + frame, pad + 2, pad + 11);
        g.dispose();
        return img;
    }

    /**
     * Surprise over time of one pair of one violation type, for every model of {@code r}: solid the
     * impossible clip, dashed the possible one; log scale, since latent and pixel errors differ by orders of
     * magnitude. The event frame is marked by a vertical line. A type judged on four clips (object permanence with
     * its control pair) is drawn as it is scored: each clip's surprise plus its control clip's, frame by frame.
     */
    public static XYChart surprise(IntuitivePhysics.Result r, Violation v, int pair) {
        WorkbenchException.require(r != null && v != null, "VideoPlots.surprise: result and violation are required");
        List<ViolationPairs.Pair> ps = r.test().pairs(v);
        WorkbenchException.require(pair >= 0 && pair < ps.size(), "VideoPlots.surprise: pair must be in [0, " + ps.size() + "), got " + pair);
        XYChart c = new XYChartBuilder().width(CollapsePlots.WIDTH).height(CollapsePlots.HEIGHT)
                .title("surprise over time: " + v.law()).xAxisTitle("frame").yAxisTitle("surprise (log scale)").build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        boolean controls = !r.models().isEmpty() && r.controlSurprise(r.models().get(0), v, false) != null;
        for (String m : r.models()) {
            for (boolean impossible : new boolean[] {false, true}) {
                double[] s = r.scoredSurprise(m, v, impossible)[pair];
                double[] x = new double[s.length], y = new double[s.length];
                for (int j = 0; j < s.length; j++) {
                    x[j] = j + r.firstFrame(m);
                    y[j] = Math.max(s[j], CollapsePlots.LOG_FLOOR);
                    lo = Math.min(lo, y[j]);
                    hi = Math.max(hi, y[j]);
                }
                String side = (impossible ? " · impossible" : " · possible") + (controls ? " + control" : "");
                XYSeries series = c.addSeries(m + side, x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setLineStyle(impossible ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
            }
        }
        int e = ps.get(pair).eventFrame();
        XYSeries event = c.addSeries("event (frame " + e + ")", new double[] {e, e}, new double[] {lo, hi});
        event.setMarker(SeriesMarkers.NONE);
        event.setLineColor(new Color(220, 30, 30));
        return c;
    }

    /** Relative error against rollout horizon, one line per model (a {@code Compounding} table). */
    public static XYChart compounding(Table t) {
        WorkbenchException.require(t != null && t.columnNames().containsAll(List.of("model", "horizon", "relative_error")),
                "VideoPlots.compounding: expects a Compounding table (model, horizon, relative_error)");
        XYChart c = new XYChartBuilder().width(CollapsePlots.WIDTH).height(CollapsePlots.HEIGHT)
                .title("error compounding in an autoregressive rollout").xAxisTitle("horizon (tubelets ahead)")
                .yAxisTitle("error / spread of the target").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        for (String m : t.stringColumn("model").unique().asList()) {
            Table s = t.where(t.stringColumn("model").isEqualTo(m));
            c.addSeries(m, s.intColumn("horizon").asDoubleArray(), s.doubleColumn("relative_error").asDoubleArray())
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    /**
     * Pairwise accuracy against the predicted span (an {@code IntuitivePhysics.spans} table), per model: all types by mean
     * surprise (solid) and by max (dashed), object permanence by mean (dotted); a grey line at chance (0.5).
     */
    public static XYChart spans(Table t) {
        WorkbenchException.require(t != null && t.rowCount() > 0
                        && t.columnNames().containsAll(List.of("model", "span", "violation", "pairwise_max", "pairwise_mean")),
                "VideoPlots.spans: expects an IntuitivePhysics.spans table (model, span, violation, pairwise_max, pairwise_mean)");
        XYChart c = new XYChartBuilder().width(CollapsePlots.WIDTH).height(CollapsePlots.HEIGHT)
                .title("pairwise accuracy over the predicted span").xAxisTitle("span (tubelets predicted from each context)")
                .yAxisTitle("pairwise accuracy").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        String permanence = Violation.PERMANENCE.law();
        for (String m : t.stringColumn("model").unique().asList()) {
            Table mine = t.where(t.stringColumn("model").isEqualTo(m));
            Table all = mine.where(mine.stringColumn("violation").isEqualTo("all"));
            double[] x = all.intColumn("span").asDoubleArray();
            c.addSeries(m + " · all, by mean", x, all.doubleColumn("pairwise_mean").asDoubleArray()).setMarker(SeriesMarkers.CIRCLE);
            XYSeries max = c.addSeries(m + " · all, by max", x, all.doubleColumn("pairwise_max").asDoubleArray());
            max.setMarker(SeriesMarkers.CIRCLE);
            max.setLineStyle(SeriesLines.DASH_DASH);
            Table perm = mine.where(mine.stringColumn("violation").isEqualTo(permanence));
            if (perm.rowCount() > 0) {
                XYSeries p = c.addSeries(m + " · permanence, by mean", perm.intColumn("span").asDoubleArray(),
                        perm.doubleColumn("pairwise_mean").asDoubleArray());
                p.setMarker(SeriesMarkers.NONE);
                p.setLineStyle(SeriesLines.DOT_DOT);
            }
        }
        double lo = t.intColumn("span").min(), hi = t.intColumn("span").max();
        XYSeries chance = c.addSeries("chance", new double[] {lo, hi}, new double[] {0.5, 0.5});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        return c;
    }
}
