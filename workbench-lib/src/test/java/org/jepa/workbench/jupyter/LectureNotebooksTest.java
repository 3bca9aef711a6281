package org.jepa.workbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every lecture in {@code notebooks/} headless at the default (small) scale, through the same
 * runner as {@code ./workbench lectures}, and checks what a lecturer relies on: no error output in any
 * cell, at least one picture and at least one table per notebook. The smoke notebook has its own,
 * stricter test ({@link NotebookEndToEndTest}). Lectures that run sweeps need the workbench-sweep module,
 * built after this one: its own test runs them.
 */
class LectureNotebooksTest {

    @TempDir
    static Path out;

    @TestFactory
    Stream<DynamicTest> everyLectureRunsCleanWithPicturesAndTables() throws IOException {
        Assumptions.assumeTrue(Jupyter.has("nbconvert"),
                "SKIPPED: /usr/bin/jupyter-nbconvert is missing; install with: " + Jupyter.installCommand(Jupyter.HEADLESS_PACKAGES));
        Path root = Path.of(System.getProperty("workbench.root", "..")).toAbsolutePath().normalize();
        List<Path> lectures = LectureRunner.lectures(root).stream().filter(p -> !LectureRunner.usesSweeps(p)).toList();
        assertFalse(lectures.isEmpty(), "no lecture notebooks found in " + root.resolve("notebooks"));
        LectureRunner runner = new LectureRunner(root, out, 600);
        runner.prepare();
        return lectures.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            LectureRunner.Result r = runner.run(nb);
            System.out.println(LectureRunner.summary(List.of(r)).printAll());
            assertEquals("ok", r.status(), () -> nb.getFileName() + " failed; the end of its log:\n" + runner.logTail(r, 40));
            assertTrue(r.scan().images() >= 1, nb.getFileName() + ": no image/png output");
            assertTrue(r.scan().htmlTables() >= 1, nb.getFileName() + ": no table output");
        }));
    }
}
