package org.jepa.workbench.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.factory.Nd4j;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("train", new double[] {0, 1, 2}, new double[] {3, 2, 1.5});
        return chart;
    }

    @Test
    void chartBecomesPngOfItsOwnSize() throws Exception {
        byte[] png = Renderers.png(chart());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(320, img.getWidth());
        assertEquals(200, img.getHeight());
        // not a blank canvas: the plot draws more than one colour
        long colours = img.getRGB(0, 0, 320, 200, null, 0, 320).length == 0 ? 0
                : Arrays.stream(img.getRGB(0, 0, 320, 200, null, 0, 320)).distinct().count();
        assertTrue(colours > 10, "colours in chart image: " + colours);
    }

    @Test
    void chartBundleIsBase64PngWithTitleText() {
        Map<String, String> b = Renderers.bundle(chart());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Base64.getDecoder().decode(b.get("image/png")), 8));
        assertEquals("<chart: loss>", b.get("text/plain"));
    }

    @Test
    void tableHtmlEscapesCellsAndNames() {
        Table t = Table.create("a<b", StringColumn.create("name & \"x\"", "<script>", "o'k"), IntColumn.create("n", 1, 2));
        String html = Renderers.html(t);
        assertTrue(html.startsWith("<table class=\"dataframe\""), html);
        assertTrue(html.contains("<caption>a&lt;b — 2 rows × 2 columns</caption>"), html);
        assertTrue(html.contains("<th>name &amp; &quot;x&quot;</th>"), html);
        assertTrue(html.contains("<td>&lt;script&gt;</td>"), html);
        assertTrue(html.contains("<td>o&#39;k</td>"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void longTableShowsHeadEllipsisAndTail() {
        double[] v = new double[50];
        for (int i = 0; i < v.length; i++) v[i] = i;
        String html = Renderers.html(Table.create("long", DoubleColumn.create("v", v)));
        int rows = html.split("<tr>", -1).length - 1;
        assertEquals(1 + Renderers.MAX_TABLE_ROWS + 1, rows, "header + shown rows + ellipsis row");
        assertTrue(html.contains("<td>0.0</td>") || html.contains("<td>0</td>"), html);
        assertTrue(html.contains("<td>49.0</td>") || html.contains("<td>49</td>"), html);
        assertFalse(html.contains("<td>25.0</td>") || html.contains("<td>25</td>"), "middle rows are elided");
        assertTrue(html.contains("50 rows × 1 column"));
    }

    @Test
    void rapaioProviderRendersChartAsPngAndTableAsHtml() {
        var renderers = new WorkbenchDisplayProvider().getDisplayRenderers();
        DisplayRenderer chartRenderer = renderers.stream().filter(r -> r.rendererClass().isInstance(chart())).findFirst().orElseThrow();
        assertTrue(chartRenderer.canRender(null), "Rapaio asks with mime == null for a cell's last value");
        assertTrue(chartRenderer.canRender("image/png"));
        assertFalse(chartRenderer.canRender("text/html"));
        DisplayData dd = chartRenderer.render(null, chart());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Base64.getDecoder().decode((String) dd.data().get("image/png")), 8));

        Table t = Table.create("t", IntColumn.create("n", new int[] {7}));
        DisplayRenderer tableRenderer = renderers.stream().filter(r -> r.rendererClass().isInstance(t)).findFirst().orElseThrow();
        DisplayData td = tableRenderer.render(null, t);
        assertTrue(((String) td.data().get("text/html")).contains("<td>7</td>"));
        assertTrue(td.data().containsKey("text/plain"));

        var array = Nd4j.create(new double[] {1, 2});
        DisplayRenderer arrayRenderer = renderers.stream().filter(r -> r.rendererClass().isInstance(array)).findFirst().orElseThrow();
        assertEquals(array.toString(), arrayRenderer.render(null, array).data().get("text/plain"));
    }

    @Test
    void providerIsRegisteredForRapaiosServiceLoader() throws Exception {
        try (var in = RenderersTest.class.getResourceAsStream(
                "/META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider")) {
            assertEquals(WorkbenchDisplayProvider.class.getName(), new String(in.readAllBytes()).trim());
        }
    }

    @Test
    void outsideAKernelShowPrintsToTheConsole() {
        assertEquals("console", Show.kernel());
        assertEquals("a &amp; b", Show.escape("a & b"));
    }
}
