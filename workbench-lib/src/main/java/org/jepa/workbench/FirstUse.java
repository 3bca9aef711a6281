package org.jepa.workbench;

import java.util.ServiceLoader;

/**
 * The library's first use in a JVM: classes that notebooks start from (models, data sets, plots) call
 * {@link #run()}, which runs, once, every {@link Hook} registered in {@code META-INF/services} — the
 * notebook layer registers its kernel renderers this way, so a cell that ends with a chart renders under
 * IJava and JJava too, without the lower packages knowing about notebooks.
 */
public final class FirstUse {
    /** Something to do once when the library is first used. Must be cheap and never throw. */
    public interface Hook {
        void run();
    }

    private static volatile boolean done;

    private FirstUse() {
    }

    /** Runs the hooks the first time it is called in this JVM; later calls cost one volatile read. */
    public static void run() {
        if (done) return;
        synchronized (FirstUse.class) {
            if (done) return;
            done = true;
            for (Hook h : ServiceLoader.load(Hook.class, FirstUse.class.getClassLoader())) {
                try {
                    h.run();
                } catch (RuntimeException | LinkageError e) {
                    // a notebook hook must never stop the library from working
                }
            }
        }
    }
}
