package org.jepa.workbench.notebook;

import java.awt.image.BufferedImage;

import org.jepa.workbench.WorkbenchException;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Portable inline display for notebooks: works under Rapaio, IJava and JJava (the kernel is detected at
 * run time) and prints text on a plain console. A cell that simply ends with a chart or a table renders
 * on all three kernels; {@code Show} is for output in the middle of a cell.
 *
 * <pre>{@code
 * Show.show(chart);                 // inline PNG
 * Show.show(table);                 // inline HTML table
 * Show.showHtml("<b>" + Show.escape(name) + "</b>");
 * BufferedImage img = Show.image(chart);   // a cell ending with img renders it on every kernel
 * }</pre>
 *
 * The methods return nothing on purpose: a cell ending with a returned display id would print it.
 */
public final class Show {

    private static volatile DisplayBackend backend;

    private Show() {
    }

    static DisplayBackend backend() {
        DisplayBackend b = backend;
        if (b == null) backend = b = DisplayBackend.detect();
        return b;
    }

    /** Forgets the detected kernel (a kernel extension installed after the first detection). */
    static void reset() {
        backend = null;
    }

    /** The kernel output goes to: {@code "Rapaio"}, {@code "IJava"}, {@code "JJava"} or {@code "console"}. */
    public static String kernel() {
        return backend().name();
    }

    /** Shows a chart (PNG), image (PNG), Tablesaw table (HTML) or anything else (its {@code toString()}). */
    public static void show(Object o) {
        backend().display(Renderers.bundle(o));
    }

    /** Shows an HTML fragment; escape interpolated text with {@link #escape(String)}. */
    public static void showHtml(String html) {
        WorkbenchException.require(html != null, "html is null");
        backend().display(Renderers.htmlBundle(html));
    }

    /** The chart as an image; a cell ending with it renders as PNG under every kernel. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return Renderers.image(chart);
    }

    /** The table as an HTML string (head and tail for long tables). */
    public static String html(Table table) {
        return Renderers.html(table);
    }

    /** Escapes {@code & < > " '} for HTML. */
    public static String escape(String text) {
        return Renderers.escape(text);
    }
}
