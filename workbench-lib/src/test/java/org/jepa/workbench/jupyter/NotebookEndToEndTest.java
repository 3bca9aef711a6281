package org.jepa.workbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain: kernel spec → KernelLauncher → Rapaio → workbench classes, ND4J, the display provider,
 * Show, Progress → nbconvert → scan and HTML. Skipped only when Jupyter is not installed.
 */
class NotebookEndToEndTest {

    @Test
    void smokeNotebookRunsHeadlessThroughTheRealKernel(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(Jupyter.has("nbconvert"),
                "SKIPPED: /usr/bin/jupyter-nbconvert is missing; install with: " + Jupyter.installCommand(Jupyter.HEADLESS_PACKAGES));
        Path root = Path.of(System.getProperty("workbench.root", "..")).toAbsolutePath().normalize();
        LectureRunner runner = new LectureRunner(root, out, 300);
        runner.prepare();
        LectureRunner.Result r = runner.run(root.resolve("notebooks").resolve("00-smoke.ipynb"));
        System.out.println(LectureRunner.summary(List.of(r)).printAll());
        assertEquals("ok", r.status());
        NotebookScan scan = r.scan();
        assertEquals(8, scan.cells());
        assertEquals(3, scan.images(), "chart as last value, Show.show(chart), Show.image(chart)");
        assertEquals(3, scan.htmlTables(), "table as last value, Show.show(table), Progress.done(table)");
        assertTrue(Files.size(out.resolve("00-smoke.html")) > 10_000);
        String handout = Files.readString(out.resolve("00-smoke-handout.html"));
        assertTrue(handout.contains("data:image/png;base64,"), "images are inlined in the handout");
        assertTrue(!handout.contains("XYChartBuilder"), "the handout has no code");

        JsonNode cells = new ObjectMapper().readTree(out.resolve("00-smoke.ipynb").toFile()).path("cells");
        JsonNode progressOutputs = cells.get(6).path("outputs");
        assertEquals(1, progressOutputs.size(), "progress is one output, replaced by the final table: " + progressOutputs);
        assertTrue(text(progressOutputs.get(0).path("data").path("text/html")).contains("<table"));
        String arrayText = text(cells.get(2).path("outputs").get(0).path("data").path("text/plain"));
        assertTrue(arrayText.contains("14.0000") && arrayText.contains("77.0000"), "x·xᵀ for x = [[1,2,3],[4,5,6]]: " + arrayText);
    }

    /** nbformat stores multi-line text as a list of lines. */
    private static String text(JsonNode node) {
        if (!node.isArray()) return node.asText();
        StringBuilder sb = new StringBuilder();
        node.forEach(n -> sb.append(n.asText()));
        return sb.toString();
    }
}
