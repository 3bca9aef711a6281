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
 * Writes the project-local Jupyter kernel spec {@code build/jupyter/kernels/jepa-workbench/kernel.json}
 * (used through {@code JUPYTER_PATH=<root>/build/jupyter}; nothing is written under the user's home).
 *
 * <p>The spec starts {@link KernelLauncher}, which starts the Rapaio kernel as a child JVM and relaunches
 * it when it loses its start-up race. The kernel JVM carries the workbench classpath twice on purpose:
 * on {@code -cp}, so Rapaio's {@code ServiceLoader} finds the workbench display provider, and in
 * {@code RJK_CLASSPATH} ({@code ;}-separated, as Rapaio splits it), so JShell can compile against it.
 *
 * <p>Needs {@code mvn package} of workbench-lib first: it reads {@code target/runtime-classpath.txt},
 * {@code target/classes} and {@code target/jupyter/rapaio-jupyter-kernel.jar}.
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

    /** Installs (or refreshes) the kernel spec for the project at {@code root}; returns kernel.json. */
    public static Path install(Path root) {
        root = root.toAbsolutePath().normalize();
        Path target = root.resolve("workbench-lib").resolve("target");
        Path classes = target.resolve("classes");
        Path cpFile = target.resolve("runtime-classpath.txt");
        Path kernelJar = target.resolve("jupyter").resolve("rapaio-jupyter-kernel.jar");
        for (Path p : List.of(classes, cpFile, kernelJar)) {
            WorkbenchException.require(Files.exists(p), p + " is missing; build first: mvn -q -B -o package -DskipTests -pl workbench-lib");
        }
        List<String> libCp = new ArrayList<>();
        libCp.add(classes.toString());
        try {
            Arrays.stream(Files.readString(cpFile).trim().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank()).forEach(libCp::add);
        } catch (IOException e) {
            throw new WorkbenchException("cannot read " + cpFile + ": " + e.getMessage(), e);
        }
        // Rapaio's jar first: it bundles newer commons-codec/logging than the workbench's, both backward compatible.
        String jvmCp = kernelJar + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, libCp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jupyterDir = jupyterPath(root);
        Path cacheDir = root.resolve("build").resolve("javacpp-cache");

        List<String> argv = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dworkbench.kernel.log=" + jupyterDir.resolve("kernel-launcher.log"),
                "-cp", jvmCp, KernelLauncher.class.getName(), "{connection_file}", "--"));
        argv.addAll(List.of(java, "-Xmx2g",
                "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g",
                "-Dorg.bytedeco.javacpp.cachedir=" + cacheDir, "-Djava.awt.headless=true",
                "-Dworkbench.root=" + root,
                "-cp", jvmCp, "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("RJK_CLASSPATH", String.join(";", libCp));
        env.put("RJK_INIT_SCRIPT", "");          // notebooks write their own imports
        env.put("RJK_COMPILER_OPTIONS", "");
        env.put("RJK_TIMEOUT_MILLIS", "-1");     // training cells may run long; nbconvert has its own timeout
        env.put("RJK_MIMA_CACHE", jupyterDir.resolve("mima-cache").toString());
        env.put("OMP_WAIT_POLICY", "passive");
        env.put(Lecture.ROOT_ENV, root.toString());

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");   // Rapaio handles interrupt_request on the control channel
        spec.put("env", env);

        Path dir = jupyterDir.resolve("kernels").resolve(KERNEL_NAME);
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

    /** Installs the kernel spec for the project at {@code args[0]} (default: {@link Lecture#root()}). */
    public static void main(String[] args) {
        Path root = args.length > 0 ? Path.of(args[0]) : Lecture.root();
        Path file = install(root);
        System.out.println("Installed kernel '" + KERNEL_NAME + "' (" + DISPLAY_NAME + "): " + file);
        System.out.println("Use it with: JUPYTER_PATH=" + jupyterPath(root.toAbsolutePath().normalize()) + " /usr/bin/jupyter ...");
    }
}
