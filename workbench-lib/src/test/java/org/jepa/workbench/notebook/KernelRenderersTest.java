package org.jepa.workbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The workbench's registrations with the renderers of the IJava (jupyter-jvm-basekernel 2.3.0) and JJava
 * (jjava-jupyter) kernels, exercised through each kernel's own {@code Renderer}: a chart comes back as PNG
 * bytes that decode to an image of its size (and as SVG when asked for), a table as HTML with its cells,
 * an ND4J array as its text. This is what a cell ending with such a value shows in those kernels.
 */
class KernelRenderersTest {

    static XYChart chart() {
        XYChart c = new XYChartBuilder().width(320).height(200).title("loss <&>").build();
        c.addSeries("loss", new double[] {1, 2, 3}, new double[] {3, 2, 1.5});
        return c;
    }

    static Table table() {
        return Table.create("verdicts", StringColumn.create("run", "none", "VICReg <b>"), DoubleColumn.create("rankMe", 1.0, 17.27));
    }

    /** Checks one kernel's renderer through its render(value) and renderAs(value, mime) functions. */
    static void check(Function<Object, Function<String, Object>> render, BiFunction<Object, String, Function<String, Object>> renderAs)
            throws Exception {
        XYChart c = chart();
        Function<String, Object> chartData = render.apply(c);
        Object png = chartData.apply("image/png");
        assertNotNull(png, "a chart renders as image/png by default");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) png)));
        assertNotNull(img, "the PNG decodes");
        assertEquals(320, img.getWidth());
        assertEquals(200, img.getHeight());
        Object svg = renderAs.apply(c, "image/svg+xml").apply("image/svg+xml");
        // (VectorGraphics2D draws text as glyph outlines, so only the document and its size can be checked)
        assertTrue(svg instanceof String s && s.contains("<svg") && s.contains("width=\"320px\"") && s.contains("height=\"200px\""),
                "SVG on request: " + String.valueOf(svg).substring(0, Math.min(300, String.valueOf(svg).length())));

        Function<String, Object> tableData = render.apply(table());
        String html = (String) tableData.apply("text/html");
        assertNotNull(html, "a table renders as text/html");
        assertTrue(html.contains("<td>VICReg &lt;b&gt;</td>") && html.contains("<td>17.27</td>") && html.contains("verdicts"), html);
        assertTrue(String.valueOf(tableData.apply("text/plain")).contains("rankMe"), "text/plain fallback");

        Object text = render.apply(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}})).apply("text/plain");
        assertTrue(text instanceof String s && s.contains("1.0000") && s.contains("\n"), "array as text: " + text);
    }

    @Test
    void ijavaBaseKernelRendersChartsTablesAndArrays() throws Exception {
        io.github.spencerpark.jupyter.kernel.display.Renderer r = new io.github.spencerpark.jupyter.kernel.display.Renderer();
        IJavaBackend.register(r);
        IJavaBackend.register(r); // twice is once
        check(v -> {
            var d = r.render(v);
            return mime -> d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse(mime));
        }, (v, as) -> {
            var d = r.renderAs(v, as);
            return mime -> d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse(mime));
        });
    }

    @Test
    void jjavaRendersChartsTablesAndArraysAndIsFoundAsAnExtension() throws Exception {
        org.dflib.jjava.jupyter.kernel.display.Renderer r = new org.dflib.jjava.jupyter.kernel.display.Renderer();
        JJavaBackend.register(r);
        check(v -> {
            var d = r.render(v);
            return mime -> d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(mime));
        }, (v, as) -> {
            var d = r.renderAs(v, as);
            return mime -> d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(mime));
        });
        // JJava installs extensions it finds through ServiceLoader: the workbench's is one of them.
        boolean found = false;
        for (org.dflib.jjava.jupyter.Extension e : ServiceLoader.load(org.dflib.jjava.jupyter.Extension.class)) {
            found |= e instanceof JJavaExtension;
        }
        assertTrue(found, "META-INF/services/org.dflib.jjava.jupyter.Extension must list JJavaExtension");
    }

    @Test
    void outsideAKernelDisplayGoesToTheConsole() {
        assertEquals("console", DisplayBackend.detect().name());
    }
}
