package org.jepa.workbench.notebook;

import org.jepa.workbench.FirstUse;

/**
 * Registered in {@code META-INF/services/org.jepa.workbench.FirstUse$Hook}: at the library's first use,
 * detect the kernel this JVM runs in, which registers the workbench's renderers with IJava or JJava (Rapaio
 * finds them through its own display SPI).
 */
public final class KernelHook implements FirstUse.Hook {
    @Override
    public void run() {
        Show.backend();
    }
}
