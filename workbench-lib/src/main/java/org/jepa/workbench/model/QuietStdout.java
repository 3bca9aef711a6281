package org.jepa.workbench.model;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * SameDiff M2.1 announces every op it differentiates with a bare {@code System.out.println("Added
 * differentiated op …")} (in {@code SameDiff.createGradFunction}, not through a logger, so logging
 * configuration cannot silence it). This runs an action with those lines, and only those, dropped from
 * {@code System.out}; everything else passes through to the stream that was installed before.
 */
public final class QuietStdout {
    public static final String PREFIX = "Added differentiated op ";

    private QuietStdout() {
    }

    public static <T> T run(Supplier<T> action) {
        PrintStream original = System.out;
        PrintStream filter = new PrintStream(original, true) {
            @Override
            public void println(String line) {
                if (line == null || !line.startsWith(PREFIX)) super.println(line);
            }
        };
        System.setOut(filter);
        try {
            return action.get();
        } finally {
            filter.flush();
            System.setOut(original);
        }
    }
}
