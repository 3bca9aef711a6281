package org.jepa.workbench.energy;

import java.util.Random;
import org.jepa.workbench.WorkbenchException;

/** An axis-aligned box [xMin, xMax] × [yMin, yMax] in the 2-D data plane (same units as the data). */
public record Bounds(double xMin, double xMax, double yMin, double yMax) {
    public Bounds {
        WorkbenchException.require(Double.isFinite(xMin) && Double.isFinite(xMax) && Double.isFinite(yMin)
                && Double.isFinite(yMax) && xMax > xMin && yMax > yMin,
                "Bounds must be finite with max > min, got [" + xMin + "," + xMax + "]x[" + yMin + "," + yMax + "]");
    }

    /** The square [-h, h]². */
    public static Bounds square(double h) {
        return new Bounds(-h, h, -h, h);
    }

    public double area() {
        return (xMax - xMin) * (yMax - yMin);
    }

    /** A uniform point in the box. */
    public double[] sample(Random r) {
        return new double[] {xMin + (xMax - xMin) * r.nextDouble(), yMin + (yMax - yMin) * r.nextDouble()};
    }

    /** Clamps (in place) the two coordinates starting at {@code offset} into the box. */
    public void clamp(double[] p, int offset) {
        p[offset] = Math.max(xMin, Math.min(xMax, p[offset]));
        p[offset + 1] = Math.max(yMin, Math.min(yMax, p[offset + 1]));
    }
}
