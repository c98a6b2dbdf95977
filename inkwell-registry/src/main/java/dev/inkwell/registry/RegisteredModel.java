package dev.inkwell.registry;

import dev.inkwell.core.SortedMaps;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registered model: its versions (oldest first) and where each alias points now. */
public record RegisteredModel(String name, String description, Instant createdAt, List<ModelVersion> versions,
                              Map<String, Integer> aliases) {
    public RegisteredModel {
        versions = List.copyOf(versions);
        aliases = SortedMaps.copyOf(aliases);
    }

    public ModelVersion latest() {
        return versions.getLast();
    }
}
