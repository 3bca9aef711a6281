package org.jepa.workbench.notebook;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.Table;

/**
 * Rapaio display SPI (registered in {@code META-INF/services}): a cell whose last value is an XChart chart
 * renders inline as PNG, a Tablesaw table as HTML, an ND4J array as plain text. Found by Rapaio's {@code ServiceLoader} because the
 * kernel spec puts workbench-lib on the kernel JVM's class path.
 */
public final class WorkbenchDisplayProvider implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new BundleRenderer(Chart.class, Set.of("png", "image/png")),
                new BundleRenderer(Table.class, Set.of("html", "text/html")),
                // Rapaio's default would send toString() as HTML, collapsing the array's line breaks.
                new BundleRenderer(INDArray.class, Set.of("text", "text/plain")));
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    /** Renders objects of one class through {@link Renderers#bundle(Object)}. */
    static final class BundleRenderer implements DisplayRenderer {
        private final Class<?> type;
        private final Set<String> mimes;

        BundleRenderer(Class<?> type, Set<String> mimes) {
            this.type = type;
            this.mimes = mimes;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        /** {@code null} (no requested type: Rapaio's default) or one of this renderer's types. */
        @Override
        public boolean canRender(String mime) {
            return mime == null || mime.isBlank() || mimes.contains(mime.trim().toLowerCase(Locale.ROOT));
        }

        @Override
        public DisplayData render(String mime, Object o) {
            if (!canRender(mime)) throw new IllegalArgumentException("cannot render " + type.getSimpleName() + " as " + mime);
            return RapaioBackend.toDisplayData(Renderers.bundle(o));
        }
    }
}
