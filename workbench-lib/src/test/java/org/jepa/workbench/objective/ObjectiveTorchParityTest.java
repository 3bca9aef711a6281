package org.jepa.workbench.objective;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parity with an independent PyTorch implementation ({@code bench/parity/objectives_torch.py}, written
 * from the papers): for every objective, with defaults and with non-default hyper-parameters, the same
 * float64 embeddings (B = 16, D = 8, seeded) go to SameDiff and to torch; each term's value and its
 * gradients with respect to za and zb must agree. A gradient check only proves that a gradient matches
 * its own loss; this catches a wrong loss formula.
 *
 * <p>Tolerance (double precision): a term value passes if |sd − torch| ≤ 1e-8·|torch| + 1e-12; a gradient
 * passes if every entry has |sd − torch| ≤ 1e-8·max|torch gradient| + 1e-12 (relative to the gradient's
 * own scale, so that near-zero entries do not make the check meaningless). Every case must also exercise
 * its term (value and gradient not ~0), or a match would prove nothing.
 *
 * <p>Skipped (JUnit assumption) when {@code /usr/bin/python3} (or {@code -Dworkbench.parity.python}) is
 * missing or cannot import torch (Debian {@code python3-torch}); the script is run once for all cases,
 * concurrently with the SameDiff side. Prints a table of the differences per case and term.
 */
class ObjectiveTorchParityTest {

    /** Debian's interpreter (a pyenv python3 on PATH may lack torch); override with -Dworkbench.parity.python. */
    static final Path PYTHON = Path.of(System.getProperty("workbench.parity.python", "/usr/bin/python3"));
    static final String SCRIPT = "bench/parity/objectives_torch.py";
    static final int EXIT_NO_TORCH = 77;
    static final int B = 16;
    static final int D = 8;
    static final double RTOL = 1e-8;
    static final double ATOL = 1e-12;

    /** One parity case: the Java objective and the same hyper-parameters spelled for the torch script. */
    record Case(String id, Objective objective, String torchName, Map<String, Object> params,
                double[][] za, double[][] zb, double[][] directions) {
    }

    /** Result of comparing one term. */
    record Diff(String caseId, String term, double torchValue, double valueAbs, double valueRel,
                double gradAbs, double gradRel, double gradScale) {
    }

    /**
     * Embeddings with structure: correlated dimensions of different scales (so VICReg/Barlow statistics,
     * hinges and margins are partly active), zb = za + noise·N(0, 1) (a positive pair), all times scale.
     */
    static double[][][] pair(long seed, double scale, double noise) {
        Random r = new Random(seed);
        double[][] mix = new double[D][D];
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) mix[i][j] = (i == j ? 1 : 0) + 0.5 * r.nextGaussian() / Math.sqrt(D);
        double[][] za = new double[B][D];
        double[][] zb = new double[B][D];
        for (int n = 0; n < B; n++) {
            double[] g = new double[D];
            for (int k = 0; k < D; k++) g[k] = (0.3 + 0.15 * k) * r.nextGaussian();
            for (int d = 0; d < D; d++) {
                double v = 0;
                for (int k = 0; k < D; k++) v += g[k] * mix[k][d];
                za[n][d] = scale * v;
            }
        }
        for (int n = 0; n < B; n++) for (int d = 0; d < D; d++) zb[n][d] = za[n][d] + scale * noise * r.nextGaussian();
        return new double[][][] {za, zb};
    }

    static Case make(String id, Objective obj, String torchName, Map<String, Object> params, long seed, double scale, double noise) {
        double[][][] p = pair(seed, scale, noise);
        return new Case(id, obj, torchName, params, p[0], p[1], null);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(make("none/default", InvarianceOnly.defaults(), "none", Map.of(), 101, 1.0, 0.4));
        c.add(make("none/w=2.5", InvarianceOnly.defaults().weight(2.5), "none", Map.of("weight", 2.5), 102, 1.0, 0.4));
        c.add(make("infonce/default", InfoNCE.defaults(), "infonce", Map.of(), 103, 1.0, 0.4));
        c.add(make("infonce/tau=0.5,w=0.7", InfoNCE.defaults().temperature(0.5).weight(0.7), "infonce",
                Map.of("temperature", 0.5, "weight", 0.7), 104, 1.0, 0.8));
        c.add(make("margin/default", MarginContrastive.defaults(), "margin", Map.of(), 105, 0.35, 0.4));
        c.add(make("margin/m=2.5,w+=0.3,w-=2", MarginContrastive.defaults().margin(2.5).positiveWeight(0.3).negativeWeight(2),
                "margin", Map.of("margin", 2.5, "positiveWeight", 0.3, "negativeWeight", 2.0), 106, 1.0, 0.4));
        c.add(make("vicreg/default", VICReg.defaults(), "vicreg", Map.of(), 107, 1.0, 0.4));
        c.add(make("vicreg/10,5,0.5,gamma=0.8,eps=1e-3",
                VICReg.defaults().invarianceWeight(10).varianceWeight(5).covarianceWeight(0.5).gamma(0.8).epsilon(1e-3), "vicreg",
                Map.of("invarianceWeight", 10.0, "varianceWeight", 5.0, "covarianceWeight", 0.5, "gamma", 0.8, "epsilon", 1e-3),
                108, 1.0, 0.4));
        c.add(make("barlow/default", BarlowTwins.defaults(), "barlow", Map.of(), 109, 1.0, 0.4));
        c.add(make("barlow/lambda=1/8,eps=1e-3,w=0.5", BarlowTwins.defaults().lambda(0.125).epsilon(1e-3).weight(0.5), "barlow",
                Map.of("lambda", 0.125, "epsilon", 1e-3, "weight", 0.5), 110, 1.0, 0.4));
        c.add(sigreg("sigreg/default(K=256)", SIGReg.defaults(), Map.of(), 256, 111, 1.0));
        c.add(sigreg("sigreg/lambda=0.5,K=16,knots=9,tMax=4", SIGReg.defaults().lambda(0.5).knots(9).tMax(4),
                Map.of("lambda", 0.5, "knots", 9, "tMax", 4.0), 16, 112, 2.0));
        c.add(make("byol/default", CosineRegression.defaults(), "byol", Map.of(), 113, 1.0, 0.4));
        c.add(make("byol/w=3", CosineRegression.defaults().weight(3), "byol", Map.of("weight", 3.0), 114, 1.0, 1.0));
        c.add(make("jepa/mse", EmbeddingPrediction.defaults(), "jepa", Map.of("distance", "mse"), 115, 1.0, 0.4));
        c.add(make("jepa/smooth_l1,beta=0.5,w=2", EmbeddingPrediction.defaults().distance("smooth_l1").beta(0.5).weight(2),
                "jepa", Map.of("distance", "smooth_l1", "beta", 0.5, "weight", 2.0), 116, 1.0, 0.8));
        c.add(make("jepa/smooth_l1,default_beta", EmbeddingPrediction.defaults().distance("smooth_l1"),
                "jepa", Map.of("distance", "smooth_l1"), 117, 1.0, 1.2));
        c.add(make("jepa/l1,w=0.5", EmbeddingPrediction.defaults().distance("l1").weight(0.5),
                "jepa", Map.of("distance", "l1", "weight", 0.5), 118, 1.0, 0.4));
        return c;
    }

    /** SIGReg with K fixed unit directions drawn as in training, sent to torch too. */
    static Case sigreg(String id, SIGReg base, Map<String, Object> params, int k, long seed, double scale) {
        double[][][] p = pair(seed, scale, 0.4);
        double[][] dirs = IsotropicGaussian.randomDirections(new Random(seed + 1000), D, k, DataType.DOUBLE).toDoubleMatrix();
        SIGReg obj = base.fixedDirections(Nd4j.createFromArray(dirs));
        return new Case(id, obj, "sigreg", params, p[0], p[1], dirs);
    }

    /** The committed torch results for {@link #cases()}, produced by the script (see {@link #REFERENCE}). */
    static final String REFERENCE = "bench/parity/reference.json";

    /**
     * Always runs, torch or not: SameDiff against the torch values and gradients committed in
     * {@value #REFERENCE}. The file records the SHA-256 of the request it answers, so a change to the cases
     * is caught here; regenerate it where torch is installed with
     * {@code mvn -pl workbench-lib test -Dtest=ObjectiveTorchParityTest -Dworkbench.parity.write=true}.
     */
    @Test
    void committedTorchReferenceMatchesSameDiff() throws Exception {
        List<Case> cases = cases();
        ObjectMapper json = new ObjectMapper();
        Path ref = script().getParent().resolve("reference.json");
        assertTrue(Files.isRegularFile(ref), ref + " is missing; regenerate it (see this test's Javadoc)");
        JsonNode result = json.readTree(ref.toFile());
        assertEquals(sha256(json, cases), result.get("request_sha256").asText(), "the parity cases changed since "
                + REFERENCE + " was written: regenerate it with -Dworkbench.parity.write=true where torch is installed");
        compare(cases, result);
    }

    /** Where torch is installed: the script runs live on the same cases (and, when asked, rewrites the reference). */
    @Test
    void everyObjectiveMatchesTorchInValueAndGradient() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), PYTHON + " not found: PyTorch parity check skipped");
        List<Case> cases = cases();
        Set<String> covered = new LinkedHashSet<>();
        for (Case c : cases) covered.add(c.objective().name());
        assertEquals(new LinkedHashSet<>(Objectives.NAMES), covered, "every objective must have a parity case");

        Path dir = Files.createTempDirectory("objective-parity");
        Path in = dir.resolve("cases.json");
        Path out = dir.resolve("torch.json");
        Path err = dir.resolve("torch.err");
        ObjectMapper json = new ObjectMapper();
        json.writeValue(in.toFile(), request(json, cases));
        Process torch = new ProcessBuilder(PYTHON.toString(), script().toString(), in.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(torch.waitFor(180, TimeUnit.SECONDS), "torch script did not finish in 180 s");
            skipIfNoTorch(torch, err);
            assertEquals(0, torch.exitValue(), "torch script failed:\n" + Files.readString(err, StandardCharsets.UTF_8));
            ObjectNode result = (ObjectNode) json.readTree(out.toFile());
            compare(cases, result);
            if (Boolean.getBoolean("workbench.parity.write")) {
                result.put("request_sha256", sha256(json, cases));
                json.writerWithDefaultPrettyPrinter().writeValue(script().getParent().resolve("reference.json").toFile(), result);
            }
        } finally {
            if (torch.isAlive()) torch.destroyForcibly();
            for (Path p : List.of(in, out, err)) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
    }

    /** SHA-256 of the request with map keys sorted (Map.of's iteration order changes from JVM to JVM). */
    static String sha256(ObjectMapper json, List<Case> cases) throws Exception {
        ObjectMapper sorted = new ObjectMapper().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(sorted.writeValueAsBytes(request(sorted, cases)));
        return java.util.HexFormat.of().formatHex(d);
    }

    /** SameDiff on every case against torch's {@code result}: values and gradients within tolerance. */
    static void compare(List<Case> cases, JsonNode result) {
        long t0 = System.nanoTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Map<String, Map<String, double[][][]>> sdGrads = new LinkedHashMap<>();
        Map<String, Map<String, Double>> sdValues = new LinkedHashMap<>();
        for (Case c : cases) samediff(c, sdValues, sdGrads);
        long sdMillis = (System.nanoTime() - t0) / 1_000_000;
        long sdCpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000;

        List<Diff> diffs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode n : result.get("cases")) byId.put(n.get("id").asText(), n);
        for (Case c : cases) {
            JsonNode tc = byId.get(c.id());
            assertNotNull(tc, "torch returned no result for " + c.id());
            Map<String, Double> values = sdValues.get(c.id());
            List<String> torchTerms = new ArrayList<>();
            tc.get("terms").fieldNames().forEachRemaining(torchTerms::add);
            assertEquals(List.copyOf(values.keySet()), torchTerms, c.id() + ": term names");
            for (String term : torchTerms) {
                JsonNode tt = tc.get("terms").get(term);
                double tv = tt.get("value").asDouble();
                double sv = values.get(term);
                double[][] tga = matrix(tt.get("grad_za"));
                double[][] tgb = matrix(tt.get("grad_zb"));
                double[][][] sg = sdGrads.get(c.id()).get(term);
                double scale = Math.max(maxAbs(tga), maxAbs(tgb));
                double gAbs = Math.max(maxAbsDiff(sg[0], tga), maxAbsDiff(sg[1], tgb));
                double vAbs = Math.abs(sv - tv);
                Diff d = new Diff(c.id(), term, tv, vAbs, vAbs / Math.abs(tv), gAbs, gAbs / scale, scale);
                diffs.add(d);
                String where = c.id() + " / " + term;
                if (!(Math.abs(tv) > 1e-6 && scale > 1e-6)) {
                    failures.add(where + ": inputs do not exercise this term (torch value " + tv + ", max |grad| " + scale + ")");
                }
                if (!(vAbs <= RTOL * Math.abs(tv) + ATOL)) {
                    failures.add(where + ": value SameDiff " + sv + " vs torch " + tv + " (|diff| " + vAbs + ")");
                }
                if (!(gAbs <= RTOL * scale + ATOL)) {
                    failures.add(where + ": gradient max |diff| " + gAbs + " vs tolerance " + (RTOL * scale + ATOL)
                            + " (max |torch grad| " + scale + ")");
                }
            }
        }
        report(result.get("torch").asText(), diffs, sdMillis, sdCpuMillis);
        assertTrue(failures.isEmpty(), "SameDiff and PyTorch disagree:\n" + String.join("\n", failures));
    }

    /** JUnit assumption: the script has not exited with "torch cannot be imported". */
    static void skipIfNoTorch(Process torch, Path err) throws IOException {
        if (!torch.isAlive() && torch.exitValue() == EXIT_NO_TORCH) {
            Assumptions.abort(PYTHON + " cannot import torch (install Debian python3-torch): parity check skipped. "
                    + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
    }

    /** Values and gradients of every term of c's objective; one graph per term (its own loss variable). */
    static void samediff(Case c, Map<String, Map<String, Double>> values, Map<String, Map<String, double[][][]>> grads) {
        Map<String, Double> v = new LinkedHashMap<>();
        Map<String, double[][][]> g = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(graph(c).terms().keySet());
        for (String term : names) {
            Built gr = graph(c);
            SDVariable t = gr.terms().get(term);
            gr.sd().setLossVariables(t.name());
            OutAndGrad og = gr.sd().calculateGradientsAndOutputs(Map.of(), List.of(t.name()), List.of("za", "zb"));
            INDArray value = og.getOutputs().get(t.name());
            assertEquals(1, value.length(), c.id() + "/" + term + " is not a scalar");
            assertEquals(DataType.DOUBLE, value.dataType(), c.id() + "/" + term);
            v.put(term, value.getDouble(0));
            g.put(term, new double[][][] {gradOrZero(og.getGradients().get("za")), gradOrZero(og.getGradients().get("zb"))});
        }
        values.put(c.id(), v);
        grads.put(c.id(), g);
    }

    record Built(SameDiff sd, Map<String, SDVariable> terms) {
    }

    static Built graph(Case c) {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.var("za", Nd4j.createFromArray(c.za()));
        SDVariable b = sd.var("zb", Nd4j.createFromArray(c.zb()));
        return new Built(sd, c.objective().terms(new org.jepa.workbench.model.Graph(sd, DataType.DOUBLE, 0), a, b, D));
    }

    static double[][] gradOrZero(INDArray g) {
        return g == null ? new double[B][D] : g.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static ObjectNode request(ObjectMapper json, List<Case> cases) {
        ObjectNode root = json.createObjectNode();
        ArrayNode arr = root.putArray("cases");
        for (Case c : cases) {
            ObjectNode n = arr.addObject();
            n.put("id", c.id());
            n.put("objective", c.torchName());
            n.set("params", json.valueToTree(c.params()));
            n.set("za", json.valueToTree(c.za()));
            n.set("zb", json.valueToTree(c.zb()));
            if (c.directions() != null) n.set("directions", json.valueToTree(c.directions()));
        }
        return root;
    }

    /** The script, under the build's {@code workbench.root}, else found from the working directory upwards. */
    static Path script() {
        String root = System.getProperty("workbench.root");
        if (root != null && Files.isRegularFile(Path.of(root, SCRIPT))) return Path.of(root, SCRIPT);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve(SCRIPT);
            if (Files.isRegularFile(s)) return s;
        }
        throw new AssertionError(SCRIPT + " not found above " + Path.of("").toAbsolutePath());
    }

    static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            JsonNode row = n.get(i);
            m[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) m[i][j] = row.get(j).asDouble();
        }
        return m;
    }

    static double maxAbs(double[][] x) {
        double m = 0;
        for (double[] r : x) for (double v : r) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxAbsDiff(double[][] x, double[][] y) {
        assertEquals(y.length, x.length, "gradient rows");
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i].length, x[i].length, "gradient columns");
            for (int j = 0; j < x[i].length; j++) {
                double d = Math.abs(x[i][j] - y[i][j]);
                m = Double.isNaN(d) ? Double.NaN : Math.max(m, d);
                if (Double.isNaN(d)) return d;
            }
        }
        return m;
    }

    static void report(String torchVersion, List<Diff> diffs, long sdMillis, long sdCpuMillis) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("PyTorch parity (torch %s, float64, B=%d, D=%d; SameDiff side %d ms wall, %d ms CPU of the test thread)%n",
                torchVersion, B, D, sdMillis, sdCpuMillis));
        s.append(String.format("%-40s %-11s %14s %9s %9s %9s %9s%n", "case", "term", "torch value", "val abs", "val rel", "grad abs", "grad rel"));
        for (Diff d : diffs) {
            s.append(String.format("%-40s %-11s %14.8g %9.1e %9.1e %9.1e %9.1e%n", d.caseId(), d.term(), d.torchValue(),
                    d.valueAbs(), d.valueRel(), d.gradAbs(), d.gradRel()));
        }
        System.out.print(s);
    }
}
