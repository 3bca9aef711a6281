package org.jepa.workbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {

    @Test
    void specLaunchesRapaioThroughTheLauncherWithTheWorkbenchClasspath(@TempDir Path root) throws Exception {
        Path target = Files.createDirectories(root.resolve("workbench-lib/target"));
        Files.createDirectories(target.resolve("classes"));
        Files.createDirectories(target.resolve("jupyter"));
        Files.writeString(target.resolve("jupyter/rapaio-jupyter-kernel.jar"), "");
        Files.writeString(target.resolve("runtime-classpath.txt"), "/m2/a.jar:/m2/b.jar\n");

        Path file = KernelInstaller.install(root);
        assertEquals(root.resolve("build/jupyter/kernels/jepa-workbench/kernel.json"), file);
        JsonNode spec = new ObjectMapper().readTree(file.toFile());
        assertEquals("Java (JEPA Workbench)", spec.path("display_name").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());
        List<String> argv = new ArrayList<>();
        spec.path("argv").forEach(n -> argv.add(n.asText()));
        int sep = argv.indexOf("--");
        assertEquals(KernelLauncher.class.getName(), argv.get(sep - 2));
        assertEquals("{connection_file}", argv.get(sep - 1));
        assertEquals("org.rapaio.jupyter.kernel.MainApp", argv.get(argv.size() - 2));
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
        List<String> kernelJvm = argv.subList(sep + 1, argv.size());
        assertTrue(kernelJvm.contains("-Xmx2g") && kernelJvm.contains("-Djava.awt.headless=true"), kernelJvm.toString());
        assertTrue(kernelJvm.contains("-XX:+UseSerialGC") && kernelJvm.contains("-Xms32m") && kernelJvm.contains("-XX:MaxHeapFreeRatio=20")
                && kernelJvm.contains("-XX:MinHeapFreeRatio=5"), "the launcher's collector and heap sizing: " + kernelJvm);
        assertTrue(kernelJvm.contains("-Dorg.bytedeco.javacpp.cachedir=" + root.toRealPath().resolve("build/javacpp-cache"))
                || kernelJvm.contains("-Dorg.bytedeco.javacpp.cachedir=" + root.toAbsolutePath().normalize().resolve("build/javacpp-cache")));
        JsonNode env = spec.path("env");
        assertEquals(target.resolve("classes").toAbsolutePath() + ";/m2/a.jar;/m2/b.jar", env.path("RJK_CLASSPATH").asText());
        assertEquals("passive", env.path("OMP_WAIT_POLICY").asText());
        assertEquals("", env.path("RJK_INIT_SCRIPT").asText());
    }

    @Test
    void missingBuildIsOneClearError(@TempDir Path root) {
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> KernelInstaller.install(root));
        assertTrue(e.getMessage().contains("mvn -q -B -o package"), e.getMessage());
    }

    @Test
    void launcherRecognisesRapaiosDeadLoopThread() {
        String line = "Exception in thread \"Shell-0\" java.lang.NullPointerException: Cannot invoke "
                + "\"java.util.Map.get(Object)\" because \"this.handlers\" is null";
        assertTrue(KernelLauncher.LOOP_THREAD_DIED.matcher(line).find());
        assertTrue(!KernelLauncher.LOOP_THREAD_DIED.matcher("Exception in thread \"main\" x").find());
    }
}
