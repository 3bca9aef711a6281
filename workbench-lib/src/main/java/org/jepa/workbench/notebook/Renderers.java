package org.jepa.workbench.notebook;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.common.html.HtmlEscapers;
import org.jepa.workbench.WorkbenchException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Turns workbench results into Jupyter MIME bundles (MIME type → data; images base64-encoded, as the
 * Jupyter protocol wants). Shared by {@link Show}, {@link Progress} and the Rapaio display provider, so
 * a chart or table looks the same however it reaches the notebook.
 */
public final class Renderers {

    /** Rows shown of a long table: the first and last half of this many. */
    public static final int MAX_TABLE_ROWS = 20;

    private Renderers() {
    }

    /** The chart drawn as a bitmap at its own size (pixels = {@code chart.getWidth()} × {@code getHeight()}). */
    public static BufferedImage image(Chart<?, ?> chart) {
        WorkbenchException.require(chart != null, "chart is null");
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** PNG bytes of the chart. */
    public static byte[] png(Chart<?, ?> chart) {
        return png(image(chart));
    }

    /** The chart as an SVG document (vector; for kernels that ask for {@code image/svg+xml}). */
    public static String svg(Chart<?, ?> chart) {
        WorkbenchException.require(chart != null, "chart is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            org.knowm.xchart.VectorGraphicsEncoder.saveVectorGraphic(chart, out, org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** PNG bytes of an image. */
    public static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Escapes the five HTML/XML special characters (Guava's escaper). */
    public static String escape(String text) {
        return HtmlEscapers.htmlEscaper().escape(text == null ? "null" : text);
    }

    /**
     * The table as an HTML {@code <table class="dataframe">} (styled by Jupyter like a pandas frame) with a
     * caption giving its name and size; tables longer than {@link #MAX_TABLE_ROWS} show their head and tail.
     */
    public static String html(Table table) {
        WorkbenchException.require(table != null, "table is null");
        int rows = table.rowCount();
        int cols = table.columnCount();
        StringBuilder sb = new StringBuilder(256 + 32 * rows * Math.max(cols, 1));
        sb.append("<table class=\"dataframe\" border=\"1\">\n<caption>");
        if (table.name() != null && !table.name().isBlank()) sb.append(escape(table.name())).append(" — ");
        sb.append(rows).append(rows == 1 ? " row × " : " rows × ").append(cols).append(cols == 1 ? " column" : " columns");
        sb.append("</caption>\n<thead><tr>");
        for (String name : table.columnNames()) sb.append("<th>").append(escape(name)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        int head = rows <= MAX_TABLE_ROWS ? rows : MAX_TABLE_ROWS / 2;
        for (int r = 0; r < head; r++) row(sb, table, r);
        if (rows > MAX_TABLE_ROWS) {
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) sb.append("<td>…</td>");
            sb.append("</tr>\n");
            for (int r = rows - MAX_TABLE_ROWS / 2; r < rows; r++) row(sb, table, r);
        }
        sb.append("</tbody>\n</table>");
        return sb.toString();
    }

    private static void row(StringBuilder sb, Table table, int r) {
        sb.append("<tr>");
        for (int c = 0; c < table.columnCount(); c++) {
            sb.append("<td>").append(escape(cell(table.column(c), r))).append("</td>");
        }
        sb.append("</tr>\n");
    }

    /**
     * A cell as a reader wants it: floating-point values with 4 significant digits (a table of
     * 0.0009066476192549277 is unreadable on a slide); everything else as Tablesaw prints it.
     */
    static String cell(tech.tablesaw.columns.Column<?> col, int r) {
        if (col instanceof tech.tablesaw.api.NumberColumn<?, ?> num && !col.isMissing(r)
                && (col.type() == tech.tablesaw.api.ColumnType.DOUBLE || col.type() == tech.tablesaw.api.ColumnType.FLOAT)) {
            double v = num.getDouble(r);
            if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
            if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
            double a = Math.abs(v);
            return (a >= 1e-3 && a < 1e6) ? new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                    : String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return col.getString(r);
    }

    /** Plain-text form of a table (Tablesaw's own printer, head and tail for long tables). */
    public static String text(Table table) {
        return table.rowCount() <= MAX_TABLE_ROWS ? table.printAll() : table.print(MAX_TABLE_ROWS);
    }

    /**
     * MIME bundle of an object: a chart or image as {@code image/png} (+ a {@code text/plain} title), a
     * Tablesaw table as {@code text/html} (+ its text form), anything else as {@code text/plain}.
     * Insertion order puts the richest type first.
     */
    public static Map<String, String> bundle(Object o) {
        Map<String, String> b = new LinkedHashMap<>();
        if (o instanceof Chart<?, ?> chart) {
            b.put("image/png", base64(png(chart)));
            String title = chart.getTitle();
            b.put("text/plain", "<chart" + (title == null || title.isBlank() ? "" : ": " + title) + ">");
        } else if (o instanceof RenderedImage image) {
            b.put("image/png", base64(png(image)));
            b.put("text/plain", "<image " + image.getWidth() + "×" + image.getHeight() + ">");
        } else if (o instanceof Table table) {
            b.put("text/html", html(table));
            b.put("text/plain", text(table));
        } else {
            b.put("text/plain", String.valueOf(o));
        }
        return b;
    }

    /** Bundle for an HTML fragment, with a tag-stripped text alternative. */
    public static Map<String, String> htmlBundle(String html) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("text/html", html);
        b.put("text/plain", html.replaceAll("<[^>]*>", ""));
        return b;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
