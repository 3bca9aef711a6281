package org.jepa.workbench.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fits the collapse verdict's thresholds on many runs ({@link CollapseCell} rows over seeds), so that each
 * objective's verdict agrees across seeds, and reports the agreement before and after.
 *
 * <p>The rule is the diagnostics' own ({@code CollapseThresholds}), on the metrics each row recorded:
 * COMPLETE_COLLAPSE when {@code normStdRatio < completeNormStdRatio} (the cone rule; 0 turns it off) or
 * {@code shrink < minShrink} (the embeddings' spread fell below that fraction of the untrained encoder's)
 * or {@code relativeStd < 1e-3}; else DIMENSIONAL_COLLAPSE when {@code rankMeFraction < minRankFraction} or
 * {@code collapsedSpectrumFraction > 0.25} or {@code deadDimFraction > 0.25}; else HEALTHY.
 *
 * <p>Agreement across seeds alone is a poor target (calling everything HEALTHY agrees perfectly), so the
 * fit maximises the share of runs whose verdict is the one {@code intended} for their objective (e.g.
 * {@code none} → COMPLETE_COLLAPSE, {@code VICReg μ=3} → DIMENSIONAL_COLLAPSE); among equally good
 * thresholds it takes the middle of the widest interval, the largest margin to the runs on either side.
 * {@link #crossValidated} fits on half the seeds and scores on the other half, which is the honest number.
 */
public final class VerdictFit {

    /** One rule: the three thresholds that decide the verdict here (the others at their defaults). */
    public record Rule(double completeNormStdRatio, double minShrink, double minRankFraction) {
        /** The library's defaults: cone rule 0.1, shrink floor 0.05 ({@code Experiment.shrinkFactor}), rank 0.1. */
        public static final Rule DEFAULTS = new Rule(0.1, 0.05, 0.1);

        /** The verdict this rule gives a row's metrics. */
        public String verdict(Map<String, Object> m) {
            if (num(m, "normStdRatio") < completeNormStdRatio || num(m, "shrink") < minShrink || num(m, "relativeStd") < 1e-3) {
                return "COMPLETE_COLLAPSE";
            }
            if (num(m, "rankMeFraction") < minRankFraction || num(m, "collapsedSpectrumFraction") > 0.25
                    || num(m, "deadDimFraction") > 0.25) {
                return "DIMENSIONAL_COLLAPSE";
            }
            return "HEALTHY";
        }

        @Override
        public String toString() {
            return String.format("cone rule normStdRatio < %s, shrink < %.2f, rankMe/D < %.3f",
                    completeNormStdRatio == 0 ? "off" : String.format("%.2f", completeNormStdRatio), minShrink, minRankFraction);
        }
    }

    private static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        WorkbenchException.require(v instanceof Number, "VerdictFit: row has no metric '" + k + "'; use CollapseCell rows");
        return ((Number) v).doubleValue();
    }

    private VerdictFit() { }

    /** Fits a rule on the ok rows that satisfy {@code use}. */
    public static Rule fit(List<CellResult> rows, Map<String, String> intended, Predicate<CellResult> use) {
        List<CellResult> train = rows.stream().filter(CellResult::ok).filter(use).toList();
        WorkbenchException.require(!train.isEmpty(), "VerdictFit.fit: no rows to fit on");
        for (CellResult r : train) {
            WorkbenchException.require(intended.containsKey(r.cell().string("objective")),
                    "VerdictFit: no intended verdict for objective '" + r.cell().string("objective") + "'");
        }
        Rule best = null;
        int bestCorrect = -1, bestWidth = -1;
        for (double cone : new double[] {0.1, 0.05, 0}) {
            for (double shrink : new double[] {0.05, 0.02, 0.1, 0.2}) {
                // Scan the rank threshold on a 0.005 grid; keep the widest run of best-scoring values.
                int[] correct = new int[101];
                int localBest = 0;
                for (int i = 0; i <= 100; i++) {
                    Rule rule = new Rule(cone, shrink, 0.005 * i);
                    correct[i] = (int) train.stream().filter(x -> rule.verdict(x.outputs()).equals(intended.get(x.cell().string("objective")))).count();
                    localBest = Math.max(localBest, correct[i]);
                }
                int localStart = 0, localLen = 0;
                for (int i = 0; i <= 100; ) {
                    if (correct[i] != localBest) { i++; continue; }
                    int j = i;
                    while (j <= 100 && correct[j] == localBest) j++;
                    if (j - i > localLen) { localLen = j - i; localStart = i; }
                    i = j;
                }
                double mid = 0.005 * (localStart + (localLen - 1) / 2.0);
                if (localBest > bestCorrect || (localBest == bestCorrect && localLen > bestWidth)) {
                    bestCorrect = localBest;
                    bestWidth = localLen;
                    best = new Rule(cone, shrink, Math.round(mid * 1000) / 1000.0);
                }
            }
        }
        return best;
    }

    /** Fits on all ok rows. */
    public static Rule fit(List<CellResult> rows, Map<String, String> intended) {
        return fit(rows, intended, r -> true);
    }

    /**
     * Per objective and overall: under each rule, the share of seeds that agree with the objective's most
     * common verdict ({@code agreement}), that verdict, and the share that match the intended verdict
     * ({@code intended}).
     */
    public static Table compare(List<CellResult> rows, Map<String, String> intended, Map<String, Rule> rules) {
        StringColumn objective = StringColumn.create("objective"), want = StringColumn.create("intended verdict");
        IntColumn n = IntColumn.create("seeds");
        Map<String, StringColumn> modes = new LinkedHashMap<>();
        Map<String, DoubleColumn> agree = new LinkedHashMap<>(), match = new LinkedHashMap<>();
        for (String name : rules.keySet()) {
            modes.put(name, StringColumn.create(name + ": verdict"));
            agree.put(name, DoubleColumn.create(name + ": agreement"));
            match.put(name, DoubleColumn.create(name + ": intended"));
        }
        List<String> objectives = new ArrayList<>();
        for (CellResult r : rows) if (r.ok() && !objectives.contains(r.cell().string("objective"))) objectives.add(r.cell().string("objective"));
        objectives.add("all");
        for (String o : objectives) {
            List<CellResult> g = rows.stream().filter(CellResult::ok)
                    .filter(r -> o.equals("all") || r.cell().string("objective").equals(o)).toList();
            objective.append(o);
            want.append(o.equals("all") ? "" : intended.getOrDefault(o, "?"));
            n.append(o.equals("all") ? (int) g.stream().map(r -> r.cell().integer("seed")).distinct().count() : g.size());
            for (Map.Entry<String, Rule> e : rules.entrySet()) {
                Rule rule = e.getValue();
                double agreeSum = 0;
                int groups = 0;
                List<String> subs = o.equals("all") ? objectives.subList(0, objectives.size() - 1) : List.of(o);
                String mode = "";
                for (String sub : subs) {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    int total = 0;
                    for (CellResult r : g) {
                        if (!r.cell().string("objective").equals(sub)) continue;
                        counts.merge(rule.verdict(r.outputs()), 1, Integer::sum);
                        total++;
                    }
                    String m = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
                    agreeSum += total == 0 ? 0 : counts.getOrDefault(m, 0) / (double) total;
                    groups++;
                    mode = m;
                }
                modes.get(e.getKey()).append(o.equals("all") ? "" : shortName(mode));
                agree.get(e.getKey()).append(Math.round(1000 * agreeSum / groups) / 1000.0);
                long ok = g.stream().filter(r -> rule.verdict(r.outputs()).equals(intended.get(r.cell().string("objective")))).count();
                match.get(e.getKey()).append(Math.round(1000.0 * ok / g.size()) / 1000.0);
            }
        }
        Table t = Table.create("verdict agreement across seeds", objective, want, n);
        for (String name : rules.keySet()) t.addColumns(modes.get(name), agree.get(name), match.get(name));
        return t;
    }

    /** {@link #compare} for the library's defaults and {@code fitted}, in that order. */
    public static Table beforeAfter(List<CellResult> rows, Map<String, String> intended, Rule fitted) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("defaults", Rule.DEFAULTS);
        rules.put("fitted", fitted);
        return compare(rows, intended, rules);
    }

    /**
     * Two-fold cross-validation over seeds: fit on odd seeds and score on even ones, and the reverse; the
     * table of {@link #compare} for the held-out halves, with the two fitted rules named in the columns.
     */
    public static Table crossValidated(List<CellResult> rows, Map<String, String> intended) {
        Rule onOdd = fit(rows, intended, r -> r.cell().integer("seed") % 2 == 1);
        Rule onEven = fit(rows, intended, r -> r.cell().integer("seed") % 2 == 0);
        List<CellResult> even = rows.stream().filter(r -> r.cell().integer("seed") % 2 == 0).toList();
        List<CellResult> odd = rows.stream().filter(r -> r.cell().integer("seed") % 2 == 1).toList();
        Table a = compare(even, intended, Map.of("fit on odd seeds, scored on even", onOdd));
        Table b = compare(odd, intended, Map.of("fit on even seeds, scored on odd", onEven));
        Table t = a.copy();
        for (int i = 3; i < b.columnCount(); i++) t.addColumns(b.column(i).copy());
        t.setName("held-out seeds: " + onOdd + " (odd) / " + onEven + " (even)");
        return t;
    }

    private static String shortName(String verdict) {
        return verdict.replace("_COLLAPSE", "");
    }
}
