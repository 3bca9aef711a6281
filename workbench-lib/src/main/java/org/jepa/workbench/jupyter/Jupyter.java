package org.jepa.workbench.jupyter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jepa.workbench.WorkbenchException;

/**
 * Locates Jupyter. The project uses Debian's packages only (PyPI is not reachable on the project's
 * machines), always through {@code /usr/bin/jupyter}: a {@code python3} earlier on PATH may be a
 * different interpreter without Jupyter.
 */
public final class Jupyter {

    /** The only Jupyter executable the workbench calls. */
    public static final Path JUPYTER = Path.of("/usr/bin/jupyter");

    /** Debian packages for headless execution. */
    public static final List<String> HEADLESS_PACKAGES = List.of("jupyter-nbconvert", "jupyter-client");
    /** Debian packages for the interactive server. */
    public static final List<String> INTERACTIVE_PACKAGES = List.of("jupyter-nbconvert", "jupyter-client", "jupyter-notebook");

    private Jupyter() {
    }

    /** The exact command that installs {@code packages}. */
    public static String installCommand(List<String> packages) {
        return "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + String.join(" ", packages);
    }

    /** Whether {@code /usr/bin/jupyter-<sub>} exists (e.g. {@code nbconvert}, {@code notebook}). */
    public static boolean has(String subcommand) {
        return Files.isExecutable(Path.of("/usr/bin/jupyter-" + subcommand));
    }

    /**
     * Makes sure {@code /usr/bin/jupyter-<sub>} exists for every subcommand: installs the Debian packages
     * when running as root, otherwise throws a {@link WorkbenchException} that gives the exact command.
     */
    public static void ensure(List<String> packages, String... subcommands) {
        boolean missing = false;
        for (String s : subcommands) missing |= !has(s);
        if (!missing) return;
        if (!isRoot()) {
            throw new WorkbenchException("Jupyter is missing (" + String.join(", ", subcommands)
                    + "); install it with:\n  " + installCommand(packages));
        }
        System.err.println("[workbench] installing Jupyter from Debian packages: " + String.join(" ", packages));
        run(List.of("apt-get", "update", "-qq"));
        run(concat(List.of("apt-get", "install", "-y", "--no-install-recommends"), packages));
        for (String s : subcommands) {
            WorkbenchException.require(has(s), "apt-get installed " + packages + " but /usr/bin/jupyter-" + s + " is still missing");
        }
    }

    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            int rc = p.waitFor();
            WorkbenchException.require(rc == 0, String.join(" ", cmd) + " failed with exit code " + rc);
        } catch (IOException e) {
            throw new WorkbenchException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkbenchException("interrupted while running " + String.join(" ", cmd), e);
        }
    }
}
