package org.jepa.workbench.energy;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.ToyData;
import org.jepa.workbench.data.ToyManifolds;
import org.junit.jupiter.api.Test;

/** Free energies against closed forms for known decoders. */
class FreeEnergyTest {
    private static final double R = 1.5;

    private static LatentVariableEnergy circle() {
        return LatentVariableEnergy.builder(new EllipseDecoder(R, R)).build();
    }

    @Test
    void zeroTemperatureFreeEnergyIsSquaredDistanceToCircle() {
        FreeEnergy f = circle().freeEnergy();
        double[][] y = {{0.3, 0.1}, {2.5, -1.0}, {-0.2, -2.9}, {0, 0.3}, {1.0, 1.0}};
        double[] e = f.energies(y);
        double[][] g = f.gradients(y);
        double[][] gRefined = f.refine(100, 0.1).gradients(y);
        double dz = 2 * Math.PI / 511; // grid spacing of the default 512-point latent grid
        for (int i = 0; i < y.length; i++) {
            double r = Math.hypot(y[i][0], y[i][1]);
            assertEquals((r - R) * (r - R), e[i], 1e-4 * (1 + e[i]), "F∞ at " + java.util.Arrays.toString(y[i]));
            // ∇ (‖y‖ − R)² = 2(‖y‖ − R)·y/‖y‖; grid+polyline z* is within Δz/2, so ∇ within 2R·Δz/2
            assertEquals(2 * (r - R) * y[i][0] / r, g[i][0], R * dz);
            assertEquals(2 * (r - R) * y[i][1] / r, g[i][1], R * dz);
            // after gradient descent on z the envelope gradient is exact
            assertEquals(2 * (r - R) * y[i][0] / r, gRefined[i][0], 1e-5);
            assertEquals(2 * (r - R) * y[i][1] / r, gRefined[i][1], 1e-5);
        }
    }

    @Test
    void freeEnergyIsZeroOnThePracticumEllipse() {
        FreeEnergy f = LatentVariableEnergy.builder(new EllipseDecoder(2, 1.5)).build().freeEnergy();
        ToyData d = ToyManifolds.ellipse().samples(50).noise(0).seed(5).generate();
        for (double e : f.energies(d.y())) assertTrue(e >= 0 && e < 1e-4, "F∞ on manifold = " + e);
        // and z* recovers the generating angle (mod 2π)
        double[][] z = f.argmin(d.y());
        for (int i = 0; i < d.size(); i++) {
            double dz = Math.abs(Math.IEEEremainder(z[i][0] - d.theta()[i], 2 * Math.PI));
            assertTrue(dz < 1e-2, "z* off by " + dz);
        }
    }

    @Test
    void gradientDescentOnZFromACoarseGridMatchesClosedForm() {
        LatentVariableEnergy m = LatentVariableEnergy.builder(new EllipseDecoder(R, R)).grid(8).build();
        double[][] y = {{2.2, 0.9}, {-0.4, 0.6}};
        double[] coarse = m.freeEnergy().energies(y);
        double[] refined = m.freeEnergy().refine(60, 0.1).energies(y);
        for (int i = 0; i < y.length; i++) {
            double r = Math.hypot(y[i][0], y[i][1]);
            double exact = (r - R) * (r - R);
            assertEquals(exact, refined[i], 1e-6);
            assertTrue(Math.abs(coarse[i] - exact) > 1e-3, "an 8-point grid alone should be visibly off");
        }
    }

    @Test
    void softFreeEnergyTendsToZeroTemperatureAsBetaGrows() {
        LatentVariableEnergy m = circle();
        double[][] y = {{0.5, 0.2}, {2.4, 0.3}, {0.0, 0.0}};
        double[] finf = m.freeEnergy().energies(y);
        double prev = Double.MAX_VALUE;
        for (double beta : new double[] {1, 10, 100, 1000, 1e5}) {
            double[] fb = m.softFreeEnergy(beta).energies(y);
            double worst = 0;
            for (int i = 0; i < y.length; i++) {
                assertTrue(fb[i] >= finf[i] - 1e-6, "Fβ must be >= F∞ (softmin of a mean)");
                worst = Math.max(worst, fb[i] - finf[i]);
            }
            assertTrue(worst < prev, "gap must shrink with β");
            prev = worst;
        }
        assertTrue(prev < 1e-3, "Fβ − F∞ at β=1e5: " + prev);
    }

    @Test
    void softFreeEnergyTendsToMeanEnergyParabolaAsBetaVanishes() {
        // mean over z of ‖y − R[cos z, sin z]‖² = ‖y‖² + R² (the cross term averages out)
        LatentVariableEnergy m = circle();
        FreeEnergy f = m.softFreeEnergy(1e-6);
        for (double[] y : new double[][] {{0, 0}, {1, 2}, {-2.5, 0.5}})
            assertEquals(y[0] * y[0] + y[1] * y[1] + R * R, f.energy(y), 1e-3);
    }

    @Test
    void l1PenaltyEntersFreeEnergy() {
        // 2-D code, decoder g(z) = MLP; with λ>0, F∞ ≥ F∞(λ=0) everywhere
        MlpDecoder dec = MlpDecoder.of(2, 4, 8);
        LatentVariableEnergy a = LatentVariableEnergy.builder(dec).zRange(-2, 2).build();
        LatentVariableEnergy b = LatentVariableEnergy.builder(dec).zRange(-2, 2).l1(0.5).build();
        double[][] y = {{0.1, 0.2}, {1, -1}, {2, 2}};
        double[] ea = a.freeEnergy().energies(y), eb = b.freeEnergy().energies(y);
        for (int i = 0; i < y.length; i++) assertTrue(eb[i] >= ea[i] - 1e-12);
    }

    @Test
    void conditionalHornFreeEnergyNeedsX() {
        LatentVariableEnergy horn = LatentVariableEnergy.builder(new HornDecoder(3, 8)).build();
        assertThrows(WorkbenchException.class, horn::freeEnergy);
        double e = horn.freeEnergy(0.5).energy(1.0, 0.5);
        assertTrue(Double.isFinite(e) && e >= 0);
    }

    @Test
    void badHyperParametersAndInputs() {
        LatentVariableEnergy m = circle();
        assertThrows(WorkbenchException.class, () -> m.softFreeEnergy(0));
        assertThrows(WorkbenchException.class, () -> m.softFreeEnergy(-1));
        assertThrows(WorkbenchException.class, () -> m.softFreeEnergy(Double.NaN));
        assertThrows(WorkbenchException.class, () -> m.freeEnergy().energies(new double[0][]));
        assertThrows(WorkbenchException.class, () -> m.freeEnergy().energies(new double[][] {{Double.NaN, 0}}));
        assertThrows(WorkbenchException.class, () -> m.freeEnergy().energies(new double[][] {{1, 2, 3}}));
        assertThrows(WorkbenchException.class, () -> LatentVariableEnergy.builder(new EllipseDecoder(1, 1)).l1(-1));
        assertThrows(WorkbenchException.class, () -> new EllipseDecoder(Double.NaN, 1));
    }
}
