package org.jepa.workbench.objective;

import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeJEPA's objective: invariance plus SIGReg, Sketched Isotropic Gaussian Regularization (Balestriero,
 * LeCun, "LeJEPA: Provable and Scalable Self-Supervised Learning Without the Heuristics", 2025,
 * arXiv 2511.08544; reference code rbalestr-lab/lejepa, {@code MINIMAL.md},
 * {@code lejepa/univariate/epps_pulley.py}, {@code lejepa/multivariate/slicing.py}).
 *
 * <p>SIGReg pushes the embedding distribution towards an isotropic Gaussian N(0, I). By Cramér–Wold it
 * tests 1-D projections: draw K random unit directions a_k ∈ ℝ^D (Gaussian, normalised), fresh every
 * training step, project x_n = a_kᵀ z_n, and apply the Epps–Pulley statistic to each projection:
 * <pre>
 *   φ̂_k(t) = (1/N) Σ_n e^{i t x_n} = C(t) + i S(t),   C = mean cos(t x_n), S = mean sin(t x_n)
 *   T_k     = N ∫_{−∞}^{∞} |φ̂_k(t) − e^{−t²/2}|² e^{−t²/2} dt
 *           ≈ N Σ_j w_j [ (C(t_j) − e^{−t_j²/2})² + S(t_j)² ],   w_j = 2 · trapezoid weight · e^{−t_j²/2}
 *   SIGReg(z) = (1/K) Σ_k T_k
 * </pre>
 * The integrand is even in t, so, as the reference code does, the integral is 2 ∫_0^{t_max} with the
 * trapezoid rule on {@code knots} equally spaced points t_j in [0, t_max] (weights dt/2 at the ends, dt
 * inside, all doubled); the tail beyond t_max = 3 is dropped (the window e^{−t²/2} is 0.011 there).
 *
 * <p>With two views, as in LeJEPA's minimal recipe (which applies SIGReg to every view's embeddings
 * separately and averages, and uses the squared distance to the mean of the views as its prediction
 * loss):
 * <pre>
 *   invariance = (1 − λ) · (1/(2·B·D)) Σ_{v∈{a,b}} Σ_n Σ_d (z^v_nd − z̄_nd)²,  z̄ = (za + zb)/2
 *              = (1 − λ) · ¼ · MSE(za, zb)
 *   sigreg     = λ · ½ [ SIGReg(za) + SIGReg(zb) ]   (the same directions for both views)
 * </pre>
 *
 * <p>Defaults (MINIMAL.md): λ = 0.02, K = 256 directions, 17 knots, t_max = 3. Name {@code "sigreg"};
 * terms {@code "invariance"}, {@code "sigreg"}. Needs a batch of at least 2.
 *
 * <p>The directions are a placeholder of shape [D, K] (data type of the embeddings) whose values
 * {@link #stepFeeds} draws from the caller's {@link Random}, so runs are reproducible. For evaluation
 * or gradient checks, {@link #fixedDirections} replaces the placeholder by a constant. An instance
 * remembers the placeholder of the last graph it was added to; use one instance per graph.
 */
public final class SIGReg implements Objective {

    public static final String NAME = "sigreg";
    public static final String INVARIANCE = "invariance";
    public static final String SIGREG = "sigreg";
    /** Base name of the directions placeholder (a suffix is added if the graph already has one). */
    public static final String DIRECTIONS = "sigreg_directions";

    private final double lambda;
    private final int directions;
    private final int knots;
    private final double tMax;
    private final INDArray fixed; // [D, K] or null

    // Set by terms(): what stepFeeds must produce.
    private String placeholderName;
    private DataType placeholderType;
    private long dim = -1;

    private SIGReg(double lambda, int directions, int knots, double tMax, INDArray fixed) {
        WorkbenchException.require(Double.isFinite(lambda) && lambda >= 0 && lambda <= 1,
                NAME + ": hyper-parameter 'lambda' must be in [0, 1] (loss = (1 − λ)·invariance + λ·SIGReg), got " + lambda);
        WorkbenchException.require(directions >= 1,
                NAME + ": hyper-parameter 'directions' must be >= 1, got " + directions);
        WorkbenchException.require(knots >= 3 && knots % 2 == 1,
                NAME + ": hyper-parameter 'knots' must be odd and >= 3, got " + knots);
        Terms.positive(NAME, "tMax", tMax);
        if (fixed != null) {
            WorkbenchException.require(fixed.rank() == 2 && fixed.size(0) >= 1 && fixed.size(1) >= 1,
                    NAME + ": fixedDirections must be a [dim, K] matrix, got shape " + java.util.Arrays.toString(fixed.shape()));
            WorkbenchException.require(fixed.dataType().isFPType(),
                    NAME + ": fixedDirections must be floating point, got " + fixed.dataType());
            WorkbenchException.require(Double.isFinite(fixed.sumNumber().doubleValue()),
                    NAME + ": fixedDirections contain NaN or Inf");
        }
        this.lambda = lambda;
        this.directions = fixed == null ? directions : (int) fixed.size(1);
        this.knots = knots;
        this.tMax = tMax;
        this.fixed = fixed;
    }

    /** λ = 0.02, 256 directions, 17 knots on [0, 3]. */
    public static SIGReg defaults() {
        return new SIGReg(0.02, 256, 17, 3.0, null);
    }

    /** Copy with λ in [0, 1]: loss = (1 − λ)·invariance + λ·SIGReg. */
    public SIGReg lambda(double l) {
        return new SIGReg(l, directions, knots, tMax, fixed);
    }

    /** Copy with K {@code ≥ 1} random directions per step (drops any {@link #fixedDirections}). */
    public SIGReg directions(int k) {
        return new SIGReg(lambda, k, knots, tMax, null);
    }

    /** Copy with an odd number {@code ≥ 3} of quadrature knots on [0, t_max]. */
    public SIGReg knots(int n) {
        return new SIGReg(lambda, directions, n, tMax, fixed);
    }

    /** Copy with the upper end {@code > 0} of the integration range [0, t_max]. */
    public SIGReg tMax(double t) {
        return new SIGReg(lambda, directions, knots, t, fixed);
    }

    /**
     * Copy that uses the given [D, K] directions as a constant instead of resampling them each step
     * (columns are used as they are; normalise them yourself). For evaluation and gradient checks.
     */
    public SIGReg fixedDirections(INDArray directionsDxK) {
        WorkbenchException.require(directionsDxK != null, NAME + ": fixedDirections must not be null");
        return new SIGReg(lambda, directions, knots, tMax, directionsDxK.dup());
    }

    public double lambda() {
        return lambda;
    }

    public int directions() {
        return directions;
    }

    public int knots() {
        return knots;
    }

    public double tMax() {
        return tMax;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SDVariable> terms(SameDiff sd, SDVariable za, SDVariable zb) {
        Terms.requirePair(NAME, za, zb, true);
        DataType dt = za.dataType();
        long d = Terms.knownLastDim(za);
        SDVariable a;
        if (fixed != null) {
            WorkbenchException.require(d < 0 || d == fixed.size(0), NAME + ": fixedDirections have "
                    + fixed.size(0) + " rows but the embeddings have dimension " + d);
            a = sd.constant(fixed.castTo(dt));
        } else {
            String name = DIRECTIONS;
            for (int i = 1; sd.hasVariable(name); i++) {
                name = DIRECTIONS + "_" + i;
            }
            a = sd.placeHolder(name, dt, -1, directions);
            placeholderName = name;
            placeholderType = dt;
            if (d > 0) {
                dim = d;
            }
        }
        double[] t = new double[knots];
        double[] phi = new double[knots];
        double[] w = new double[knots];
        double dtKnot = tMax / (knots - 1);
        for (int j = 0; j < knots; j++) {
            t[j] = j * dtKnot;
            phi[j] = Math.exp(-t[j] * t[j] / 2);
            w[j] = (j == 0 || j == knots - 1 ? dtKnot : 2 * dtKnot) * phi[j];
        }
        SDVariable tVar = sd.constant(Nd4j.createFromArray(t).castTo(dt).reshape(1, 1, knots));
        SDVariable phiVar = sd.constant(Nd4j.createFromArray(phi).castTo(dt).reshape(1, knots));
        SDVariable wVar = sd.constant(Nd4j.createFromArray(w).castTo(dt).reshape(knots, 1));

        SDVariable stat = eppsPulley(sd, za, a, tVar, phiVar, wVar).add(eppsPulley(sd, zb, a, tVar, phiVar, wVar));
        SDVariable sig = stat.mul(0.5 * lambda);
        SDVariable inv = Terms.mse(sd, za, zb).mul(0.25 * (1 - lambda));
        return Terms.ordered(
                INVARIANCE, Terms.named(sd, inv, NAME + "_" + INVARIANCE),
                SIGREG, Terms.named(sd, sig, NAME + "_" + SIGREG));
    }

    /** Mean over directions of the Epps–Pulley statistic of z's projections. */
    private static SDVariable eppsPulley(SameDiff sd, SDVariable z, SDVariable a, SDVariable t, SDVariable phi, SDVariable w) {
        SDVariable x = sd.mmul(z, a);                              // [N, K]
        SDVariable xt = sd.expandDims(x, 2).mul(t);                // [N, K, T]
        SDVariable c = sd.math().cos(xt).mean(0);                  // [K, T]
        SDVariable s = sd.math().sin(xt).mean(0);                  // [K, T]
        SDVariable err = sd.math().square(c.sub(phi)).add(sd.math().square(s));
        SDVariable perDirection = sd.mmul(err, w);                 // [K, 1]
        return perDirection.mean().mul(Terms.rows(sd, z));
    }

    /**
     * Fresh directions for one step: K columns of i.i.d. N(0, 1) entries from {@code rng}, each scaled to
     * unit length, in the embeddings' data type; {@code step} is not used (the caller's rng carries the
     * stream). Empty when {@link #fixedDirections} are set.
     */
    @Override
    public Map<String, INDArray> stepFeeds(long step, Random rng) {
        if (fixed != null) {
            return Map.of();
        }
        WorkbenchException.require(placeholderName != null,
                NAME + ": stepFeeds called before terms(): add the objective to a graph first");
        WorkbenchException.require(dim > 0, NAME + ": the embedding dimension is not known from the graph;"
                + " call validate(batchSize, dim) before the first step");
        return Map.of(placeholderName, randomDirections(rng, (int) dim, directions, placeholderType));
    }

    /** [dim, k] matrix of unit-length Gaussian columns, deterministic given rng. */
    public static INDArray randomDirections(Random rng, int dim, int k, DataType dataType) {
        WorkbenchException.require(rng != null, NAME + ": rng must not be null");
        WorkbenchException.require(dim >= 1 && k >= 1, NAME + ": directions need dim >= 1 and k >= 1, got " + dim + ", " + k);
        double[][] m = new double[dim][k];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (int r = 0; r < dim; r++) {
                m[r][c] = rng.nextGaussian();
                norm += m[r][c] * m[r][c];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) { // probability 0; keep the column valid
                m[0][c] = norm = 1;
            }
            for (int r = 0; r < dim; r++) {
                m[r][c] /= norm;
            }
        }
        return Nd4j.createFromArray(m).castTo(dataType);
    }

    @Override
    public void validate(int batchSize, int dim) {
        Terms.requireSizes(NAME, SIGREG, 2, batchSize, dim);
        if (fixed != null) {
            WorkbenchException.require(fixed.size(0) == dim, NAME + ": fixedDirections have " + fixed.size(0)
                    + " rows but the embeddings have dimension " + dim);
        }
        WorkbenchException.require(this.dim < 0 || placeholderName == null || this.dim == dim,
                NAME + ": the graph was built for dimension " + this.dim + " but validate got " + dim);
        this.dim = dim;
    }

    @Override
    public String toString() {
        return "SIGReg(lambda=" + lambda + ", directions=" + directions + ", knots=" + knots + ", tMax=" + tMax
                + (fixed != null ? ", fixed directions" : "") + ")";
    }
}
