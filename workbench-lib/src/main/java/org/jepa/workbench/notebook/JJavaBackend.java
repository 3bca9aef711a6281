package org.jepa.workbench.notebook;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * Display through the JJava kernel (1.0-a5 and later: the basekernel package {@code org.dflib.jjava.jupyter}
 * is the same in all of them). The renderers are registered by {@link JJavaExtension}, which JJava installs
 * from {@code META-INF/services} when the workbench jar is on its class path, or on first use when it was
 * found another way. The kernel instance is the one the extension was given, else {@code
 * BaseKernel.notebookKernel()} (a6 and later) or {@code org.dflib.jjava.JJava.getKernelInstance()} (a5).
 */
final class JJavaBackend implements DisplayBackend {
    private static final Set<Renderer> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** The kernel an extension was installed into, if any. */
    static volatile BaseKernel installed;
    private final BaseKernel kernel;

    private JJavaBackend(BaseKernel kernel) {
        this.kernel = kernel;
        register(kernel.getRenderer());
    }

    /** The running JJava kernel's backend, or null when this JVM is not one. */
    static DisplayBackend detect(ClassLoader cl) {
        try {
            BaseKernel k = installed;
            if (k == null) k = kernel(cl);
            return k == null ? null : new JJavaBackend(k);
        } catch (LinkageError e) {
            return null;
        }
    }

    private static BaseKernel kernel(ClassLoader cl) {
        for (String[] accessor : new String[][] {
                {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"}, // 1.0-a6 and later
                {"org.dflib.jjava.JJava", "getKernelInstance"}}) {              // 1.0-a5
            try {
                Object k = Class.forName(accessor[0], true, cl).getMethod(accessor[1]).invoke(null);
                if (k instanceof BaseKernel bk) return bk;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not this version, or not inside a running kernel
            }
        }
        return null;
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
        r.createRegistration(INDArray.class).preferring(MIMEType.TEXT_PLAIN)
                .register((array, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> array.toString()));
    }

    private static DisplayData data(Map<String, String> bundle) {
        DisplayData dd = new DisplayData();
        bundle.forEach(dd::putData);
        return dd;
    }

    /**
     * {@code setDisplayId} returns void up to 1.0-a6 and the DisplayData from 1.0-a7 on: a call compiled
     * against either fails on the other, so it goes through reflection.
     */
    private static void setDisplayId(DisplayData dd, String id) {
        try {
            Method m = DisplayData.class.getMethod("setDisplayId", String.class);
            m.invoke(dd, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JJava DisplayData.setDisplayId failed", e);
        }
    }

    @Override public String name() { return "JJava"; }

    @Override public boolean isNotebook() { return true; }

    @Override public String display(Map<String, String> bundle) {
        DisplayData dd = data(bundle);
        String id = UUID.randomUUID().toString();
        setDisplayId(dd, id);
        kernel.display(dd);
        return id;
    }

    @Override public void update(String id, Map<String, String> bundle) {
        kernel.getIO().display.updateDisplay(id, data(bundle));
    }
}
