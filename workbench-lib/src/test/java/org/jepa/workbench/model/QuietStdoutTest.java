package org.jepa.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuietStdoutTest {

    @Test
    void dropsOnlySameDiffsDifferentiationLinesAndRestoresTheStream() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            int r = QuietStdout.run(() -> {
                System.out.println("Added differentiated op matmul_3");
                System.out.println("user line");
                System.out.println("Added differentiated op add");
                return 7;
            });
            assertEquals(7, r);
            assertSame(capture, System.out, "the previous System.out must be restored");
        } finally {
            System.setOut(saved);
        }
        assertEquals("user line" + System.lineSeparator(), buf.toString(StandardCharsets.UTF_8));
    }
}
