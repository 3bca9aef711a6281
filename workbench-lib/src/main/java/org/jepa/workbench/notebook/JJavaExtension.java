package org.jepa.workbench.notebook;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava's extension hook (listed in {@code META-INF/services/org.dflib.jjava.jupyter.Extension}): when JJava
 * finds the workbench jar on its class path — at start-up, or after {@code %maven} / {@code %classpath} —
 * it installs this, which registers the workbench's renderers with the kernel.
 */
public final class JJavaExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        JJavaBackend.installed = kernel;
        JJavaBackend.register(kernel.getRenderer());
        Show.reset();
    }
}
