package org.jepa.workbench.jupyter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.notebook.Lecture;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Executes lecture notebooks headless with the workbench kernel and writes, per notebook, into
 * {@code build/lectures/}: the executed {@code <name>.ipynb}, {@code <name>.html} (with code),
 * {@code <name>-handout.html} (outputs only) and {@code <name>.log} (nbconvert's and the kernel's output).
 * A notebook fails when nbconvert fails or any cell has an error output (named by cell index).
 *
 * <p>Usage: {@code LectureRunner [notebook.ipynb ...]} — default: every {@code notebooks/*.ipynb}. Honours
 * {@code WORKBENCH_SCALE} (passed on to the kernel) and {@code WORKBENCH_CELL_TIMEOUT} (seconds per cell;
 * default 900 at small scale, 14400 at full). Exit code 1 when a notebook failed.
 */
public final class LectureRunner {

    /** One notebook's outcome. */
    public record Result(String notebook, String status, double seconds, NotebookScan scan, Path executed) {
        public boolean ok() {
            return status.equals("ok");
        }
    }

    private final Path root;
    private final Path outDir;
    private final int cellTimeoutSeconds;

    /** A runner for the project at {@code root}, writing into {@code root/build/lectures}. */
    public LectureRunner(Path root, int cellTimeoutSeconds) {
        this(root, root.toAbsolutePath().normalize().resolve("build").resolve("lectures"), cellTimeoutSeconds);
    }

    /** A runner for the project at {@code root}, writing into {@code outDir}. */
    public LectureRunner(Path root, Path outDir, int cellTimeoutSeconds) {
        WorkbenchException.require(cellTimeoutSeconds > 0, "cell timeout must be > 0 s, got " + cellTimeoutSeconds);
        this.root = root.toAbsolutePath().normalize();
        this.outDir = outDir.toAbsolutePath().normalize();
        this.cellTimeoutSeconds = cellTimeoutSeconds;
    }

    /** Installs Jupyter (if root; else explains how) and the kernel spec. */
    public void prepare() {
        Jupyter.ensure(Jupyter.HEADLESS_PACKAGES, "nbconvert");
        KernelInstaller.install(root);
    }

    /**
     * The last {@code lines} lines of the log of {@code r}'s run (nbconvert's and the kernel's output), so that a test
     * that fails can say why after its temporary output is gone.
     */
    public String logTail(Result r, int lines) {
        Path log = logOf(r.notebook());
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    private Path logOf(String stem) {
        return outDir.resolve(stem + ".log");
    }

    /** Executes one notebook and converts it to HTML twice; never throws for a failing notebook. */
    public Result run(Path notebook) {
        String stem = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path executed = outDir.resolve(stem + ".ipynb");
        Path log = logOf(stem);
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(outDir);
            Files.deleteIfExists(executed);
            Files.deleteIfExists(log);
            int rc = nbconvert(log, "--to", "notebook", "--execute", "--allow-errors",
                    "--ExecutePreprocessor.kernel_name=" + KernelInstaller.KERNEL_NAME,
                    "--ExecutePreprocessor.timeout=" + cellTimeoutSeconds,
                    "--ExecutePreprocessor.startup_timeout=300",
                    "--output-dir", outDir.toString(), "--output", stem, notebook.toAbsolutePath().toString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (rc != 0 || !Files.exists(executed)) {
                return new Result(stem, "FAILED: nbconvert exit code " + rc + " (see " + log + ")",
                        seconds, null, null);
            }
            NotebookScan scan = NotebookScan.of(executed);
            nbconvert(log, "--to", "html", "--output-dir", outDir.toString(), "--output", stem, executed.toString());
            nbconvert(log, "--to", "html", "--no-input", "--output-dir", outDir.toString(), "--output", stem + "-handout",
                    executed.toString());
            String status = scan.ok() ? "ok" : "ERROR in " + scan.errors().get(0)
                    + (scan.errors().size() > 1 ? " (+" + (scan.errors().size() - 1) + " more)" : "");
            return new Result(stem, status, seconds, scan, executed);
        } catch (IOException e) {
            return new Result(stem, "FAILED: " + e.getMessage(), (System.nanoTime() - t0) / 1e9, null, null);
        }
    }

    private int nbconvert(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Jupyter.JUPYTER.toString(), "nbconvert"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("JUPYTER_PATH", KernelInstaller.jupyterPath(root).toString());
        try {
            return pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The lectures in {@code <root>/notebooks}: every {@code NN-*.ipynb} but the smoke notebook, sorted. */
    public static List<Path> lectures(Path root) {
        try (java.util.stream.Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb"))
                    .filter(p -> !p.getFileName().toString().equals("00-smoke.ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new WorkbenchException("cannot list " + root.resolve("notebooks") + ": " + e.getMessage(), e);
        }
    }

    /**
     * True for a notebook that runs sweeps (it imports {@code org.jepa.workbench.sweep}): it needs the
     * workbench-sweep module, which is built after the library.
     */
    public static boolean usesSweeps(Path notebook) {
        try {
            return Files.readString(notebook).contains("import org.jepa.workbench.sweep.");
        } catch (IOException e) {
            throw new WorkbenchException("cannot read " + notebook + ": " + e.getMessage(), e);
        }
    }

    /** The summary: notebook, status, cells, images, tables, seconds. */
    public static Table summary(List<Result> results) {
        StringColumn name = StringColumn.create("notebook");
        StringColumn status = StringColumn.create("status");
        IntColumn cells = IntColumn.create("cells");
        IntColumn images = IntColumn.create("images");
        IntColumn tables = IntColumn.create("tables");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (Result r : results) {
            name.append(r.notebook());
            status.append(r.status());
            if (r.scan() == null) {
                cells.appendMissing();
                images.appendMissing();
                tables.appendMissing();
            } else {
                cells.append(r.scan().cells());
                images.append(r.scan().images());
                tables.append(r.scan().htmlTables());
            }
            seconds.append(Math.round(r.seconds() * 10) / 10.0);
        }
        return Table.create("lectures (" + Lecture.scale().name().toLowerCase() + " scale)", name, status, cells, images, tables, seconds);
    }

    /** The notebooks to run: the arguments, or every {@code notebooks/*.ipynb} in name order. */
    static List<Path> notebooks(Path root, String[] args) throws IOException {
        if (args.length > 0) {
            List<Path> list = new ArrayList<>();
            for (String a : args) {
                Path p = Path.of(a);
                if (!p.isAbsolute() && !Files.exists(p)) p = root.resolve("notebooks").resolve(a);
                WorkbenchException.require(Files.isRegularFile(p), "no such notebook: " + a);
                list.add(p);
            }
            return list;
        }
        Path dir = root.resolve("notebooks");
        WorkbenchException.require(Files.isDirectory(dir), "no notebooks directory: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static int cellTimeout() {
        String env = System.getenv("WORKBENCH_CELL_TIMEOUT");
        if (env != null && !env.isBlank()) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new WorkbenchException("WORKBENCH_CELL_TIMEOUT='" + env + "' is not a number of seconds");
            }
        }
        return Lecture.pick(900, 14_400);
    }

    public static void main(String[] args) throws IOException {
        Path root = Lecture.root();
        LectureRunner runner = new LectureRunner(root, cellTimeout());
        runner.prepare();
        List<Path> notebooks = notebooks(root, args);
        WorkbenchException.require(!notebooks.isEmpty(), "no notebooks to run in " + root.resolve("notebooks"));
        List<Result> results = new ArrayList<>();
        for (Path nb : notebooks) {
            System.out.println("[lectures] running " + root.relativize(nb.toAbsolutePath().normalize()) + " ...");
            Result r = runner.run(nb);
            System.out.println("[lectures] " + r.notebook() + ": " + r.status() + " (" + String.format("%.1f", r.seconds()) + " s)");
            results.add(r);
        }
        System.out.println(summary(results).printAll());
        System.out.println("Outputs: " + runner.outDir + " (<name>.html with code, <name>-handout.html without)");
        System.exit(results.stream().allMatch(Result::ok) ? 0 : 1);
    }
}
