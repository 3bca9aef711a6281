package org.jepa.workbench.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.jepa.workbench.FirstUse;
import org.jepa.workbench.WorkbenchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The digit sets shipped in the repository's {@code datasets/} folder (see {@code datasets/README.md}
 * for provenance and licences).
 *
 * <pre>{@code
 * LabeledData mnist = Datasets.mnist();            // 10,000 x 784, pixels in [0, 1]
 * Split s = mnist.split(0.2, 42);                  // stratified, seeded
 * Table t = Datasets.summary(s.train());           // counts and pixel stats per class
 * }</pre>
 *
 * <p>Every file's SHA-256 is checked against the constants below before it is parsed; a missing,
 * truncated or altered file raises one {@link WorkbenchException} naming the file, the expected and
 * the actual checksum. The {@code datasets/} folder is found by {@link #root()}. Parsed files are
 * cached per JVM (keyed by path and checksum, so an altered file is never served from the cache); each
 * call still returns a fresh {@link LabeledData}, so mutating one does not affect the next.
 */
public final class Datasets {
    static {
        FirstUse.run(); // often the first workbench class a notebook touches
    }

    private Datasets() {
    }

    /** MNIST subset images: IDX [10000, 28, 28], grey levels 0..255. */
    public static final String MNIST_IMAGES = "mnist-10k-images-idx3-ubyte.gz";
    /** MNIST subset labels: IDX [10000], 0..9. */
    public static final String MNIST_LABELS = "mnist-10k-labels-idx1-ubyte.gz";
    /** UCI optical digits images: IDX [1797, 8, 8], counts 0..16. */
    public static final String DIGITS_IMAGES = "digits-8x8-images-idx3-ubyte.gz";
    /** UCI optical digits labels: IDX [1797], 0..9. */
    public static final String DIGITS_LABELS = "digits-8x8-labels-idx1-ubyte.gz";

    /** Expected SHA-256 (lower-case hex) of each shipped file; must match {@code datasets/SHA256SUMS}. */
    public static final Map<String, String> SHA256 = Map.of(
            MNIST_IMAGES, "49941b93149836f6b61a084d7dd8d8e691235382a1af71d775e12ad1bd7c97a3",
            MNIST_LABELS, "0fe708880939233309d2a8dc2e207080403e86fe58ca74aae59309b580944abd",
            DIGITS_IMAGES, "16bf71e8bfa958f11ad68a045567f2a2f5362b27ab1e7cadd4cf9a3cbb37176e",
            DIGITS_LABELS, "22e1486adc7849d49bbac7f3e6227134ade1aea8cf5289c8dceeecd5a005d43c");

    /** The marker file {@link #root()} looks for. */
    public static final String CHECKSUM_FILE = "SHA256SUMS";

    private static final Map<String, Idx.Array> CACHE = new ConcurrentHashMap<>();

    /**
     * The 10,000-digit MNIST subset: features float32 [10000, 784] (28x28, row-major) with grey/255 in
     * [0, 1], labels 0..9, classes interleaved round-robin (so a {@code head(n)} is nearly balanced).
     */
    public static LabeledData mnist() {
        return mnist(root());
    }

    /** {@link #mnist()} from the files in {@code dir} (checksums still checked). */
    public static LabeledData mnist(Path dir) {
        return load("mnist", dir, MNIST_IMAGES, MNIST_LABELS, 28, 255);
    }

    /**
     * The UCI optical digits (scikit-learn's {@code load_digits}): features float32 [1797, 64] (8x8)
     * with count/16 in [0, 1], labels 0..9, in the original file order.
     */
    public static LabeledData digits() {
        return digits(root());
    }

    /** {@link #digits()} from the files in {@code dir} (checksums still checked). */
    public static LabeledData digits(Path dir) {
        return load("digits", dir, DIGITS_IMAGES, DIGITS_LABELS, 8, 16);
    }

    /** Same as {@link Split#stratified(LabeledData, double, long)}. */
    public static Split split(LabeledData data, double testFraction, long seed) {
        return Split.stratified(data, testFraction, seed);
    }

    /**
     * The {@code datasets/} folder: {@code <workbench.root>/datasets} if the system property
     * {@code workbench.root} is set (Surefire sets it), else {@code $WORKBENCH_HOME/datasets}, else the
     * first {@code datasets/} holding {@code SHA256SUMS} in the current directory or one of its parents.
     *
     * @throws WorkbenchException naming every place tried, if none holds {@code datasets/SHA256SUMS}
     */
    public static Path root() {
        return root(System.getProperty("workbench.root"), System.getenv("WORKBENCH_HOME"),
                Paths.get("").toAbsolutePath());
    }

    /** {@link #root()} with its three inputs explicit, for tests. */
    static Path root(String rootProperty, String homeEnv, Path cwd) {
        List<String> tried = new ArrayList<>();
        if (rootProperty != null && !rootProperty.isBlank()) {
            Path p = Paths.get(rootProperty).resolve("datasets");
            if (Files.isRegularFile(p.resolve(CHECKSUM_FILE))) return p;
            tried.add(p + " (system property workbench.root)");
        }
        if (homeEnv != null && !homeEnv.isBlank()) {
            Path p = Paths.get(homeEnv).resolve("datasets");
            if (Files.isRegularFile(p.resolve(CHECKSUM_FILE))) return p;
            tried.add(p + " (env WORKBENCH_HOME)");
        }
        for (Path d = cwd.toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("datasets");
            if (Files.isRegularFile(p.resolve(CHECKSUM_FILE))) return p;
        }
        tried.add("datasets/ in " + cwd.toAbsolutePath() + " and each parent");
        throw new WorkbenchException("Cannot find the workbench datasets folder (a 'datasets' directory holding "
                + CHECKSUM_FILE + "). Tried: " + String.join("; ", tried)
                + ". Set -Dworkbench.root=<repo> or WORKBENCH_HOME=<repo>.");
    }

    /** Empties the per-JVM cache of parsed files (the next load reads and checks the file again; for timing a cold load). */
    public static void clearCache() {
        CACHE.clear();
    }

    /**
     * Counts and pixel statistics per class, one row per class plus a final row {@code "all"}.
     * Columns: class, count, fraction (of all rows), pixel_mean, pixel_std (population), pixel_min,
     * pixel_max — pixel statistics over every feature value of the rows of that class.
     */
    public static Table summary(LabeledData data) {
        int k = data.numClasses();
        int d = data.dim();
        float[] x = FloatBatch.toFloats(data.features());
        long[] n = new long[k + 1];
        double[] sum = new double[k + 1], sq = new double[k + 1];
        double[] min = new double[k + 1], max = new double[k + 1];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            WorkbenchException.require(c >= 0 && c < k, "summary: label " + c + " at row " + i
                    + " is outside [0, " + k + ") for '" + data.name() + "'");
            double s = 0, s2 = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int j = i * d, e = j + d; j < e; j++) {
                double v = x[j];
                s += v;
                s2 += v * v;
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            for (int g : new int[] {c, k}) {
                n[g]++;
                sum[g] += s;
                sq[g] += s2;
                min[g] = Math.min(min[g], lo);
                max[g] = Math.max(max[g], hi);
            }
        }
        StringColumn cls = StringColumn.create("class");
        IntColumn count = IntColumn.create("count");
        DoubleColumn frac = DoubleColumn.create("fraction");
        DoubleColumn mean = DoubleColumn.create("pixel_mean");
        DoubleColumn std = DoubleColumn.create("pixel_std");
        DoubleColumn mn = DoubleColumn.create("pixel_min");
        DoubleColumn mx = DoubleColumn.create("pixel_max");
        for (int g = 0; g <= k; g++) {
            cls.append(g == k ? "all" : Integer.toString(g));
            count.append((int) n[g]);
            frac.append((double) n[g] / labels.length);
            double cells = (double) n[g] * d;
            if (n[g] == 0) {
                mean.appendMissing();
                std.appendMissing();
                mn.appendMissing();
                mx.appendMissing();
            } else {
                double m = sum[g] / cells;
                mean.append(m);
                std.append(Math.sqrt(Math.max(0, sq[g] / cells - m * m)));
                mn.append(min[g]);
                mx.append(max[g]);
            }
        }
        return Table.create(data.name() + " summary", cls, count, frac, mean, std, mn, mx);
    }

    private static LabeledData load(String name, Path dir, String imagesFile, String labelsFile, int side,
                                    int maxValue) {
        Idx.Array images = read(dir, imagesFile, 3);
        Idx.Array labels = read(dir, labelsFile, 1);
        WorkbenchException.require(images.dim(1) == side && images.dim(2) == side, "Dataset file "
                + dir.resolve(imagesFile) + ": images are " + images.dim(1) + "x" + images.dim(2)
                + ", expected " + side + "x" + side);
        WorkbenchException.require(images.dim(0) == labels.dim(0), "Dataset files " + imagesFile + " and "
                + labelsFile + " in " + dir + " disagree: " + images.dim(0) + " images, " + labels.dim(0) + " labels");
        int n = images.dim(0), d = side * side;
        byte[] px = images.data();
        float[] f = new float[n * d];
        float scale = 1f / maxValue;
        for (int i = 0; i < f.length; i++) {
            int v = px[i] & 0xff;
            if (v > maxValue) {
                throw new WorkbenchException("Dataset file " + dir.resolve(imagesFile) + ": pixel " + v
                        + " at image " + (i / d) + " exceeds the maximum " + maxValue);
            }
            f[i] = v * scale;
        }
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = labels.data()[i] & 0xff;
            WorkbenchException.require(l[i] < 10, "Dataset file " + dir.resolve(labelsFile) + ": label "
                    + l[i] + " at row " + i + " is outside 0..9");
        }
        INDArray features = FloatBatch.matrix(f, n, d);
        return new LabeledData(name, features, l, 1, side, side, 10);
    }

    /** Reads, checks the SHA-256 of, decompresses and parses one shipped file (or takes it from the cache). */
    private static Idx.Array read(Path dir, String file, int rank) {
        Path path = dir.resolve(file).toAbsolutePath().normalize();
        String expected = SHA256.get(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new WorkbenchException("Dataset file " + path + " is missing (expected SHA-256 " + expected
                    + ", actual: missing). " + restoreHint());
        } catch (IOException e) {
            throw new WorkbenchException("Cannot read dataset file " + path + ": " + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new WorkbenchException("Dataset file " + path + " is corrupted or not the shipped version ("
                    + bytes.length + " bytes): expected SHA-256 " + expected + ", actual " + actual + ". "
                    + restoreHint());
        }
        return CACHE.computeIfAbsent(path + "#" + actual, k -> Idx.parse(gunzip(bytes, path), rank, path.toString()));
    }

    private static String restoreHint() {
        return "Restore it with 'git checkout -- datasets/' or rebuild it as described in datasets/README.md.";
    }

    /**
     * Checks that a shipped file exists and has its recorded SHA-256, and returns it; otherwise one
     * {@link WorkbenchException} that names {@code owner}, the file, both checksums and {@code howToRestore}.
     *
     * @param owner        who asks, for the message (e.g. {@code "MemoryModel"})
     * @param howToRestore what to do about a missing or altered file, one sentence
     */
    public static Path requireShipped(Path file, String expectedSha256, String owner, String howToRestore) {
        WorkbenchException.require(Files.isRegularFile(file), owner + ": " + file + " is missing; " + howToRestore);
        String actual;
        try {
            actual = sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new WorkbenchException(owner + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        WorkbenchException.require(actual.equals(expectedSha256), owner + ": " + file + " has SHA-256 " + actual + ", expected "
                + expectedSha256 + "; the file was altered. " + howToRestore);
        return file;
    }

    /** SHA-256 of {@code bytes}, lower-case hex (how every shipped file is checked). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static byte[] gunzip(byte[] gz, Path path) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new WorkbenchException("Dataset file " + path + " is not a valid gzip stream: " + e.getMessage(), e);
        }
    }
}
