package org.jepa.workbench.notebook;

import java.util.Map;

/**
 * Where display output goes: the running Jupyter kernel (Rapaio, IJava or JJava, detected at run time) or
 * the console. Package-private: notebooks use {@link Show} and {@link Progress}.
 */
interface DisplayBackend {

    /** Kernel name, or {@code "console"}. */
    String name();

    /** Whether output reaches a notebook (and can be updated in place). */
    boolean isNotebook();

    /** Shows a MIME bundle; returns its display id (null on the console). */
    String display(Map<String, String> bundle);

    /** Replaces the output shown under {@code id}. */
    void update(String id, Map<String, String> bundle);

    /**
     * Detects the kernel this JVM runs in — Rapaio, JJava, IJava — and, for the last two, registers the
     * workbench's renderers with it; never fails (falls back to the console). The kernel libraries are
     * touched only when their classes are present.
     */
    static DisplayBackend detect() {
        try {
            String command = System.getProperty("sun.java.command", "");
            if (command.startsWith("org.rapaio.jupyter.kernel.MainApp") || command.contains("rapaio-jupyter-kernel")) {
                return new RapaioBackend();
            }
            ClassLoader cl = DisplayBackend.class.getClassLoader();
            if (present("org.dflib.jjava.jupyter.kernel.BaseKernel", cl)) {
                DisplayBackend b = JJavaBackend.detect(cl);
                if (b != null) return b;
            }
            if (present("io.github.spencerpark.jupyter.kernel.BaseKernel", cl)) {
                DisplayBackend b = IJavaBackend.detect(cl);
                if (b != null) return b;
            }
        } catch (LinkageError | RuntimeException e) {
            // a half-present kernel library: fall through to the console
        }
        return ConsoleBackend.INSTANCE;
    }

    private static boolean present(String className, ClassLoader cl) {
        try {
            Class.forName(className, false, cl);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Plain stdout: prints the text form; updates are not possible. */
    final class ConsoleBackend implements DisplayBackend {
        static final ConsoleBackend INSTANCE = new ConsoleBackend();

        @Override public String name() { return "console"; }

        @Override public boolean isNotebook() { return false; }

        @Override public String display(Map<String, String> bundle) {
            System.out.println(bundle.getOrDefault("text/plain", ""));
            return null;
        }

        @Override public void update(String id, Map<String, String> bundle) {
            display(bundle);
        }
    }
}
