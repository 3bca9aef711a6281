package org.jepa.workbench.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.plot.CollapsePlots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/** Pictures of sweeps: means with error bars over seeds, and every seed's value per group. */
public final class SweepPlots {

    private SweepPlots() { }

    /**
     * Mean ± one standard deviation over seeds, from a {@link SweepResult#summary} table: x from column
     * {@code x}, y from {@code <y>_mean} with error bars {@code <y>_std}, one line per combination of the
     * {@code series} columns. Lines are offset sideways by a few percent of x (a "dodge") so that their error
     * bars stay apart.
     */
    public static XYChart meanWithErrorBars(Table summary, String x, String y, boolean logX, String title, String... series) {
        List<String> need = new ArrayList<>(List.of(x, y + "_mean", y + "_std"));
        need.addAll(List.of(series));
        for (String c : need) {
            WorkbenchException.require(summary.columnNames().contains(c), "SweepPlots: table '" + summary.name()
                    + "' has no column '" + c + "' (use SweepResult.summary(\"seed\")); columns: " + summary.columnNames());
        }
        XYChart chart = chart(title, x + (logX ? " (log scale)" : ""), y + " (mean ± std over seeds)");
        chart.getStyler().setXAxisLogarithmic(logX);
        if (logX) chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        NumericColumn<?> xs = summary.numberColumn(x), mean = summary.numberColumn(y + "_mean"), std = summary.numberColumn(y + "_std");
        Map<String, List<double[]>> groups = new LinkedHashMap<>();
        for (int i = 0; i < summary.rowCount(); i++) {
            double xv = xs.getDouble(i), m = mean.getDouble(i), s = std.getDouble(i);
            if (!Double.isFinite(xv) || !Double.isFinite(m)) continue;
            StringJoiner name = new StringJoiner(", ");
            for (String c : series) name.add(series.length == 1 ? summary.column(c).getString(i) : c + "=" + summary.column(c).getString(i));
            groups.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(new double[] {xv, m, Double.isFinite(s) ? s : 0});
        }
        WorkbenchException.require(!groups.isEmpty(), "SweepPlots: no finite " + y + "_mean values");
        int gi = 0;
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            g.getValue().sort(Comparator.comparingDouble(a -> a[0]));
            // Dodge: each line sits a little to the side (±3 % per line), so that error bars do not overlap.
            double dodge = 1 + 0.03 * (gi++ - (groups.size() - 1) / 2.0);
            chart.addSeries(g.getKey(), g.getValue().stream().mapToDouble(a -> logX ? a[0] * dodge : a[0] + (dodge - 1)).toArray(),
                    g.getValue().stream().mapToDouble(a -> a[1]).toArray(),
                    g.getValue().stream().mapToDouble(a -> a[2]).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Every cell's value of output {@code y}, one column of points per value of parameter {@code group}
     * (spread sideways by seed so that equal values stay visible), with horizontal reference lines, e.g. the
     * old and the fitted threshold.
     */
    public static XYChart perSeed(SweepResult result, String group, String y, String title, Map<String, Double> lines) {
        List<String> groups = new ArrayList<>();
        for (CellResult r : result.results()) {
            WorkbenchException.require(r.cell().has(group), "SweepPlots.perSeed: cells have no parameter '" + group + "'");
            if (!groups.contains(r.cell().string(group))) groups.add(r.cell().string(group));
        }
        XYChart chart = chart(title, group + " (one point per seed)", y);
        StringJoiner ticks = new StringJoiner(", ");
        for (int gi = 0; gi < groups.size(); gi++) {
            List<double[]> pts = new ArrayList<>();
            int k = 0;
            for (CellResult r : result.results()) {
                if (!r.ok() || !r.cell().string(group).equals(groups.get(gi)) || !(r.outputs().get(y) instanceof Number n)) continue;
                pts.add(new double[] {gi + 1 + 0.06 * (k++ - 3.5), n.doubleValue()});
            }
            if (pts.isEmpty()) continue;
            XYSeries s = chart.addSeries(groups.get(gi), pts.stream().mapToDouble(a -> a[0]).toArray(), pts.stream().mapToDouble(a -> a[1]).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            ticks.add((gi + 1) + " = " + groups.get(gi));
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(groups.size() + 0.5);
        if (lines != null) {
            Color[] ink = {Color.DARK_GRAY, new Color(200, 30, 30), new Color(30, 30, 200)};
            int li = 0;
            for (Map.Entry<String, Double> l : lines.entrySet()) {
                XYSeries s = chart.addSeries(l.getKey(), new double[] {0.5, groups.size() + 0.5}, new double[] {l.getValue(), l.getValue()});
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(ink[li++ % ink.length]);
                s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            }
        }
        chart.setXAxisTitle(group + ": " + ticks);
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(760).height(430).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        CollapsePlots.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }
}
