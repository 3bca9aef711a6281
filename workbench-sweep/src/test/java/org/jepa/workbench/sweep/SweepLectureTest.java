package org.jepa.workbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jepa.workbench.jupyter.Jupyter;
import org.jepa.workbench.jupyter.LectureRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lectures that run sweeps (they import {@code org.jepa.workbench.sweep}), executed headless at the
 * default scale through the runner of {@code ./workbench lectures}, with the checks of workbench-lib's
 * {@code LectureNotebooksTest}: no error output, at least one picture and one table.
 */
class SweepLectureTest {

    @TempDir
    static Path out;

    @TestFactory
    Stream<DynamicTest> sweepLecturesRunCleanWithPicturesAndTables() throws IOException {
        Assumptions.assumeTrue(Jupyter.has("nbconvert"),
                "SKIPPED: /usr/bin/jupyter-nbconvert is missing; install with: " + Jupyter.installCommand(Jupyter.HEADLESS_PACKAGES));
        Path root = Path.of(System.getProperty("workbench.root", "..")).toAbsolutePath().normalize();
        List<Path> lectures = LectureRunner.lectures(root).stream().filter(LectureRunner::usesSweeps).toList();
        assertFalse(lectures.isEmpty(), "no lecture in " + root.resolve("notebooks") + " runs sweeps");
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
