package org.jepa.workbench.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.diagnostics.EmbeddingMetrics;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Collapse plots, each one call returning an XChart chart (700×450) that renders inline when a notebook
 * cell ends with it; save one with {@code BitmapEncoder.saveBitmap(chart, path, BitmapFormat.PNG)}.
 *
 * <pre>{@code
 * CollapsePlots.spectrum(healthy, collapsed)                         // log spectra overlaid
 * CollapsePlots.metricOverSteps("rankMe", vicreg.history(), simsiam.history())
 * CollapsePlots.pcaScatter(z, labels, "encoder output")
 * }</pre>
 * Sets {@code java.awt.headless=true} (unless already set) so charts render on servers without a display.
 */
public final class CollapsePlots {
    static {
        FirstUse.run(); // a cell may start from a plot: let the notebook layer register its renderers
    }

    /** Default chart size in pixels. */
    public static final int WIDTH = 700;
    public static final int HEIGHT = 450;
    /** Values below this are drawn at it on log axes (a log axis cannot show 0). */
    public static final double LOG_FLOOR = 1e-16;

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private CollapsePlots() {
    }

    /**
     * Covariance spectra, normalised to sum 1, sorted, on a log y axis — one line per report (legend: name and
     * RankMe). Dimensional collapse shows as a tail dropping by many decades (Jing et al. 2022).
     */
    public static XYChart spectrum(CollapseReport... reports) {
        WorkbenchException.require(reports != null && reports.length > 0, "spectrum: no reports given");
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Embedding covariance spectrum").xAxisTitle("eigenvalue index k (sorted)")
                .yAxisTitle("λ_k / Σλ  (log scale)").build();
        style(c);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setYAxisDecimalPattern("0.0E0");
        c.getStyler().setXAxisTickMarkSpacingHint(70);
        c.getStyler().setXAxisDecimalPattern("0");
        for (CollapseReport r : reports) {
            double[] s = r.normalizedSpectrum();
            double[] x = new double[s.length];
            double[] y = new double[s.length];
            for (int k = 0; k < s.length; k++) {
                x[k] = k + 1;
                y[k] = Math.max(s[k], LOG_FLOOR);
            }
            XYSeries ser = c.addSeries(uniqueName(c, String.format("%s (RankMe %.1f of %d)", r.name(), r.rankMe(),
                    r.dims())), x, y);
            ser.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /** Histogram of the per-dimension standard deviations (30 bins); dead dimensions pile up near 0. */
    public static CategoryChart stdHistogram(CollapseReport r) {
        return stdHistogram(r, 30);
    }

    public static CategoryChart stdHistogram(CollapseReport r, int bins) {
        WorkbenchException.require(bins >= 2, "stdHistogram: bins must be >= 2, got " + bins);
        double[] std = r.perDimStd();
        List<Double> data = new ArrayList<>(std.length);
        double max = 0;
        for (double v : std) {
            data.add(v);
            max = Math.max(max, v);
        }
        Histogram h = new Histogram(data, bins, 0, max > 0 ? max * 1.0001 : 1.0);
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format("Per-dimension std — %s (%s, dead %.0f%%)", r.name(), r.verdict(),
                        100 * r.deadDimFraction()))
                .xAxisTitle("std over samples (bin centre)").yAxisTitle("number of dimensions").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.95);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setXAxisDecimalPattern("0.###");
        c.addSeries("dimensions", h.getxAxisData(), h.getyAxisData());
        return c;
    }

    /**
     * One metric over training steps, one line per run, from {@code CollapseMonitor.history()} tables (the
     * table name is the legend). Rows with NaN (e.g. loss before training) are skipped.
     */
    public static XYChart metricOverSteps(String metric, Table... histories) {
        WorkbenchException.require(histories != null && histories.length > 0, "metricOverSteps: no history tables");
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(metric + " during training")
                .xAxisTitle("step").yAxisTitle(metric).build();
        style(c);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (Table h : histories) {
            WorkbenchException.require(h.columnNames().contains(metric), "history '" + h.name()
                    + "' has no column '" + metric + "'; columns: " + h.columnNames());
            WorkbenchException.require(h.columnNames().contains("step"), "history '" + h.name() + "' has no 'step'");
            NumericColumn<?> steps = h.numberColumn("step");
            NumericColumn<?> vals = h.numberColumn(metric);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < h.rowCount(); i++) {
                double v = vals.getDouble(i);
                if (Double.isFinite(v)) {
                    x.add(steps.getDouble(i));
                    y.add(v);
                }
            }
            if (x.isEmpty()) continue;
            XYSeries s = c.addSeries(uniqueName(c, h.name()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    /** Correlation heat map of the first 64 dimensions (blue −1, white 0, red +1). */
    public static HeatMapChart correlationHeatmap(CollapseReport r) {
        return correlationHeatmap(r, 64);
    }

    /** Correlation heat map of the first {@code maxDims} dimensions (large D would be unreadable). */
    public static HeatMapChart correlationHeatmap(CollapseReport r, int maxDims) {
        WorkbenchException.require(maxDims >= 2, "correlationHeatmap: maxDims must be >= 2, got " + maxDims);
        double[][] corr = r.correlationMatrix();
        int m = Math.min(maxDims, corr.length);
        int[] idx = new int[m];
        Arrays.setAll(idx, i -> i);
        List<Number[]> heat = new ArrayList<>(m * m);
        // XChart 3.8.8 indexes past its colour array for a value exactly at max: keep values just inside ±1.
        double lim = 1 - 1e-9;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) heat.add(new Number[] {i, j, Math.max(-lim, Math.min(lim, corr[i][j]))});
        }
        String dims = m < corr.length ? String.format("dims 0–%d of %d", m - 1, corr.length) : m + " dims";
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format("Correlation of embedding dimensions — %s (%s, mean |r| %.2f)", r.name(), dims,
                        r.meanAbsCorrelation()))
                .xAxisTitle("dimension").yAxisTitle("dimension").build();
        style(c);
        c.getStyler().setMin(-1);
        c.getStyler().setMax(1);
        c.getStyler().setRangeColors(new Color[] {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)});
        c.getStyler().setShowValue(false);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int step = Math.max(1, m / 16);
        List<Integer> ticks = new ArrayList<>();
        for (int i = 0; i < m; i++) ticks.add(i);
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> ((int) Math.round(v)) % step == 0 ? "" + (int) Math.round(v) : "");
        c.getStyler().setyAxisTickLabelsFormattingFunction(v -> ((int) Math.round(v)) % step == 0 ? "" + (int) Math.round(v) : "");
        c.addSeries("correlation", ticks, ticks, heat);
        return c;
    }

    /** 2-D PCA scatter of z [N, D], one colour per label (labels may be null: one colour). */
    public static XYChart pcaScatter(INDArray z, int[] labels) {
        return pcaScatter(z, labels, "embeddings");
    }

    public static XYChart pcaScatter(INDArray z, int[] labels, String name) {
        EmbeddingMetrics.Pca p = EmbeddingMetrics.pca(z, Math.min(2, (int) z.columns()));
        int n = p.scores().length;
        WorkbenchException.require(labels == null || labels.length == n,
                "pcaScatter: " + (labels == null ? 0 : labels.length) + " labels for " + n + " rows");
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("PCA of " + name + " (" + n + " samples)")
                .xAxisTitle(String.format("PC1 (%.1f%% of variance)", 100 * p.explainedVariance()[0]))
                .yAxisTitle(p.explainedVariance().length > 1
                        ? String.format("PC2 (%.1f%% of variance)", 100 * p.explainedVariance()[1]) : "0")
                .build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        TreeMap<Integer, List<double[]>> groups = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int lab = labels == null ? 0 : labels[i];
            groups.computeIfAbsent(lab, k -> new ArrayList<>()).add(p.scores()[i]);
        }
        for (var e : groups.entrySet()) {
            double[] x = new double[e.getValue().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = e.getValue().get(i)[0];
                y[i] = e.getValue().get(i).length > 1 ? e.getValue().get(i)[1] : 0;
            }
            c.addSeries(labels == null ? name : "label " + e.getKey(), x, y);
        }
        return c;
    }

    /** One row per run: verdict and every scalar metric — the table to end a comparison cell with. */
    public static Table summaryTable(CollapseReport... reports) {
        WorkbenchException.require(reports != null && reports.length > 0, "summaryTable: no reports given");
        StringColumn run = StringColumn.create("run");
        StringColumn verdict = StringColumn.create("verdict");
        IntColumn n = IntColumn.create("N");
        IntColumn d = IntColumn.create("D");
        List<DoubleColumn> cols = new ArrayList<>();
        for (String m : CollapseReport.METRICS) cols.add(DoubleColumn.create(m));
        for (CollapseReport r : reports) {
            run.append(r.name());
            verdict.append(r.verdict().name());
            n.append(r.samples());
            d.append(r.dims());
            for (int i = 0; i < cols.size(); i++) cols.get(i).append(r.metric(CollapseReport.METRICS.get(i)));
        }
        Table t = Table.create("Collapse summary", run, verdict, n, d);
        for (DoubleColumn c : cols) {
            if (c.countMissing() < c.size()) t.addColumns(c);
        }
        return t;
    }

    /** The workbench's chart look (white, light grid, bold title), for charts built elsewhere too. */
    public static void style(org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 15));
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(225, 225, 225));
            a.setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        }
    }

    private static String uniqueName(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, String name) {
        String n = name;
        int i = 2;
        while (c.getSeriesMap().containsKey(n)) n = name + " #" + i++;
        return n;
    }
}
