package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;

/** Input validation shared by the energy package (one clear WorkbenchException per problem). */
final class Checks {
    private Checks() {
    }

    static void points(double[][] v, int dim, String what) {
        WorkbenchException.require(v != null && v.length > 0, what + ": no points (empty input)");
        for (int i = 0; i < v.length; i++) {
            WorkbenchException.require(v[i] != null && v[i].length == dim,
                    what + ": row " + i + " has " + (v[i] == null ? 0 : v[i].length) + " columns, expected " + dim);
            for (double d : v[i])
                WorkbenchException.require(Double.isFinite(d), what + ": row " + i + " contains NaN/Inf");
        }
    }

    static void positive(double x, String what) {
        WorkbenchException.require(Double.isFinite(x) && x > 0, what + " must be finite and > 0, got " + x);
    }

    static void nonNegative(double x, String what) {
        WorkbenchException.require(Double.isFinite(x) && x >= 0, what + " must be finite and >= 0, got " + x);
    }
}
