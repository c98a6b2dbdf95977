package dev.inkwell.workflow;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared/ folder: the root pom's {@code inkwell.shared} property, INKWELL_SHARED, or ../shared. */
final class SharedData {
    private SharedData() {}

    static Path root() {
        String property = System.getProperty("inkwell.shared");
        if (property != null && Files.isDirectory(Path.of(property))) return Path.of(property);
        String env = System.getenv("INKWELL_SHARED");
        if (env != null && Files.isDirectory(Path.of(env))) return Path.of(env);
        for (Path p : new Path[] {Path.of("../shared"), Path.of("../../shared")}) {
            if (Files.isDirectory(p)) return p;
        }
        throw new IllegalStateException("shared/ not found: set -Dinkwell.shared or INKWELL_SHARED");
    }
}
