package org.jepa.workbench.energy;

import java.util.ArrayList;
import java.util.List;
import org.jepa.workbench.WorkbenchException;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * "System-2" inference: complete a partial observation by minimising the energy over the unknown
 * coordinates, {@code v ← v − η·∇_free E(v)}, until ‖∇_free E‖ < tolerance (or the iteration cap).
 * Harder problems (far from the manifold, or near a ridge between two branches where the gradient
 * vanishes) take more iterations. Many starts are run as one batch (one gradient call per iteration).
 * Defaults: η = 0.05, tolerance 1e-3, at most 5000 iterations.
 */
public final class System2Inference {
    private final double eta, tol;
    private final int maxIt;

    private System2Inference(double eta, double tol, int maxIt) {
        this.eta = eta;
        this.tol = tol;
        this.maxIt = maxIt;
    }

    public static System2Inference create() {
        return new System2Inference(0.05, 1e-3, 5000);
    }

    /** Gradient step η > 0. */
    public System2Inference stepSize(double v) {
        Checks.positive(v, "step size");
        return new System2Inference(v, tol, maxIt);
    }

    /** Stop when the gradient norm over the free coordinates is below this (> 0). */
    public System2Inference tolerance(double v) {
        Checks.positive(v, "tolerance");
        return new System2Inference(eta, v, maxIt);
    }

    public System2Inference maxIterations(int n) {
        WorkbenchException.require(n > 0, "maxIterations must be > 0, got " + n);
        return new System2Inference(eta, tol, n);
    }

    /**
     * @param trajectory  visited points, [iterations + 1][d] (start first)
     * @param iterations  gradient steps taken
     * @param finalEnergy E at the last point
     * @param gradNorm    ‖∇_free E‖ at the last point
     * @param converged   whether the gradient rule stopped it (false: iteration cap)
     */
    public record Result(double[][] trajectory, int iterations, double finalEnergy, double gradNorm, boolean converged) {
        public double[] last() {
            return trajectory[trajectory.length - 1];
        }
    }

    /** One start; {@code free[j]} marks the coordinates to infer (the others are observed and held). */
    public Result infer(Energy energy, double[] start, boolean[] free) {
        return inferAll(energy, new double[][] {start}, free).get(0);
    }

    /** Many starts at once (batched gradient calls); each stops on its own. */
    public List<Result> inferAll(Energy energy, double[][] starts, boolean[] free) {
        WorkbenchException.require(energy != null, "System2Inference: energy is null");
        Checks.points(starts, energy.dim(), "System2Inference starts");
        WorkbenchException.require(free != null && free.length == energy.dim(), "System2Inference: free mask must have length " + energy.dim());
        boolean any = false;
        for (boolean f : free) any |= f;
        WorkbenchException.require(any, "System2Inference: nothing to infer (no free coordinate)");
        int n = starts.length, d = energy.dim();
        List<List<double[]>> traj = new ArrayList<>();
        double[][] cur = new double[n][];
        boolean[] done = new boolean[n], conv = new boolean[n];
        int[] its = new int[n];
        double[] gn = new double[n];
        for (int i = 0; i < n; i++) {
            cur[i] = starts[i].clone();
            traj.add(new ArrayList<>(List.of(cur[i].clone())));
        }
        for (int it = 0; it <= maxIt; it++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!done[i]) active.add(i);
            if (active.isEmpty()) break;
            double[][] pts = new double[active.size()][];
            for (int a = 0; a < pts.length; a++) pts[a] = cur[active.get(a)];
            double[][] g = energy.gradients(pts);
            for (int a = 0; a < pts.length; a++) {
                int i = active.get(a);
                double s = 0;
                for (int j = 0; j < d; j++) if (free[j]) s += g[a][j] * g[a][j];
                gn[i] = Math.sqrt(s);
                WorkbenchException.require(Double.isFinite(gn[i]), "System2Inference: gradient is NaN/Inf at start " + i);
                if (gn[i] < tol || it == maxIt) {
                    done[i] = true;
                    conv[i] = gn[i] < tol;
                    continue;
                }
                for (int j = 0; j < d; j++) if (free[j]) cur[i][j] -= eta * g[a][j];
                its[i]++;
                traj.get(i).add(cur[i].clone());
            }
        }
        double[] e = energy.energies(cur);
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            out.add(new Result(traj.get(i).toArray(new double[0][]), its[i], e[i], gn[i], conv[i]));
        return out;
    }

    /** Table of results against a difficulty value per start: difficulty, iterations, final_energy, grad_norm, converged. */
    public static Table table(String title, double[] difficulty, List<Result> results) {
        WorkbenchException.require(difficulty.length == results.size(), "table: one difficulty per result");
        IntColumn it = IntColumn.create("iterations");
        DoubleColumn e = DoubleColumn.create("final_energy"), g = DoubleColumn.create("grad_norm");
        BooleanColumn c = BooleanColumn.create("converged");
        for (Result r : results) {
            it.append(r.iterations());
            e.append(r.finalEnergy());
            g.append(r.gradNorm());
            c.append(r.converged());
        }
        return Table.create(title, DoubleColumn.create("difficulty", difficulty), it, e, g, c);
    }
}
