package org.jepa.workbench.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * Display through the IJava kernel (jupyter-jvm-basekernel 2.3.x, which IJava 1.3 shades without relocating):
 * the workbench's renderers are registered with the kernel's own {@link Renderer}, so a cell that ends
 * with a chart (PNG, or SVG when asked), a Tablesaw table (HTML) or an ND4J array renders; {@link Show} and
 * {@link Progress} publish through the kernel instance ({@code display} / {@code update_display_data}).
 * Loaded only after {@link DisplayBackend#detect()} found IJava's classes.
 */
final class IJavaBackend implements DisplayBackend {
    private static final Set<Renderer> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final BaseKernel kernel;

    private IJavaBackend(BaseKernel kernel) {
        this.kernel = kernel;
        register(kernel.getRenderer());
    }

    /** The running IJava kernel's backend, or null when this JVM is not one. */
    static DisplayBackend detect(ClassLoader cl) {
        try {
            Object k = Class.forName("io.github.spencerpark.ijava.IJava", true, cl).getMethod("getKernelInstance").invoke(null);
            return k instanceof BaseKernel bk ? new IJavaBackend(bk) : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Registers the workbench's renderers with {@code r}, once per renderer. */
    static void register(Renderer r) {
        if (!REGISTERED.add(r)) return;
        r.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.IMAGE_SVG)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Renderers.base64(Renderers.png(chart)));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> Renderers.svg(chart));
                });
        r.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML)
                .register((table, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Renderers.html(table)));
        // text/plain is always added by the kernel as String.valueOf(value); for a table that is its text form.
        r.createRegistration(INDArray.class).preferring(MIMEType.TEXT_PLAIN)
                .register((array, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> array.toString()));
    }

    private static DisplayData data(Map<String, String> bundle) {
        DisplayData dd = new DisplayData();
        bundle.forEach(dd::putData);
        return dd;
    }

    @Override public String name() { return "IJava"; }

    @Override public boolean isNotebook() { return true; }

    @Override public String display(Map<String, String> bundle) {
        DisplayData dd = data(bundle);
        String id = UUID.randomUUID().toString();
        dd.setDisplayId(id);
        kernel.display(dd);
        return id;
    }

    @Override public void update(String id, Map<String, String> bundle) {
        kernel.getIO().display.updateDisplay(id, data(bundle));
    }
}
