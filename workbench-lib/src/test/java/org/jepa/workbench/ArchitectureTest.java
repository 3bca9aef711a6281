package org.jepa.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house: every package of the library imports only packages on a lower floor, so there is no upward
 * and no circular import. Floors, from the ground: the root (errors, backend); data and the callback
 * contract; model parts; objectives and diagnostics; the training loop and evaluation; JEPAs and energy
 * models (both trained by the one loop); world models and planning, and video models (both built on the JEPA); plots; the notebook API; the Jupyter tooling. Packages on the same
 * floor do not import each other either (diagnostics is not the loop's, energy is not a JEPA).
 */
class ArchitectureTest {
    static final Map<String, Integer> FLOOR = Map.ofEntries(
            Map.entry("", 0),
            Map.entry("data", 1), Map.entry("callback", 1),
            Map.entry("model", 2),
            Map.entry("objective", 3), Map.entry("diagnostics", 3),
            Map.entry("train", 4), Map.entry("eval", 4),
            Map.entry("jepa", 5), Map.entry("energy", 5),
            Map.entry("world", 6), Map.entry("video", 6),
            Map.entry("plot", 7),
            Map.entry("notebook", 8),
            Map.entry("jupyter", 9));
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.jepa\\.workbench\\.(\\w+)\\.", Pattern.MULTILINE);
    static final Pattern ROOT_IMPORT = Pattern.compile("^import (?:static )?org\\.jepa\\.workbench\\.([A-Z]\\w*)", Pattern.MULTILINE);
    static final Pattern QUALIFIED = Pattern.compile("[^.\\w]org\\.jepa\\.workbench\\.([a-z]\\w*)\\.[A-Z]");

    @Test
    void everyImportGoesDownAFloor() throws IOException {
        Path src = Path.of(System.getProperty("workbench.root", "..")).resolve("workbench-lib/src/main/java/org/jepa/workbench");
        List<String> violations = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = src.relativize(f.getParent());
                String pkg = rel.toString().replace('/', '.');
                packages.add(pkg);
                Integer floor = FLOOR.get(pkg);
                if (floor == null) {
                    violations.add(pkg + " (" + f.getFileName() + ") is on no floor: add it to ArchitectureTest.FLOOR");
                    continue;
                }
                String text = Files.readString(f);
                List<String> targets = new ArrayList<>();
                for (Matcher m = IMPORT.matcher(text); m.find(); ) targets.add(m.group(1));
                for (Matcher m = QUALIFIED.matcher(text); m.find(); ) targets.add(m.group(1));
                for (Matcher m = ROOT_IMPORT.matcher(text); m.find(); ) targets.add("");
                for (String t : targets) {
                    if (t.equals(pkg)) continue;
                    Integer tf = FLOOR.get(t);
                    if (tf == null || tf >= floor) {
                        violations.add(f.getFileName() + " in '" + pkg + "' (floor " + floor + ") imports '" + t + "' (floor " + tf + ")");
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "imports that do not go down a floor:\n" + String.join("\n", violations));
        assertEquals(new TreeSet<>(FLOOR.keySet()), packages, "every package has a floor, and every floor a package");
    }
}
