package org.jepa.workbench.notebook;

import java.lang.reflect.Method;
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

    /** Detects the kernel this JVM runs in; never fails (falls back to the console). */
    static DisplayBackend detect() {
        try {
            String command = System.getProperty("sun.java.command", "");
            if (command.startsWith("org.rapaio.jupyter.kernel.MainApp") || command.contains("rapaio-jupyter-kernel")) {
                return new RapaioBackend();
            }
            DisplayBackend b = ReflectiveBackend.detect("IJava", "io.github.spencerpark.ijava.IJava",
                    "io.github.spencerpark.jupyter.kernel.display.DisplayData", "io.github.spencerpark.ijava.runtime.Display");
            if (b != null) return b;
            b = ReflectiveBackend.detect("JJava", "org.dflib.jjava.JJava",
                    "org.dflib.jjava.jupyter.kernel.display.DisplayData", "org.dflib.jjava.runtime.Display");
            if (b != null) return b;
        } catch (LinkageError | RuntimeException e) {
            // a half-present kernel library: fall through to the console
        }
        return ConsoleBackend.INSTANCE;
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

    /**
     * IJava and JJava share one design (JJava is IJava's successor): a static {@code getKernelInstance()},
     * a {@code DisplayData} with {@code putData(mime, data)}, and a runtime {@code Display} whose
     * {@code display(Object)} returns the display id and whose {@code updateDisplay(id, Object)} replaces it.
     * Reached by reflection: neither is on the workbench's classpath.
     */
    final class ReflectiveBackend implements DisplayBackend {
        private final String name;
        private final Class<?> dataClass;
        private final Method putData;
        private final Method display;
        private final Method update;

        private ReflectiveBackend(String name, Class<?> dataClass, Class<?> displayClass) throws ReflectiveOperationException {
            this.name = name;
            this.dataClass = dataClass;
            this.putData = dataClass.getMethod("putData", String.class, Object.class);
            this.display = displayClass.getMethod("display", Object.class);
            this.update = displayClass.getMethod("updateDisplay", String.class, Object.class);
        }

        static DisplayBackend detect(String name, String kernelClass, String dataClass, String displayClass) {
            ClassLoader cl = DisplayBackend.class.getClassLoader();
            try {
                Object kernel = Class.forName(kernelClass, true, cl).getMethod("getKernelInstance").invoke(null);
                if (kernel == null) return null;
                return new ReflectiveBackend(name, Class.forName(dataClass, true, cl), Class.forName(displayClass, true, cl));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        private Object data(Map<String, String> bundle) throws ReflectiveOperationException {
            Object dd = dataClass.getConstructor().newInstance();
            for (var e : bundle.entrySet()) putData.invoke(dd, e.getKey(), e.getValue());
            return dd;
        }

        @Override public String name() { return name; }

        @Override public boolean isNotebook() { return true; }

        @Override public String display(Map<String, String> bundle) {
            try {
                return (String) display.invoke(null, data(bundle));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + " display failed", e);
            }
        }

        @Override public void update(String id, Map<String, String> bundle) {
            try {
                update.invoke(null, id, data(bundle));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + " updateDisplay failed", e);
            }
        }
    }
}
