package org.jepa.workbench.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jepa.workbench.WorkbenchException;

/**
 * What a lecture notebook needs to know about where and how it runs: the project root and the scale
 * knob {@code WORKBENCH_SCALE} ({@code small}, the default: a lecture finishes in about 2–3 minutes on
 * 2 cores; {@code full}: longer runs, more accurate numbers).
 *
 * <pre>{@code
 * int epochs = Lecture.pick(5, 50);          // 5 under WORKBENCH_SCALE=small, 50 under full
 * }</pre>
 */
public final class Lecture {

    /** Environment variable selecting the scale. */
    public static final String SCALE_ENV = "WORKBENCH_SCALE";
    /** Environment variable (set in the kernel spec) naming the project root. */
    public static final String ROOT_ENV = "WORKBENCH_ROOT";

    static {
        org.jepa.workbench.FirstUse.run(); // often the first workbench class a notebook touches
    }

    /** How much compute a lecture may spend. */
    public enum Scale { SMALL, FULL }

    private Lecture() {
    }

    /** The scale from {@code WORKBENCH_SCALE}; {@link Scale#SMALL} when unset. */
    public static Scale scale() {
        return parseScale(System.getenv(SCALE_ENV));
    }

    /** Parses a scale name ({@code small} / {@code full}, any case); null or blank means small. */
    public static Scale parseScale(String value) {
        if (value == null || value.isBlank()) return Scale.SMALL;
        try {
            return Scale.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WorkbenchException(SCALE_ENV + "='" + value + "' is not a scale; expected 'small' or 'full'");
        }
    }

    /** {@code small} under the small scale, {@code full} under the full one. */
    public static <T> T pick(T small, T full) {
        return scale() == Scale.FULL ? full : small;
    }

    /** {@code small} under the small scale, {@code full} under the full one. */
    public static int pick(int small, int full) {
        return scale() == Scale.FULL ? full : small;
    }

    /**
     * The project root: {@code WORKBENCH_ROOT}, else the system property {@code workbench.root}, else the
     * nearest directory at or above the working directory that holds {@code workbench-lib/}.
     */
    public static Path root() {
        String env = System.getenv(ROOT_ENV);
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        String prop = System.getProperty("workbench.root");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath().normalize();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("workbench-lib"))) return p;
        }
        throw new WorkbenchException("cannot find the project root: set " + ROOT_ENV
                + " or run from inside the project (a directory holding workbench-lib/)");
    }
}
