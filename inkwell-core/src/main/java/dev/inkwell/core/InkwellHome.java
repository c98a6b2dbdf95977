package dev.inkwell.core;

import java.nio.file.Path;

/** The embedded default's home folder: the SQLite store, caches, fetched datasets. */
public final class InkwellHome {
    private InkwellHome() {
    }

    /** {@code $INKWELL_HOME}, or {@code ./inkwell-data} when unset or blank. */
    public static Path path() {
        String home = System.getenv("INKWELL_HOME");
        return home == null || home.isBlank() ? Path.of("inkwell-data") : Path.of(home);
    }

    /** {@code $INKWELL_HOME/cache}: what can be made again (extracted models and native libraries, digests, downloads). */
    public static Path cache() {
        return path().resolve("cache");
    }
}
