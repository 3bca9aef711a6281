package org.jepa.workbench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

class BackendTest {

    @Test
    void reportsTheCpuBackendItRunsOn() {
        Backend b = Backend.current();
        assertEquals(Backend.Kind.CPU, b.kind());
        assertEquals("OPENBLAS", b.blasVendor());
        assertTrue(b.threads() >= 1, "threads " + b.threads());
        assertTrue(b.memoryBytes() > 0);
        assertFalse(b.features().isBlank());
        // the CPU build's natives are ND4J's oneDNN build (pom: nd4j.natives), and they are the ones that run
        assertTrue(b.features().contains("with oneDNN"), b.features());
        // ND4J really computes on it
        assertEquals(6.0, Nd4j.createFromArray(1.0, 2.0, 3.0).sumNumber().doubleValue(), 0.0);
        Table t = b.table();
        assertEquals(2, t.columnCount());
        assertEquals("CPU", t.stringColumn("value").get(0));
        assertTrue(b.toString().startsWith("CPU · "), b.toString());
    }

    /** WORKBENCH_BACKEND is checked at the library's first use of ND4J, not only where Backend.current() is called. */
    @Test
    void aBackendRequestIsCheckedWhenTheFirstModelIsBuilt() throws Exception {
        String out = childJvm(BackendRequestMain.class, Backend.ENV_BACKEND, "cuda", 3);
        assertTrue(out.contains("CUDA was requested") && out.contains("-Pcuda"), out);
    }

    /** Runs {@code main} in a JVM of its own with {@code key=value} in its environment; its output, after checking its exit code. */
    private static String childJvm(Class<?> main, String key, String value, int exitCode) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) cmd.add(1, "-Dorg.bytedeco.javacpp.cachedir=" + cache);
        cmd.add(main.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(key, value);
        pb.environment().put("OMP_WAIT_POLICY", "passive");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(exitCode, p.exitValue(), out);
        return out;
    }

    /** The products are where the report says: oneDNN prints a line for each product it runs under DNNL_VERBOSE=1. */
    @Test
    void productsRunWhereTheReportSays() throws Exception {
        String out = childJvm(ProductsMain.class, "DNNL_VERBOSE", "1", 0);
        int f = out.indexOf("== FLOAT"), d = out.indexOf("== DOUBLE"), end = out.indexOf("== end");
        assertTrue(f >= 0 && d > f && end > d, out);
        String floatPart = out.substring(f, d), doublePart = out.substring(d, end);
        boolean oneDnn = out.contains("products: oneDNN");
        assertEquals(Backend.current().products().startsWith("oneDNN"), oneDnn, out);
        assertEquals(oneDnn, floatPart.contains("exec,cpu,matmul"), out);
        assertFalse(doublePart.contains("exec,cpu,matmul"), out);
        // this build's natives are the oneDNN ones (pom: nd4j.natives), so the float product must have gone there
        assertTrue(oneDnn, out);
    }

    @Test
    void askingForCudaOnACpuBuildSaysHowToSwitch() {
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Backend.require(Backend.Kind.CUDA));
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        assertTrue(e.getMessage().contains("CPU backend"), e.getMessage());
    }

    @Test
    void unknownBackendNameIsRejected() {
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Backend.parseKind("tpu"));
        assertTrue(e.getMessage().contains("tpu"));
        assertEquals(Backend.Kind.CUDA, Backend.parseKind(" CUDA "));
    }

    /**
     * A CUDA build on a GPU-less machine fails inside ND4J's static initialisation; CI has no GPU and no
     * CUDA build, so the failure chain is reproduced here as ND4J raises it (UnsatisfiedLinkError for
     * libcuda.so.1 under a NoAvailableBackendException) and the translation is checked.
     */
    @Test
    void cudaBuildWithoutGpuBecomesOneClearSentence() {
        Throwable nd4j = new RuntimeException("org.nd4j.linalg.factory.Nd4jBackend$NoAvailableBackendException: "
                + "Please ensure that you have an nd4j backend on your classpath.",
                new UnsatisfiedLinkError("no jnind4jcuda in java.library.path: libcuda.so.1: cannot open shared "
                        + "object file: No such file or directory"));
        String msg = Backend.explainFailure(nd4j);
        assertTrue(msg.startsWith("The CUDA backend is built in, but no usable NVIDIA GPU"), msg);
        assertTrue(msg.contains("without -Pcuda"), msg);
        assertFalse(msg.contains("\n"), "one line: " + msg);
    }

    @Test
    void missingCpuNativesAreNamed() {
        String msg = Backend.explainFailure(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
        assertTrue(msg.contains("linux-x86_64"), msg);
    }
}
