package dev.inkwell.registry;

import dev.inkwell.core.SortedMaps;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.model.ModelRef;
import java.time.Instant;
import java.util.Map;

/**
 * One immutable registered version: its number within the model, the SHA-256 of its ONNX file (which also addresses
 * its artifacts in the registry's bucket), its card, how it was made, its approval status and tags.
 */
public record ModelVersion(String name, int version, String sha256, String artifact, ModelCard card, VersionSource source,
                           ApprovalStatus status, Map<String, String> tags, Instant createdAt) {
    public ModelVersion {
        tags = SortedMaps.copyOf(tags);
    }

    /** The reference that names exactly this version: {@code registry:NAME:VERSION}. */
    public ModelRef ref() {
        return new ModelRef.RegistryVersion(name, Integer.toString(version));
    }

    /** {@code NAME:VERSION}, for messages and answers. */
    public String label() {
        return name + ":" + version;
    }
}
