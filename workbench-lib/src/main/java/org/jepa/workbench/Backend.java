package org.jepa.workbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which ND4J backend is running, on what, with how many threads.
 *
 * <p>The backend is chosen at build time by a Maven profile ({@code cpu}, the default, or
 * {@code cuda}); this class reports it and turns the native failures of a wrong choice into one clear
 * message. Notebook use:
 *
 * <pre>{@code
 * Backend.current().table()          // property/value table
 * Backend.require(Backend.Kind.CUDA) // clear error on a CPU build or a machine without a GPU
 * }</pre>
 */
public final class Backend {

    /** The two backends the build can select. */
    public enum Kind { CPU, CUDA }

    /** Environment variable that asks for a backend ({@code cpu} or {@code cuda}); checked by {@link #current()}. */
    public static final String ENV_BACKEND = "WORKBENCH_BACKEND";

    static final String HOW_TO_CUDA = "To use a GPU, build with the CUDA profile: `./workbench --cuda <command>` "
            + "(or `mvn -Pcuda package`), on a Linux x86-64 machine with an NVIDIA driver for CUDA 11.6 or newer. "
            + "To stay on the CPU, unset " + ENV_BACKEND + " or set it to `cpu`.";

    private static volatile Backend current;

    private final Kind kind;
    private final String device;
    private final String blasVendor;
    private final int threads;
    private final String features;
    private final long memoryBytes;

    private Backend(Kind kind, String device, String blasVendor, int threads, String features, long memoryBytes) {
        this.kind = kind;
        this.device = device;
        this.blasVendor = blasVendor;
        this.threads = threads;
        this.features = features;
        this.memoryBytes = memoryBytes;
    }

    /**
     * Initialises ND4J (once per JVM) and describes it. If {@value #ENV_BACKEND} asks for a backend
     * other than the one built in, throws a {@link WorkbenchException} saying how to switch.
     */
    public static Backend current() {
        FirstUse.run();
        Backend b = current;
        if (b == null) {
            synchronized (Backend.class) {
                if (current == null) current = probe();
                b = current;
            }
        }
        String wanted = System.getenv(ENV_BACKEND);
        if (wanted != null && !wanted.isBlank()) {
            Kind k = parseKind(wanted);
            if (k != b.kind) throw mismatch(k, b.kind);
        }
        return b;
    }

    /**
     * The library's check at its first use of ND4J (model parameters, datasets): when
     * {@value #ENV_BACKEND} is set, the backend that runs must be the one asked for, or one clear error
     * says how to switch. Without the variable this costs nothing and probes nothing.
     */
    public static void checkRequested() {
        String wanted = System.getenv(ENV_BACKEND);
        if (wanted == null || wanted.isBlank()) return;
        Backend b = current;
        if (b != null && b.kind == parseKind(wanted)) return;
        current();
    }

    /** Like {@link #current()}, but insists on {@code kind}; the error says how to switch. */
    public static Backend require(Kind kind) {
        Backend b = current();
        if (b.kind != kind) throw mismatch(kind, b.kind);
        return b;
    }

    static Kind parseKind(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "cpu": return Kind.CPU;
            case "cuda": case "gpu": return Kind.CUDA;
            default: throw new WorkbenchException(ENV_BACKEND + "='" + s + "' is not a backend; use `cpu` or `cuda`.");
        }
    }

    private static WorkbenchException mismatch(Kind wanted, Kind running) {
        if (wanted == Kind.CUDA) {
            return new WorkbenchException("CUDA was requested but this build runs the " + running
                    + " backend (ND4J CUDA is not on the classpath). " + HOW_TO_CUDA);
        }
        return new WorkbenchException("The " + wanted + " backend was requested but this build runs " + running
                + ". Rebuild without -Pcuda (the default) to use the CPU.");
    }

    private static Backend probe() {
        Properties env;
        try {
            env = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (Throwable t) {
            throw new WorkbenchException(explainFailure(t), t);
        }
        String backend = String.valueOf(env.getOrDefault("backend", "CPU"));
        Kind kind = backend.toUpperCase(Locale.ROOT).contains("CUDA") ? Kind.CUDA : Kind.CPU;
        String blas = String.valueOf(env.getOrDefault("blas.vendor", "unknown"));
        int threads = intOf(env.get("omp.threads"), Runtime.getRuntime().availableProcessors());
        if (kind == Kind.CPU) {
            String cpu = cpuModel();
            String feat;
            try {
                var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
                feat = "binary " + levelName(ops.binaryLevel()) + (oneDnnLoaded() ? " with oneDNN" : "") + ", CPU supports "
                        + levelName(ops.optimalLevel());
            } catch (Throwable t) {
                feat = "unknown";
            }
            long mem = longOf(env.get("memory.available"), Runtime.getRuntime().maxMemory());
            return new Backend(kind, cpu, blas, threads, feat, mem);
        }
        // CUDA: ND4J lists devices as maps under cuda.devicesInformation.
        String name = "CUDA device";
        long mem = 0;
        Object devs = env.get("cuda.devicesInformation");
        if (devs instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m) {
            name = String.valueOf(m.get("cuda.deviceName"));
            mem = longOf(m.get("cuda.totalMemory"), 0);
            Object major = m.get("cuda.deviceMajor");
            Object minor = m.get("cuda.deviceMinor");
            return new Backend(kind, name, blas, threads, "compute capability " + major + "." + minor, mem);
        }
        return new Backend(kind, name, blas, threads, "unknown", mem);
    }

    /**
     * Whether the ND4J natives this JVM mapped are the oneDNN build (the CPU build's; javacpp prefers it whenever its
     * jar is on the class path). The mapped file says which natives run, whatever the class path holds.
     */
    static boolean oneDnnLoaded() {
        try {
            // javacpp unpacks each build under its platform's folder: …/bindings/linux-x86_64-onednn/libnd4jcpu.so
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.endsWith("/libnd4jcpu.so") && l.indexOf('/') >= 0)
                    .map(l -> Path.of(l.substring(l.indexOf('/'))).getParent())
                    .anyMatch(dir -> dir != null && dir.getFileName().toString().contains("onednn"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Turns a native start-up failure into one readable sentence. ND4J reports a CUDA build on a
     * machine without a GPU as an {@code UnsatisfiedLinkError} for {@code libcuda.so.1} wrapped in a
     * {@code NoAvailableBackendException}; a missing CPU native as a failure to load {@code jnind4jcpu}.
     */
    static String explainFailure(Throwable t) {
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null && chain.length() < 4000; c = c.getCause()) {
            chain.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        String s = chain.toString();
        if (s.contains("libcuda") || s.contains("cudart") || s.contains("nd4jcuda") || s.contains("CUDA driver")
                || s.contains("no CUDA-capable device")) {
            return "The CUDA backend is built in, but no usable NVIDIA GPU/driver was found on this machine ("
                    + firstLine(t) + "). Rebuild for the CPU (the default, without -Pcuda: `./workbench <command>`), "
                    + "or run on a machine with an NVIDIA driver for CUDA 11.6+.";
        }
        if (s.contains("NoAvailableBackendException") || s.contains("jnind4jcpu") || s.contains("nd4jcpu")) {
            return "No ND4J backend could be loaded (" + firstLine(t) + "). The CPU natives support linux-x86_64 only; "
                    + "check that workbench-lib was built with `./workbench build` on this platform.";
        }
        return "ND4J failed to start: " + firstLine(t);
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String levelName(int level) {
        switch (level) {
            case 1: return "generic x86-64";
            case 2: return "AVX2";
            case 3: return "AVX512";
            default: return "level " + level;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch");
    }

    private static int intOf(Object o, int dflt) {
        try {
            return o == null ? dflt : Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long longOf(Object o, long dflt) {
        try {
            return o == null ? dflt : Long.parseLong(o.toString().trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    public Kind kind() { return kind; }

    /** CPU model name, or GPU device name. */
    public String device() { return device; }

    /**
     * BLAS library ND4J reports (OPENBLAS on CPU, CUBLAS on CUDA): the one its BLAS calls go to. With the CPU build's
     * oneDNN natives the float products of graphs (training, planning) do not: see {@link #products()}.
     */
    public String blasVendor() { return blasVendor; }

    /**
     * What computes matrix products. With ND4J's oneDNN natives (the CPU build's) the {@code matmul} op — the products
     * of SameDiff graphs — runs oneDNN's own GEMM ({@code gemm:jit}) on float matrices (rank 2); doubles, batched
     * (rank 3 and up) products and {@code INDArray.mmul} do not reach oneDNN (probed 2026-12-06). {@code DNNL_VERBOSE=1}
     * prints a line per oneDNN product. Without those natives, the BLAS.
     */
    public String products() {
        return kind == Kind.CPU && features.contains("with oneDNN")
                ? "oneDNN gemm:jit (float matrix products of graphs); " + blasVendor + " (doubles, INDArray.mmul)" : blasVendor;
    }

    /** OpenMP threads ND4J uses. */
    public int threads() { return threads; }

    /** CPU instruction-set level (binary vs supported), or GPU compute capability. */
    public String features() { return features; }

    /** Memory available to ND4J in bytes: host memory on CPU, total device memory on CUDA. */
    public long memoryBytes() { return memoryBytes; }

    /** The report as rows of (property, value). */
    public Table table() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("backend", kind.toString());
        rows.put("device", device);
        rows.put("BLAS", blasVendor);
        rows.put("matrix products", products());
        rows.put("threads", Integer.toString(threads));
        rows.put(kind == Kind.CPU ? "CPU features" : "GPU", features);
        rows.put(kind == Kind.CPU ? "memory available (GiB)" : "GPU memory (GiB)",
                String.format(Locale.ROOT, "%.1f", memoryBytes / (1024.0 * 1024 * 1024)));
        rows.put("OMP_WAIT_POLICY", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        rows.put("ND4J", "1.0.0-M2.1");
        rows.put("Java", System.getProperty("java.version"));
        return Table.create("Backend",
                StringColumn.create("property", rows.keySet()),
                StringColumn.create("value", rows.values()));
    }

    /** One line, e.g. {@code CPU · Intel Xeon … · OPENBLAS · 2 threads · binary AVX2, CPU supports AVX512}. */
    @Override
    public String toString() {
        return kind + " · " + device + " · " + blasVendor + " · " + threads + " threads · " + features;
    }

    /** Prints the one-line report; used by {@code ./workbench backend}. */
    public static void main(String[] args) {
        try {
            Backend b = current();
            System.out.println(b);
            System.out.println(b.table().print());
        } catch (WorkbenchException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
