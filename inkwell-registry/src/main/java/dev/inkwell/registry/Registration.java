package dev.inkwell.registry;

import dev.inkwell.core.SortedMaps;
import dev.inkwell.model.ModelRef;
import java.util.Map;
import java.util.Objects;

/**
 * What to register: a model (any reference: a folder, an {@code .onnx} file, a bundled name, another registered
 * version) under {@code name}, how it was made, and optionally an alias to point at the new version.
 */
public record Registration(String name, ModelRef from, VersionSource source, String alias, Map<String, String> tags,
                           String description, ApprovalStatus status) {
    public Registration {
        RegistryNames.model(name);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(source, "source");
        if (alias != null) RegistryNames.alias(alias);
        tags = tags == null ? Map.of() : SortedMaps.copyOf(tags);
        status = status == null ? ApprovalStatus.PENDING : status;
    }

    public static Registration of(String name, ModelRef from, VersionSource source) {
        return new Registration(name, from, source, null, Map.of(), null, ApprovalStatus.PENDING);
    }

    public Registration withAlias(String value) {
        return new Registration(name, from, source, value, tags, description, status);
    }

    public Registration withStatus(ApprovalStatus value) {
        return new Registration(name, from, source, alias, tags, description, value);
    }

    public Registration withTags(Map<String, String> value) {
        return new Registration(name, from, source, alias, value, description, status);
    }
}
