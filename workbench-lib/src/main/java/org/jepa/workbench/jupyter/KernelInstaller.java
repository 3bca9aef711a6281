package org.jepa.workbench.jupyter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.notebook.Lecture;

/**
 * Writes the Jupyter kernel spec "Java (JEPA Workbench)": project-local in
 * {@code build/jupyter/kernels/jepa-workbench/kernel.json} (used through {@code JUPYTER_PATH=<root>/build/jupyter};
 * nothing under the user's home), or, with {@link #installForUser}, in the user's Jupyter data directory
 * ({@code $JUPYTER_DATA_DIR}, else {@code ~/.local/share/jupyter}) so that Jupyter started anywhere offers
 * it; the user spec carries its own copies of the workbench and Rapaio jars, so it keeps working after a
 * {@code mvn clean} of the project.
 *
 * <p>The spec starts {@link KernelLauncher}, which starts the Rapaio kernel as a child JVM and relaunches
 * it when it loses its start-up race. The kernel JVM carries the workbench classpath twice on purpose:
 * on {@code -cp}, so Rapaio's {@code ServiceLoader} finds the workbench display provider, and in
 * {@code RJK_CLASSPATH} ({@code ;}-separated, as Rapaio splits it), so JShell can compile against it.
 *
 * <p>Needs {@code mvn package} of workbench-lib first: it reads {@code target/runtime-classpath.txt},
 * {@code target/classes} and {@code target/jupyter/rapaio-jupyter-kernel.jar}. When workbench-sweep is built
 * too, its classes and class path (the library's plus Spark) are used instead, so that lectures can run sweeps.
 */
public final class KernelInstaller {

    /** Kernel name used by {@code --ExecutePreprocessor.kernel_name} and in notebook metadata. */
    public static final String KERNEL_NAME = "jepa-workbench";
    /** Name shown in Jupyter's kernel menu. */
    public static final String DISPLAY_NAME = "Java (JEPA Workbench)";

    private KernelInstaller() {
    }

    /** {@code <root>/build/jupyter}: the value for {@code JUPYTER_PATH}. */
    public static Path jupyterPath(Path root) {
        return root.resolve("build").resolve("jupyter");
    }

    /** Installs (or refreshes) the project-local kernel spec for the project at {@code root}; returns kernel.json. */
    public static Path install(Path root) {
        return install(root, false);
    }

    /** The user's Jupyter data directory: {@code $JUPYTER_DATA_DIR}, else {@code ~/.local/share/jupyter}. */
    public static Path userJupyterDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
    }

    /**
     * Installs (or refreshes) the kernel spec in the user's Jupyter data directory, with copies of the
     * workbench jar and the Rapaio kernel jar beside it; needs {@code mvn package} of workbench-lib first.
     * Returns kernel.json.
     */
    public static Path installForUser(Path root) {
        return install(root, true);
    }

    private static Path install(Path root, boolean user) {
        root = root.toAbsolutePath().normalize();
        Path target = root.resolve("workbench-lib").resolve("target");
        Path classes = target.resolve("classes");
        Path cpFile = target.resolve("runtime-classpath.txt");
        Path kernelJar = target.resolve("jupyter").resolve("rapaio-jupyter-kernel.jar");
        for (Path p : List.of(classes, cpFile, kernelJar)) {
            WorkbenchException.require(Files.exists(p), p + " is missing; build first: mvn -q -B -o package -DskipTests -pl workbench-lib");
        }
        Path jupyterDir = user ? userJupyterDir() : jupyterPath(root);
        Path dir = jupyterDir.resolve("kernels").resolve(KERNEL_NAME);
        List<String> libCp = new ArrayList<>();
        if (user) {
            Path libJar = target.resolve("workbench-lib-" + version(target) + ".jar");
            WorkbenchException.require(Files.exists(libJar), libJar + " is missing; build first: ./workbench build");
            try {
                Files.createDirectories(dir);
                kernelJar = Files.copy(kernelJar, dir.resolve("rapaio-jupyter-kernel.jar"), StandardCopyOption.REPLACE_EXISTING);
                libCp.add(Files.copy(libJar, dir.resolve("workbench-lib.jar"), StandardCopyOption.REPLACE_EXISTING).toString());
            } catch (IOException e) {
                throw new WorkbenchException("cannot copy the kernel's jars into " + dir + ": " + e.getMessage(), e);
            }
        } else {
            libCp.add(classes.toString());
        }
        // With workbench-sweep built, its class path replaces the library's: a superset (Spark, and the one
        // Jackson/SLF4J set both modules use), so that lectures can run sweeps.
        Path sweepTarget = root.resolve("workbench-sweep").resolve("target");
        Path sweepCp = sweepTarget.resolve("runtime-classpath.txt");
        boolean sweep = Files.exists(sweepCp) && Files.isDirectory(sweepTarget.resolve("classes"));
        if (sweep) {
            Path sweepJar = sweepTarget.resolve("workbench-sweep-" + version(target) + ".jar");
            if (user && Files.exists(sweepJar)) {
                try {
                    libCp.add(Files.copy(sweepJar, dir.resolve("workbench-sweep.jar"), StandardCopyOption.REPLACE_EXISTING).toString());
                } catch (IOException e) {
                    throw new WorkbenchException("cannot copy the sweep jar into " + dir + ": " + e.getMessage(), e);
                }
            } else {
                libCp.add(sweepTarget.resolve("classes").toString());
            }
            cpFile = sweepCp;
        }
        try {
            Arrays.stream(Files.readString(cpFile).trim().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .filter(s -> !s.contains("workbench-lib" + java.io.File.separator + "target"))   // the library is already first
                    .forEach(libCp::add);
        } catch (IOException e) {
            throw new WorkbenchException("cannot read " + cpFile + ": " + e.getMessage(), e);
        }
        // Rapaio's jar first: it bundles newer commons-codec/logging than the workbench's, both backward compatible.
        String jvmCp = kernelJar + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, libCp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path cacheDir = root.resolve("build").resolve("javacpp-cache");

        List<String> argv = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dworkbench.kernel.log=" + (user ? dir : jupyterDir).resolve("kernel-launcher.log"),
                "-cp", jvmCp, KernelLauncher.class.getName(), "{connection_file}", "--"));
        argv.addAll(List.of(java, "-Xmx2g", "-Xms32m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=20",
                "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g",
                "-Dorg.bytedeco.javacpp.cachedir=" + cacheDir, "-Djava.awt.headless=true",
                "-Dworkbench.root=" + root,
                "-cp", jvmCp, "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("RJK_CLASSPATH", String.join(";", libCp));
        env.put("RJK_INIT_SCRIPT", "");          // notebooks write their own imports
        env.put("RJK_COMPILER_OPTIONS", "");
        env.put("RJK_TIMEOUT_MILLIS", "-1");     // training cells may run long; nbconvert has its own timeout
        env.put("RJK_MIMA_CACHE", (user ? dir : jupyterDir).resolve("mima-cache").toString());
        env.put("OMP_WAIT_POLICY", "passive");
        env.put(Lecture.ROOT_ENV, root.toString());

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");   // Rapaio handles interrupt_request on the control channel
        spec.put("env", env);

        Path file = dir.resolve("kernel.json");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(dir, "kernel", ".json.tmp");
            Files.writeString(tmp, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec),
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WorkbenchException("cannot write kernel spec " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The project version, from the jar Maven built (workbench-lib-VERSION.jar). */
    private static String version(Path target) {
        try (var s = Files.list(target)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("workbench-lib-.+\\.jar") && !n.endsWith("-sources.jar"))
                    .map(n -> n.substring("workbench-lib-".length(), n.length() - 4)).findFirst()
                    .orElseThrow(() -> new WorkbenchException("no workbench-lib jar in " + target + "; build first: ./workbench build"));
        } catch (IOException e) {
            throw new WorkbenchException("cannot list " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Installs the kernel spec for the project at {@code args[0]} (default: {@link Lecture#root()});
     * {@code --user} installs it in the user's Jupyter data directory instead of the project.
     */
    public static void main(String[] args) {
        boolean user = List.of(args).contains("--user");
        Path root = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst().map(Path::of).orElseGet(Lecture::root);
        Path file = user ? installForUser(root) : install(root);
        System.out.println("Installed kernel '" + KERNEL_NAME + "' (" + DISPLAY_NAME + "): " + file);
        if (!user) System.out.println("Use it with: JUPYTER_PATH=" + jupyterPath(root.toAbsolutePath().normalize()) + " /usr/bin/jupyter ...");
    }
}
