package org.jepa.workbench.data;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** The one check that an array holds no NaN and no infinity, with the error every entry point gives. */
public final class Finite {
    private Finite() {
    }

    /**
     * Throws {@link WorkbenchException} "{@code what}: … contains NaN values" (or "infinite values") when
     * {@code x} holds one. One reduction when the data is clean (its sum is finite); the element-wise scans
     * run only to name the problem.
     */
    public static void require(INDArray x, String what) {
        WorkbenchException.require(x != null, what + ": the array is null");
        if (x.isEmpty() || Double.isFinite(x.sumNumber().doubleValue())) return;
        WorkbenchException.require(!BooleanIndexing.or(x, Conditions.isNan()), what + ": the data contains NaN values");
        WorkbenchException.require(!BooleanIndexing.or(x, Conditions.isInfinite()), what + ": the data contains infinite values");
        // finite values whose sum overflowed: fine
    }
}
