package dev.inkwell.monitor.stats;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.Json;
import java.nio.file.Path;
import java.util.List;

/** Model Monitor's {@code constraint_violations.json}: {@code {"violations": [...]}}. */
public record ConstraintViolations(List<Violation> violations) {
    public ConstraintViolations {
        violations = List.copyOf(violations);
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, this));
    }
}
