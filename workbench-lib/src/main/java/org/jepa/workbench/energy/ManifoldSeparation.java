package org.jepa.workbench.energy;

import org.jepa.workbench.WorkbenchException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jepa.workbench.eval.Auroc;

/**
 * LeCun's "dimension argument" for regularized over contrastive energy training, measured on one cell
 * (ambient dimension D, method, K negatives, seed).
 *
 * <p><b>Data.</b> A half circle of radius 1, a 1-D manifold, embedded in ℝ^D by a fixed random
 * orthonormal map Q ∈ ℝ^{D×2} (QᵀQ = I): {@code y(t) = Q·(cos t, sin t)}, t uniform in [0, π]. Linear, so
 * the distance of any point from the manifold has a closed form ({@code distanceToManifold}). Distances
 * are in ambient units; the manifold's scale (radius) is 1. Why an arc, not the full circle: a decoder
 * from an interval latent cannot close a loop, and at D ≥ 32 it was measured to stop at the circle's
 * diameter (held-out energy ≈ 0.48, half the variance) instead of bending into it; an open curve has no
 * such obstruction, so the regularized model is judged on its regularizer, not on a topology mismatch.
 *
 * <p><b>Models</b> (both trained by the workbench's one {@code Trainer}):
 * <ul>
 *   <li>{@link Method#CONTRASTIVE}: an explicit energy {@code E(y) = MLP(y)} ({@link MlpEnergy}, hidden
 *       (64, 64), tanh) trained by {@link ContrastiveTraining} with the hinge loss (margin 1) and K negatives
 *       per data point, drawn by {@link Sampler#BOX} (uniform in the training data's bounding box padded by
 *       r on every side, so the box holds (up to the sample's extremes) every probe) or {@link Sampler#PERTURBED} (ȳ = y + (r/√D)·ε,
 *       ε ~ N(0, I_D), i.e. ‖ȳ − y‖ ≈ r). 32 data points per step, Adam at lr 1e-2.</li>
 *   <li>{@link Method#REGULARIZED}: a latent-variable energy {@code E(y, z) = ‖y − g(z)‖²} with a 1-D latent
 *       z ∈ [−π, π] and an MLP decoder g: ℝ → ℝ^D (hidden (64, 64), tanh), trained by {@link LatentTraining}
 *       without negatives; the energy of y is the zero-temperature free energy
 *       {@code F∞(y) = min_z ‖y − g(z)‖²}. The 1-D latent is the regularizer: g can cover a curve, not a
 *       volume. 128 data points per step, Adam at lr 1e-2.</li>
 * </ul>
 *
 * <p><b>Measured.</b> On {@code testPoints} fresh points on the circle (held-out) and as many off-manifold
 * probes {@code v = y(t) + r·n}, n a uniformly random unit vector in the normal space of the manifold at
 * y(t) (dimension D − 1; for r &lt; 1 every probe is exactly r from the manifold, its nearest point y(t)):
 * {@code AUROC = P(E(probe) > E(held-out))}, ties ½ — 1 separates perfectly, 0.5 is chance.
 * The mean energies are in the model's own units (not comparable across methods; AUROC is).
 *
 * <pre>{@code
 * ManifoldSeparation.Result r = ManifoldSeparation.builder().ambientDim(32)
 *     .method(ManifoldSeparation.Method.CONTRASTIVE).negatives(16).seed(1).build().run();
 * r.auroc();
 * }</pre>
 * Same seed → same data, embedding, initialisation, negatives and numbers.
 *
 * <p>Cost (2 CPU cores, warm JVM, default 200 steps): about 2–5 s per cell for K ≤ 16 and the regularized
 * model, 7–18 s for K = 64 — a training step costs ~10 ms of SameDiff overhead before any arithmetic.
 * {@code steps(100)} roughly halves it, at a cost in AUROC (measured in ManifoldSeparationBench).
 */
public final class ManifoldSeparation {
    /** Largest ambient dimension accepted (the experiment is meant for D = 2 … 64). */
    public static final int MAX_AMBIENT_DIM = 128;
    /** Default training steps (at D = 2, r = 0.3, seed 1 both methods reach AUROC > 0.9, contrastive with K ≥ 4). */
    public static final int DEFAULT_STEPS = 200;
    /** The manifold is the arc t ∈ [0, ARC] of the unit circle: a half circle. */
    static final double ARC = Math.PI;

    /** How the energy is trained. */
    public enum Method {
        /** Explicit MLP energy, hinge loss against K negatives per data point. */
        CONTRASTIVE,
        /** Latent-variable energy with a 1-D latent, no negatives. */
        REGULARIZED
    }

    /** Where contrastive negatives come from. */
    public enum Sampler {
        /** Uniform in the training data's bounding box, padded by r on every side. */
        BOX,
        /** Data point plus isotropic Gaussian noise of σ = r/√D per coordinate (norm ≈ r). */
        PERTURBED
    }

    private final int dim, k, steps, trainPoints, testPoints;
    private final Method method;
    private final Sampler sampler;
    private final double radius;
    private final long seed;
    private final double[][] q; // [D][2], orthonormal columns

    private ManifoldSeparation(Builder b) {
        dim = b.dim;
        method = b.method;
        k = b.k;
        steps = b.steps;
        seed = b.seed;
        radius = b.radius;
        sampler = b.sampler;
        trainPoints = b.trainPoints;
        testPoints = b.testPoints;
        q = embedding(dim, new Random(mix(seed, 1)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of one cell; {@link #ambientDim(int)} and {@link #method(Method)} are required. */
    public static final class Builder {
        private int dim = -1, k = -1, steps = DEFAULT_STEPS, trainPoints = 256, testPoints = 500;
        private Method method;
        private Sampler sampler = Sampler.BOX;
        private double radius = 0.3;
        private long seed = 0;

        private Builder() {
        }

        /** Ambient dimension D, 2 ≤ D ≤ {@value ManifoldSeparation#MAX_AMBIENT_DIM}. */
        public Builder ambientDim(int d) {
            dim = d;
            return this;
        }

        public Builder method(Method m) {
            method = m;
            return this;
        }

        /** Negatives per data point K ≥ 1 (contrastive only; leave unset or 0 for REGULARIZED). */
        public Builder negatives(int kk) {
            k = kk;
            return this;
        }

        /** Negative sampler of the contrastive method (default {@link Sampler#BOX}). */
        public Builder sampler(Sampler s) {
            sampler = s;
            return this;
        }

        /** Seed of the data, embedding, initialisation, batches and negatives (default 0). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Training steps (default {@value ManifoldSeparation#DEFAULT_STEPS}). */
        public Builder steps(int n) {
            steps = n;
            return this;
        }

        /** Distance r of the off-manifold probes, ambient units, 0 &lt; r &lt; 1 (default 0.3; the circle's radius is 1). */
        public Builder radius(double r) {
            radius = r;
            return this;
        }

        /** Training points on the manifold (default 256). */
        public Builder trainPoints(int n) {
            trainPoints = n;
            return this;
        }

        /** Held-out points, and as many off-manifold probes (default 500). */
        public Builder testPoints(int n) {
            testPoints = n;
            return this;
        }

        /** Validates the settings; every problem is a {@link WorkbenchException} saying what to do. */
        public ManifoldSeparation build() {
            if (dim < 2 || dim > MAX_AMBIENT_DIM)
                throw bad("ambientDim must be in [2, " + MAX_AMBIENT_DIM + "], got " + (dim == -1 ? "unset" : dim)
                        + ": call ambientDim(D) with 2 <= D <= " + MAX_AMBIENT_DIM);
            if (method == null) throw bad("method is unset: call method(Method.CONTRASTIVE) or method(Method.REGULARIZED)");
            if (method == Method.CONTRASTIVE && k < 1)
                throw bad("CONTRASTIVE needs negatives(K) with K >= 1 negatives per sample, got " + (k == -1 ? "unset" : k));
            if (method == Method.CONTRASTIVE && k > 1024) throw bad("negatives(K): K = " + k + " is too many; use K <= 1024");
            if (method == Method.REGULARIZED && k > 0)
                throw bad("REGULARIZED trains without negatives: leave negatives(K) unset or 0, got " + k);
            if (method == Method.REGULARIZED && k < -1) throw bad("negatives(K) must not be negative, got " + k);
            if (sampler == null) throw bad("sampler is null: use Sampler.BOX or Sampler.PERTURBED");
            if (steps < 1) throw bad("steps must be >= 1, got " + steps);
            if (!(radius > 0 && radius < 1))
                throw bad("radius must be in (0, 1) (the circle's radius is 1; at r >= 1 a probe can be nearer another part of the circle), got " + radius);
            if (trainPoints < 2) throw bad("trainPoints must be >= 2, got " + trainPoints);
            if (testPoints < 1) throw bad("testPoints must be >= 1, got " + testPoints);
            return new ManifoldSeparation(this);
        }

        private static WorkbenchException bad(String msg) {
            return new WorkbenchException("ManifoldSeparation: " + msg);
        }
    }

    /**
     * One cell's numbers.
     *
     * @param ambientDim          D
     * @param method              how the energy was trained
     * @param negatives           K (0 for REGULARIZED)
     * @param sampler             the contrastive sampler, or "none"
     * @param seed                the seed
     * @param steps               training steps
     * @param radius              probe distance r from the manifold, ambient units
     * @param auroc               P(E(probe) &gt; E(held-out)), ties ½, in [0, 1]
     * @param heldOutEnergy       mean energy of the held-out manifold points, model units
     * @param offManifoldEnergy   mean energy of the probes at distance r, model units
     * @param negativesNearFraction fraction of 4096 freshly drawn negatives lying within 2r of the manifold
     *                            (how often training sees the region the probes test; NaN for REGULARIZED)
     * @param finalLoss           the last epoch's mean training loss (hinge loss, or mean ‖y − g(z)‖²)
     * @param trainSeconds        training wall time, seconds
     * @param seconds             whole cell (data, training, evaluation) wall time, seconds
     */
    public record Result(int ambientDim, Method method, int negatives, String sampler, long seed, int steps, double radius,
                         double auroc, double heldOutEnergy, double offManifoldEnergy, double negativesNearFraction,
                         double finalLoss, double trainSeconds, double seconds) {

        /** The record's fields in declaration order (enums as their names), for tables and sweep rows. */
        public LinkedHashMap<String, Object> toMap() {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("ambient_dim", ambientDim);
            m.put("method", method.name());
            m.put("negatives", negatives);
            m.put("sampler", sampler);
            m.put("seed", seed);
            m.put("steps", steps);
            m.put("radius", radius);
            m.put("auroc", auroc);
            m.put("held_out_energy", heldOutEnergy);
            m.put("off_manifold_energy", offManifoldEnergy);
            m.put("negatives_near_fraction", negativesNearFraction);
            m.put("final_loss", finalLoss);
            m.put("train_seconds", trainSeconds);
            m.put("seconds", seconds);
            return m;
        }
    }

    /** Trains the cell's model and measures it. */
    public Result run() {
        long t0 = System.nanoTime();
        double[][] train = onManifold(trainPoints, new Random(mix(seed, 2)));
        double[][] heldOut = onManifold(testPoints, new Random(mix(seed, 3)));
        double[][] probes = offManifold(testPoints, radius, new Random(mix(seed, 4)));
        long modelSeed = mix(seed, 5);
        Energy energy;
        EnergyRun run;
        double near = Double.NaN;
        if (method == Method.CONTRASTIVE) {
            NegativeSampler neg = negativeSampler(train);
            near = nearFraction(neg, train, new Random(mix(seed, 6)));
            MlpEnergy model = MlpEnergy.of(dim, modelSeed, 64, 64);
            run = ContrastiveTraining.builder().loss(new HingeLoss(1)).negatives(neg).negativesPerSample(k)
                    .batchSize(32).learningRate(1e-2).steps(steps).seed(mix(seed, 7)).build().train(model, train);
            energy = model;
        } else {
            LatentVariableEnergy model = LatentVariableEnergy.builder(MlpDecoder.into(dim, 1, modelSeed, 64, 64)).build();
            run = LatentTraining.builder().batchSize(128).learningRate(1e-2).steps(steps).seed(mix(seed, 7)).build().train(model, null, train);
            energy = run.energy();
        }
        double[] eh = energy.energies(heldOut), ep = energy.energies(probes);
        double finalLoss = run.run().finalLoss();
        return new Result(dim, method, method == Method.CONTRASTIVE ? k : 0, method == Method.CONTRASTIVE ? sampler.name() : "none",
                seed, steps, radius, Auroc.of(eh, ep), mean(eh), mean(ep), near, finalLoss, run.seconds(),
                (System.nanoTime() - t0) / 1e9);
    }

    // ---- the manifold (package-private for the tests' closed-form checks) ----

    /** The embedding Q [D][2] (orthonormal columns). */
    double[][] embedding() {
        double[][] c = new double[dim][];
        for (int i = 0; i < dim; i++) c[i] = q[i].clone();
        return c;
    }

    /** n points y(t) = Q(cos t, sin t), t uniform, [n][D]. */
    double[][] onManifold(int n, Random rng) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = embed(ARC * rng.nextDouble());
        return out;
    }

    /** n probes y(t) + r·n̂, n̂ uniform unit vector orthogonal to the tangent Q(−sin t, cos t), [n][D]. */
    double[][] offManifold(int n, double r, Random rng) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = ARC * rng.nextDouble();
            double[] y = embed(t);
            double[] tan = mul(q, -Math.sin(t), Math.cos(t));
            double[] dir = new double[dim];
            double norm;
            do { // a Gaussian vector minus its tangent part is uniform on the normal sphere once normalised
                for (int j = 0; j < dim; j++) dir[j] = rng.nextGaussian();
                double dot = 0;
                for (int j = 0; j < dim; j++) dot += dir[j] * tan[j];
                for (int j = 0; j < dim; j++) dir[j] -= dot * tan[j];
                norm = 0;
                for (double v : dir) norm += v * v;
                norm = Math.sqrt(norm);
            } while (norm < 1e-9);
            for (int j = 0; j < dim; j++) y[j] += r * dir[j] / norm;
            out[i] = y;
        }
        return out;
    }

    /**
     * Euclidean distance of v ∈ ℝ^D from the embedded half circle: with (a, b) = Qᵀv at angle φ, it is
     * {@code sqrt((‖(a, b)‖ − 1)² + ‖v − QQᵀv‖²)} when φ ∈ [0, π] (the nearest circle point is on the arc),
     * else the distance to the nearer end point Q(±1, 0).
     */
    double distanceToManifold(double[] v) {
        double a = 0, b = 0;
        for (int j = 0; j < dim; j++) {
            a += q[j][0] * v[j];
            b += q[j][1] * v[j];
        }
        double[] proj = mul(q, a, b);
        double out = 0;
        for (int j = 0; j < dim; j++) out += (v[j] - proj[j]) * (v[j] - proj[j]);
        double phi = Math.atan2(b, a);
        if (phi >= 0 && phi <= ARC) {
            double in = Math.hypot(a, b) - 1;
            return Math.sqrt(in * in + out);
        }
        double[] e0 = embed(0), e1 = embed(ARC);
        double d0 = 0, d1 = 0;
        for (int j = 0; j < dim; j++) {
            d0 += (v[j] - e0[j]) * (v[j] - e0[j]);
            d1 += (v[j] - e1[j]) * (v[j] - e1[j]);
        }
        return Math.sqrt(Math.min(d0, d1));
    }

    private double[] embed(double t) {
        return mul(q, Math.cos(t), Math.sin(t));
    }

    private static double[] mul(double[][] q, double a, double b) {
        double[] y = new double[q.length];
        for (int j = 0; j < q.length; j++) y[j] = q[j][0] * a + q[j][1] * b;
        return y;
    }

    /** A seeded random D×2 matrix with orthonormal columns (Gram–Schmidt on Gaussian columns). */
    private static double[][] embedding(int d, Random rng) {
        double[] u = new double[d], w = new double[d];
        for (int j = 0; j < d; j++) {
            u[j] = rng.nextGaussian();
            w[j] = rng.nextGaussian();
        }
        normalize(u);
        double dot = 0;
        for (int j = 0; j < d; j++) dot += u[j] * w[j];
        for (int j = 0; j < d; j++) w[j] -= dot * u[j];
        normalize(w);
        double[][] q = new double[d][2];
        for (int j = 0; j < d; j++) {
            q[j][0] = u[j];
            q[j][1] = w[j];
        }
        return q;
    }

    private static void normalize(double[] v) {
        double n = 0;
        for (double x : v) n += x * x;
        n = Math.sqrt(n);
        for (int j = 0; j < v.length; j++) v[j] /= n;
    }

    // ---- negatives ----

    private NegativeSampler negativeSampler(double[][] train) {
        if (sampler == Sampler.PERTURBED) return new Gaussian(radius / Math.sqrt(dim));
        double[] lo = new double[dim], hi = new double[dim];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] y : train)
            for (int j = 0; j < dim; j++) {
                lo[j] = Math.min(lo[j], y[j]);
                hi[j] = Math.max(hi[j], y[j]);
            }
        // padded by r: a probe's offset is at most r in every coordinate, so the box holds the probes
        for (int j = 0; j < dim; j++) {
            lo[j] -= radius;
            hi[j] += radius;
        }
        return new Box(lo, hi);
    }

    /** Fraction of 4096 negatives (for 4096/K data rows × K) within 2r of the manifold. */
    private double nearFraction(NegativeSampler s, double[][] train, Random rng) {
        int rows = Math.max(1, 4096 / k);
        double[][] batch = new double[rows][];
        for (int i = 0; i < rows; i++) batch[i] = train[rng.nextInt(train.length)];
        double[][] negs = s.sample(batch, k, 0, null, rng);
        long near = Arrays.stream(negs).filter(v -> distanceToManifold(v) <= 2 * radius).count();
        return (double) near / negs.length;
    }

    /** Uniform in an axis-aligned box of ℝ^D (the package's {@link UniformNegatives} is 2-D). */
    private record Box(double[] lo, double[] hi) implements NegativeSampler {
        public String name() {
            return "box(" + lo.length + "-D)";
        }

        public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
            double[][] out = new double[batch.length * k][lo.length];
            for (double[] r : out) for (int j = 0; j < lo.length; j++) r[j] = lo[j] + (hi[j] - lo[j]) * rng.nextDouble();
            return out;
        }
    }

    /** ȳ = y + σ·ε, ε ~ N(0, I_D) (the package's {@link PerturbedNegatives} perturbs 2 coordinates). */
    private record Gaussian(double sigma) implements NegativeSampler {
        public String name() {
            return "gaussian(σ=" + sigma + ")";
        }

        public double[][] sample(double[][] batch, int k, int c, Energy energy, Random rng) {
            double[][] out = new double[batch.length * k][];
            for (int i = 0; i < batch.length; i++)
                for (int j = 0; j < k; j++) {
                    double[] r = batch[i].clone();
                    for (int d = 0; d < r.length; d++) r[d] += sigma * rng.nextGaussian();
                    out[i * k + j] = r;
                }
            return out;
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Independent seeds for each random stream of a cell (SplitMix64 finaliser). */
    private static long mix(long seed, int stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
