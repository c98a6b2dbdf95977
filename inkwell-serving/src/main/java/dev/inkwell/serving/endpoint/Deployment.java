package dev.inkwell.serving.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * What an endpoint serves at one moment, never changed once made: a deploy builds a new one beside it and swaps.
 * Requests pick a variant by weight, or the one they pin by name; the shadow, when there is one, hears a sampled copy.
 *
 * @param revision the stored definition's revision (0 for endpoints given on the command line)
 */
public record Deployment(EndpointDefinition definition, int revision, List<DeployedVariant> variants, DeployedVariant shadow,
                         Instant deployedAt) {
    public Deployment {
        variants = List.copyOf(variants);
    }

    public CaptureSettings capture() {
        return definition.capture();
    }

    public double shadowPercent() {
        return definition.shadow() == null ? 0 : definition.shadow().percent();
    }

    /** The variant {@code pinned} names, or one chosen by weight when {@code pinned} is null or blank. */
    public DeployedVariant choose(String pinned, RandomGenerator random) {
        if (pinned != null && !pinned.isBlank()) {
            for (DeployedVariant v : variants) {
                if (v.name().equals(pinned)) return v;
            }
            throw new InvalidInputException("endpoint " + definition.name() + " has no variant '" + pinned + "' (it has "
                    + String.join(", ", variants.stream().map(DeployedVariant::name).toList()) + ")");
        }
        if (variants.size() == 1) return variants.getFirst();
        long total = 0;
        for (DeployedVariant v : variants) total += v.weight();
        long pick = random.nextLong(total);
        for (DeployedVariant v : variants) {
            pick -= v.weight();
            if (pick < 0) return v;
        }
        return variants.getLast();
    }

    /** Every loaded model of this deployment, the shadow's included. */
    List<LoadedModel> models() {
        return shadow == null ? variants.stream().map(DeployedVariant::loaded).toList()
                : Stream.concat(variants.stream(), Stream.of(shadow)).map(DeployedVariant::loaded).toList();
    }
}
