package org.jepa.workbench.notebook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.Table;

/**
 * The findings paragraph a lecture ends with, written from its measured {@link Experiment.Result}s (HTML,
 * for {@link Show#showHtml}), so that every number a lecturer reads out is this run's and the cell that
 * shows it is one line.
 */
public final class Findings {
    private Findings() {
    }

    /**
     * One line per run: verdict, RankMe, normStdRatio, how the spread changed during training, linear probe,
     * and the step at which the collapse monitor first flagged it; then the best and worst read-out.
     * Every run needs a monitor ({@link Experiment#monitor}).
     */
    public static String collapse(List<Experiment.Result> runs) {
        WorkbenchException.require(runs != null && !runs.isEmpty(), "Findings.collapse: no results");
        StringBuilder html = new StringBuilder("<ul>");
        for (Experiment.Result r : runs) {
            WorkbenchException.require(r.monitor() != null, "Findings.collapse: run '" + r.name() + "' had no monitor");
            Table h = r.monitor().history();
            double std0 = h.doubleColumn("meanStd").get(0), std1 = h.doubleColumn("meanStd").get(h.rowCount() - 1);
            html.append(String.format("<li><b>%s</b>: <b>%s</b> — RankMe %.1f of %d, normStdRatio %.2f, meanStd %.3g → %.3g (×%.2g), "
                            + "linear probe <b>%.1f %%</b>; first non-healthy check at step %d.</li>",
                    Show.escape(r.name()), r.report().verdict(), r.report().rankMe(), r.report().dims(), r.report().normStdRatio(),
                    std0, std1, std1 / std0, 100 * r.probe().accuracy(), r.monitor().collapseStep()));
        }
        Experiment.Result best = runs.stream().max(Comparator.comparingDouble(r -> r.probe().accuracy())).orElseThrow();
        Experiment.Result worst = runs.stream().min(Comparator.comparingDouble(r -> r.probe().accuracy())).orElseThrow();
        html.append("</ul>").append(String.format("<p>Best read-out: <b>%s</b> (%.1f %%); worst: <b>%s</b> (%.1f %%, chance is 10 %%). "
                        + "A first non-healthy step of −1 means the monitor never flagged the run.</p>",
                Show.escape(best.name()), 100 * best.probe().accuracy(), Show.escape(worst.name()), 100 * worst.probe().accuracy()));
        return html.toString();
    }

    /**
     * The contrastive-vs-regularized reading of a batch-size sweep and a width sweep: per method, the
     * {@code probe} accuracy at the smallest and the largest batch, seconds per epoch, and RankMe, probe and
     * verdict at the widest embedding; then whether the contrastive method gained more from the larger batch
     * than the others did on average (more than one point either way).
     *
     * @param byBatch     results of the batch sweep (one per method and batch size)
     * @param byWidth     results of the width sweep (one per method and embedding width)
     * @param probe       the {@link Experiment#probeWith} column to read, e.g. {@code "probe_100_labels"}
     * @param contrastive the name of the contrastive method among the runs, e.g. {@code "InfoNCE"}
     */
    public static String batchAndWidth(List<Experiment.Result> byBatch, List<Experiment.Result> byWidth, String probe,
                                       String contrastive) {
        WorkbenchException.require(byBatch != null && !byBatch.isEmpty() && byWidth != null && !byWidth.isEmpty(),
                "Findings.batchAndWidth: both sweeps need results");
        int bMin = byBatch.stream().mapToInt(Experiment.Result::batchSize).min().orElseThrow();
        int bMax = byBatch.stream().mapToInt(Experiment.Result::batchSize).max().orElseThrow();
        long widest = byWidth.stream().mapToLong(Experiment.Result::dim).max().orElseThrow();
        Map<String, Experiment.Result> small = byName(byBatch, r -> r.batchSize() == bMin);
        Map<String, Experiment.Result> large = byName(byBatch, r -> r.batchSize() == bMax);
        Map<String, Experiment.Result> wide = byName(byWidth, r -> r.dim() == widest);
        WorkbenchException.require(small.containsKey(contrastive) && large.containsKey(contrastive),
                "Findings.batchAndWidth: no run called '" + contrastive + "' at batch " + bMin + " and " + bMax);
        StringBuilder html = new StringBuilder("<ul>");
        List<String> others = new ArrayList<>();
        for (String m : small.keySet()) {
            Experiment.Result s = small.get(m), l = large.get(m), w = wide.get(m);
            WorkbenchException.require(l != null && w != null, "Findings.batchAndWidth: method '" + m + "' is missing from a sweep");
            if (!m.equals(contrastive)) others.add(m);
            html.append(String.format("<li><b>%s</b>: %s %.1f %% at batch %d → %.1f %% at batch %d (%+.1f points; "
                            + "full probe %.1f → %.1f %%); %.2f s → %.2f s per epoch; at D = %d RankMe %.1f (%.0f %% of D), %s %.1f %%, verdict %s.</li>",
                    Show.escape(m), Show.escape(probe.replace('_', ' ')), 100 * acc(s, probe), bMin, 100 * acc(l, probe), bMax, 100 * (acc(l, probe) - acc(s, probe)),
                    100 * s.probe().accuracy(), 100 * l.probe().accuracy(), s.secondsPerEpoch(), l.secondsPerEpoch(),
                    widest, w.report().rankMe(), 100 * w.report().rankMeFraction(), Show.escape(probe.replace('_', ' ')), 100 * acc(w, probe), w.report().verdict()));
        }
        double gainContrastive = acc(large.get(contrastive), probe) - acc(small.get(contrastive), probe);
        double gainOthers = 0;
        for (String m : others) gainOthers += (acc(large.get(m), probe) - acc(small.get(m), probe)) / others.size();
        html.append("</ul><p>")
                .append(String.format("Going from batch %d to %d changed %s's %s accuracy by <b>%+.1f points</b> and the "
                                + "regularized methods' by <b>%+.1f points</b> on average: ", bMin, bMax, Show.escape(contrastive),
                        Show.escape(probe.replace('_', ' ')), 100 * gainContrastive, 100 * gainOthers))
                .append(gainContrastive > gainOthers + 0.01 ? "here the contrastive method gains more from a larger batch (more negatives), as the theory predicts."
                        : gainContrastive < gainOthers - 0.01 ? "here the contrastive method does <i>not</i> gain more from a larger batch; at this scale the fixed-epoch budget (fewer steps for large batches) outweighs the extra negatives."
                        : "at this scale the batch size matters about equally for both families (within one point).")
                .append(" Timings were measured on a shared machine; compare them within a run, not across machines.")
                .append("</p>");
        return html.toString();
    }

    private static double acc(Experiment.Result r, String probe) {
        Double a = r.probes().get(probe);
        WorkbenchException.require(a != null, "Findings: run '" + r.name() + "' has no probe '" + probe + "'; add it with Experiment.probeWith");
        return a;
    }

    private static Map<String, Experiment.Result> byName(List<Experiment.Result> rs, java.util.function.Predicate<Experiment.Result> keep) {
        Map<String, Experiment.Result> m = new LinkedHashMap<>();
        for (Experiment.Result r : rs) if (keep.test(r)) m.put(r.name(), r);
        return m;
    }
}
