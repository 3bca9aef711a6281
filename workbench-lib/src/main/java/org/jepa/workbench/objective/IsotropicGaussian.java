package org.jepa.workbench.objective;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.model.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SIGReg, Sketched Isotropic Gaussian Regularization: pushes the embedding distribution towards an
 * isotropic Gaussian N(0, I) (Balestriero, LeCun, "LeJEPA: Provable and Scalable Self-Supervised Learning
 * Without the Heuristics", 2025, arXiv 2511.08544; reference code rbalestr-lab/lejepa,
 * {@code lejepa/univariate/epps_pulley.py}, {@code lejepa/multivariate/slicing.py}).
 *
 * <p>By Cramér–Wold it tests 1-D projections: draw K random unit directions a_k ∈ ℝ^D (Gaussian,
 * normalised), fresh every training step, project x_n = a_kᵀ z_n, and apply the Epps–Pulley statistic:
 * <pre>
 *   φ̂_k(t) = (1/N) Σ_n e^{i t x_n} = C(t) + i S(t),   C = mean cos(t x_n), S = mean sin(t x_n)
 *   T_k     = N ∫_{−∞}^{∞} |φ̂_k(t) − e^{−t²/2}|² e^{−t²/2} dt
 *           ≈ N Σ_j w_j [ (C(t_j) − e^{−t_j²/2})² + S(t_j)² ],   w_j = 2 · trapezoid weight · e^{−t_j²/2}
 *   s(z)    = (1/K) Σ_k T_k
 *   sigreg  = w · (1/T) Σ_t s(z_t)      (mean over the frames or views, the same directions for all)
 * </pre>
 * The integrand is even in t, so, as the reference code does, the integral is 2 ∫_0^{t_max} with the
 * trapezoid rule on {@code knots} equally spaced points t_j in [0, t_max] (weights dt/2 at the ends, dt
 * inside, all doubled); the tail beyond t_max = 3 is dropped (the window e^{−t²/2} is 0.011 there).
 *
 * <p>Defaults (LeJEPA's MINIMAL.md): weight 1, K = 256 directions, 17 knots, t_max = 3. Name and term
 * {@code "sigreg"}. Needs a batch of at least 2. The directions are a per-step input of the graph
 * ({@link Graph#stepInput}) drawn from the trainer's seeded generator, so runs are reproducible and one
 * instance can serve any number of graphs; {@link #fixedDirections} makes them a constant instead (for
 * evaluation and gradient checks).
 */
public final class IsotropicGaussian implements Regularizer {

    public static final String NAME = "sigreg";
    /** Base name of the per-step directions input (a suffix is added if the graph already has one). */
    public static final String DIRECTIONS = NAME + "_directions";

    private final double weight;
    private final int directions;
    private final int knots;
    private final double tMax;
    private final INDArray fixed; // [D, K] or null

    private IsotropicGaussian(double weight, int directions, int knots, double tMax, INDArray fixed) {
        Terms.nonNegative(NAME, "weight", weight);
        WorkbenchException.require(directions >= 1, NAME + ": hyper-parameter 'directions' must be >= 1, got " + directions);
        WorkbenchException.require(knots >= 3 && knots % 2 == 1, NAME + ": hyper-parameter 'knots' must be odd and >= 3, got " + knots);
        Terms.positive(NAME, "tMax", tMax);
        if (fixed != null) {
            WorkbenchException.require(fixed.rank() == 2 && fixed.size(0) >= 1 && fixed.size(1) >= 1,
                    NAME + ": fixedDirections must be a [dim, K] matrix, got shape " + Arrays.toString(fixed.shape()));
            WorkbenchException.require(fixed.dataType().isFPType(), NAME + ": fixedDirections must be floating point, got " + fixed.dataType());
            WorkbenchException.require(Double.isFinite(fixed.sumNumber().doubleValue()), NAME + ": fixedDirections contain NaN or Inf");
        }
        this.weight = weight;
        this.directions = fixed == null ? directions : (int) fixed.size(1);
        this.knots = knots;
        this.tMax = tMax;
        this.fixed = fixed;
    }

    /** Weight 1, 256 directions, 17 knots on [0, 3]. */
    public static IsotropicGaussian defaults() {
        return new IsotropicGaussian(1.0, 256, 17, 3.0, null);
    }

    /** Copy with weight {@code ≥ 0}. */
    public IsotropicGaussian weight(double w) {
        return new IsotropicGaussian(w, directions, knots, tMax, fixed);
    }

    /** Copy with K {@code ≥ 1} random directions per step (drops any {@link #fixedDirections}). */
    public IsotropicGaussian directions(int k) {
        return new IsotropicGaussian(weight, k, knots, tMax, null);
    }

    /** Copy with an odd number {@code ≥ 3} of quadrature knots on [0, t_max]. */
    public IsotropicGaussian knots(int n) {
        return new IsotropicGaussian(weight, directions, n, tMax, fixed);
    }

    /** Copy with the upper end {@code > 0} of the integration range [0, t_max]. */
    public IsotropicGaussian tMax(double t) {
        return new IsotropicGaussian(weight, directions, knots, t, fixed);
    }

    /**
     * Copy that uses the given [D, K] directions as a constant instead of resampling them each step
     * (columns are used as they are; normalise them yourself). For evaluation and gradient checks.
     */
    public IsotropicGaussian fixedDirections(INDArray directionsDxK) {
        WorkbenchException.require(directionsDxK != null, NAME + ": fixedDirections must not be null");
        return new IsotropicGaussian(weight, directions, knots, tMax, directionsDxK.dup());
    }

    public double weight() {
        return weight;
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
    public Map<String, SDVariable> terms(Graph g, Embeddings z) {
        SameDiff sd = g.sd();
        DataType dt = g.dtype();
        long d = z.dim();
        SDVariable a;
        if (fixed != null) {
            WorkbenchException.require(d == fixed.size(0), NAME + ": fixedDirections have "
                    + fixed.size(0) + " rows but the embeddings have dimension " + d);
            a = sd.constant(fixed.castTo(dt));
        } else {
            int dim = Math.toIntExact(d);
            a = g.stepInput(DIRECTIONS, new long[] {d, directions}, rng -> randomDirections(rng, dim, directions, dt));
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
        SDVariable s = Terms.sumOverFrames(z, f -> eppsPulley(sd, f, a, tVar, phiVar, wVar)).mul(weight / z.frames().size());
        return Terms.ordered(NAME, g.named(s, NAME));
    }

    /** Mean over directions of the Epps–Pulley statistic of z's projections. */
    private static SDVariable eppsPulley(SameDiff sd, SDVariable z, SDVariable a, SDVariable t, SDVariable phi, SDVariable w) {
        SDVariable x = sd.mmul(z, a);                              // [N, K]
        SDVariable xt = sd.expandDims(x, 2).mul(t);                // [N, K, T]
        SDVariable c = sd.math().cos(xt).mean(0);                  // [K, T]
        SDVariable s = sd.math().sin(xt).mean(0);                  // [K, T]
        SDVariable err = Terms.square(c.sub(phi)).add(Terms.square(s));
        SDVariable perDirection = sd.mmul(err, w);                 // [K, 1]
        return perDirection.mean().mul(Terms.rows(sd, z));
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
        Terms.requireSizes(NAME, NAME, 2, batchSize, dim);
        if (fixed != null) {
            WorkbenchException.require(fixed.size(0) == dim, NAME + ": fixedDirections have " + fixed.size(0)
                    + " rows but the embeddings have dimension " + dim);
        }
    }

    @Override
    public String toString() {
        return "IsotropicGaussian(weight=" + weight + ", directions=" + directions + ", knots=" + knots + ", tMax=" + tMax
                + (fixed != null ? ", fixed directions" : "") + ")";
    }
}
