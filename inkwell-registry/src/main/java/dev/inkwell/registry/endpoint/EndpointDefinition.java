package dev.inkwell.registry.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.registry.RegistryNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an endpoint serves: one or more weighted production variants, an optional shadow, traffic capture, and whether
 * only approved registered versions may be deployed on it. Stored as one JSON document per revision.
 */
public record EndpointDefinition(String name, List<Variant> variants, Shadow shadow, CaptureSettings capture, boolean requireApproved) {
    public EndpointDefinition {
        RegistryNames.endpoint(name);
        if (variants == null || variants.isEmpty()) throw new InvalidInputException("endpoint " + name + ": at least one variant is needed");
        variants = List.copyOf(variants);
        capture = capture == null ? CaptureSettings.OFF : capture;
        Set<String> names = new HashSet<>();
        for (Variant v : variants) {
            if (!names.add(v.name())) throw new InvalidInputException("endpoint " + name + ": two variants are named " + v.name());
        }
        if (shadow != null && names.contains(shadow.name())) {
            throw new InvalidInputException("endpoint " + name + ": the shadow is named like variant " + shadow.name());
        }
        for (String captured : capture.variants().keySet()) {
            if (!names.contains(captured) && (shadow == null || !shadow.name().equals(captured))) {
                throw new InvalidInputException("endpoint " + name + ": capture names variant " + captured + ", which it does not have");
            }
        }
        if (variants.stream().mapToLong(Variant::weight).sum() <= 0) {
            throw new InvalidInputException("endpoint " + name + ": the variants' weights add up to 0: no request could be answered");
        }
    }

    /** One variant taking all traffic. */
    public static EndpointDefinition single(String name, String model) {
        return new EndpointDefinition(name, List.of(new Variant("main", model, 1)), null, CaptureSettings.OFF, false);
    }

    public EndpointDefinition withCapture(CaptureSettings value) {
        return new EndpointDefinition(name, variants, shadow, value, requireApproved);
    }
}
