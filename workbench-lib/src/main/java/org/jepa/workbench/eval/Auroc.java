package org.jepa.workbench.eval;

import java.util.Arrays;
import org.jepa.workbench.WorkbenchException;

/**
 * Area under the ROC curve of a score that should be higher on positives than on negatives: the
 * probability that a random positive outscores a random negative, ties counting one half (the
 * Mann–Whitney U statistic divided by n₊·n₋). 1 separates perfectly, 0.5 is chance.
 *
 * <pre>{@code
 * double auc = Auroc.of(surpriseOfPossibleClips, surpriseOfImpossibleClips);
 * }</pre>
 */
public final class Auroc {
    private Auroc() {
    }

    /** AUROC of {@code positives} over {@code negatives}; both non-empty and finite. O(n log n). */
    public static double of(double[] negatives, double[] positives) {
        check(negatives, "negatives");
        check(positives, "positives");
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        double wins = 0;
        for (double p : positives) {
            int below = lowerBound(neg, p), notAbove = upperBound(neg, p);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) neg.length * positives.length);
    }

    /**
     * Pairwise accuracy of matched pairs: the fraction of i with {@code positives[i] > negatives[i]}, ties one half.
     */
    public static double pairwise(double[] negatives, double[] positives) {
        check(negatives, "negatives");
        check(positives, "positives");
        WorkbenchException.require(negatives.length == positives.length, "Auroc.pairwise: pairs need equal lengths, got "
                + negatives.length + " and " + positives.length);
        double wins = 0;
        for (int i = 0; i < negatives.length; i++) wins += positives[i] > negatives[i] ? 1 : positives[i] == negatives[i] ? 0.5 : 0;
        return wins / negatives.length;
    }

    private static void check(double[] x, String what) {
        WorkbenchException.require(x != null && x.length > 0, "Auroc: no " + what + " (an empty set has no ROC curve)");
        for (double v : x) WorkbenchException.require(Double.isFinite(v), "Auroc: the " + what + " contain a non-finite score (" + v + ")");
    }

    /** Number of elements of sorted {@code a} strictly below {@code v}. */
    private static int lowerBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Number of elements of sorted {@code a} at most {@code v}. */
    private static int upperBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
