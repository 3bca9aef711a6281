package org.jepa.workbench.notebook;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;

/**
 * Progress of long work (training) as ONE output that updates in place: in a notebook a single display
 * is rewritten (Jupyter {@code update_display_data}) at most every {@link #MIN_UPDATE_MILLIS} ms, and
 * {@link #done(Object)} replaces it with the final table or chart, so the cell ends up showing only the
 * result. On a console it is a {@code me.tongfei.progressbar} bar.
 *
 * <pre>{@code
 * Progress p = Progress.start("VICReg", steps);
 * for (int s = 1; s <= steps; s++) { ...; p.update(s, "loss=" + loss); }
 * p.done(historyTable);           // the progress line becomes the table
 * }</pre>
 */
public final class Progress {

    /** Minimum time between two notebook updates; the last step always updates. */
    public static final long MIN_UPDATE_MILLIS = 250;

    private final String name;
    private final long total;
    private final DisplayBackend out;
    private final long startNanos = System.nanoTime();
    private final ProgressBar bar;
    private String id;
    private long lastUpdateNanos;
    private long step;
    private boolean finished;

    private Progress(String name, long total, DisplayBackend out) {
        WorkbenchException.require(total > 0, "Progress total must be > 0, got " + total);
        this.name = name == null ? "" : name;
        this.total = total;
        this.out = out;
        if (out.isNotebook()) {
            this.bar = null;
            this.id = out.display(bundle(""));
        } else {
            // Without a terminal (CI logs, redirected output) every refresh becomes a new line: refresh rarely.
            int interval = System.console() == null ? 15_000 : (int) MIN_UPDATE_MILLIS;
            this.bar = new ProgressBarBuilder().setTaskName(this.name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(interval).build();
        }
    }

    /** Starts showing progress of {@code totalSteps} steps (> 0) under {@code name}. */
    public static Progress start(String name, long totalSteps) {
        return new Progress(name, totalSteps, Show.backend());
    }

    static Progress start(String name, long totalSteps, DisplayBackend out) {
        return new Progress(name, totalSteps, out);
    }

    /** Reports that {@code step} of the total steps are done (clamped to [0, total]), with a short message. */
    public synchronized void update(long step, String message) {
        if (finished) return;
        this.step = Math.max(0, Math.min(step, total));
        if (bar != null) {
            bar.stepTo(this.step);
            if (message != null) bar.setExtraMessage(message);
            return;
        }
        long now = System.nanoTime();
        if (this.step < total && now - lastUpdateNanos < MIN_UPDATE_MILLIS * 1_000_000L) return;
        lastUpdateNanos = now;
        out.update(id, bundle(message == null ? "" : message));
    }

    /** Ends the progress, replacing it with {@code result} (chart, table, image, text; null: a summary line). */
    public synchronized void done(Object result) {
        if (finished) return;
        finished = true;
        String summary = name + ": " + step + "/" + total + " steps in " + seconds() + " s";
        if (bar != null) {
            bar.close();
            if (result != null) DisplayBackend.ConsoleBackend.INSTANCE.display(Renderers.bundle(result));
            return;
        }
        out.update(id, result == null ? Map.of("text/plain", summary) : Renderers.bundle(result));
    }

    /** Ends the progress with a summary line. */
    public void done() {
        done(null);
    }

    /** Steps reported so far. */
    public synchronized long step() {
        return step;
    }

    /**
     * A training callback that reports each step with its losses. It does not call {@link #done(Object)}:
     * the caller does, with the result to show.
     */
    public TrainingCallback asTrainingCallback() {
        return new TrainingCallback() {
            @Override
            public void onStep(TrainingContext ctx, long step, Map<String, Double> losses) {
                StringJoiner j = new StringJoiner("  ");
                losses.forEach((k, v) -> j.add(k + "=" + String.format("%.4g", v)));
                update(step + 1, j.toString());
            }
        };
    }

    private String seconds() {
        return String.format("%.1f", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }

    private Map<String, String> bundle(String message) {
        int pct = (int) (100 * step / total);
        String eta = step == 0 ? "" : String.format(", ETA %.0f s",
                (System.nanoTime() - startNanos) / 1e9 * (total - step) / step);
        String text = name + "  " + step + "/" + total + " [" + pct + "%]  " + message + "  (" + seconds() + " s" + eta + ")";
        String html = "<div style=\"font-family:monospace\"><b>" + Renderers.escape(name) + "</b> "
                + "<progress value=\"" + step + "\" max=\"" + total + "\" style=\"width:30ch\"></progress> "
                + step + "/" + total + " [" + pct + "%] " + Renderers.escape(message)
                + " <span style=\"color:gray\">(" + seconds() + " s" + eta + ")</span></div>";
        return Map.of("text/html", html, "text/plain", text);
    }
}
