package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs every code cell of notebooks/02-energy-landscapes.ipynb in JShell (the engine the Java kernels use),
 * at {@code workbench.scale=tiny}, in this JVM: every snippet must compile and run without an exception,
 * and the notebook must be committed without outputs. Takes about 45 s of CPU (JShell compiles each
 * snippet), so it runs only with {@code WORKBENCH_NOTEBOOK_TESTS=1}.
 */
@EnabledIfEnvironmentVariable(named = "WORKBENCH_NOTEBOOK_TESTS", matches = "1|true")
class EnergyNotebookTest {

    @Test
    void notebookCellsRunAndHaveNoOutputs() throws Exception {
        File root = new File(System.getProperty("workbench.root", "..")).getCanonicalFile();
        File nb = new File(root, "notebooks/02-energy-landscapes.ipynb");
        assertTrue(nb.isFile(), "missing " + nb);
        JsonNode cells = new ObjectMapper().readTree(nb).get("cells");
        List<String> code = new ArrayList<>();
        for (JsonNode c : cells) {
            if (!c.get("cell_type").asText().equals("code")) continue;
            assertEquals(0, c.get("outputs").size(), "notebook must be committed without outputs");
            StringBuilder sb = new StringBuilder();
            for (JsonNode line : c.get("source")) sb.append(line.asText());
            String s = sb.toString();
            assertFalse(s.trim().startsWith("%"), "no magics");
            code.add(s);
        }
        assertTrue(code.get(0).contains("import"), "first code cell holds the imports");
        System.setProperty("workbench.scale", "tiny");
        try (JShell js = JShell.builder().executionEngine("local").build()) {
            for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) js.addToClasspath(p);
            SourceCodeAnalysis sca = js.sourceCodeAnalysis();
            int cell = 0;
            for (String src : code) {
                cell++;
                final int cellNo = cell;
                String rest = src;
                while (!rest.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
                    String snippet = ci.source() != null ? ci.source() : rest;
                    for (SnippetEvent ev : js.eval(snippet)) {
                        String diag = js.diagnostics(ev.snippet()).map(d -> d.getMessage(null)).reduce("", (a, b) -> a + "\n" + b);
                        assertNotEquals(Snippet.Status.REJECTED, ev.status(), "cell " + cellNo + " rejected: " + snippet + diag);
                        assertNull(ev.exception(), () -> "cell " + cellNo + " threw: " + ev.exception() + " in " + snippet);
                    }
                    rest = ci.remaining() == null ? "" : ci.remaining();
                    if (ci.source() == null) break;
                }
            }
        } finally {
            System.clearProperty("workbench.scale");
        }
    }
}
